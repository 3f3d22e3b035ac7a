import { readInappContent } from './inapp.content';

describe('readInappContent', () => {
  it('reads the subject and body', () => {
    expect(readInappContent({ subject: 'Shipped', body: 'Order 2891 left' })).toEqual({
      subject: 'Shipped',
      body: 'Order 2891 left',
    });
  });

  it('keeps an empty subject as given', () => {
    expect(readInappContent({ subject: '', body: 'Order 2891 left' })).toEqual({
      subject: '',
      body: 'Order 2891 left',
    });
  });

  it('leaves out a subject that is not text', () => {
    expect(readInappContent({ subject: null, body: 'Order 2891 left' })).toEqual({
      body: 'Order 2891 left',
    });
  });

  it('has nothing to show without a text body', () => {
    expect(readInappContent({ subject: 'Shipped' })).toBeUndefined();
    expect(readInappContent({ body: 42 })).toBeUndefined();
  });
});
