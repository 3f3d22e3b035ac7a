import { readInappContent } from './inapp.content';

describe('readInappContent', () => {
  it.each([
    [
      { subject: 'Shipped', body: 'Order 2891 left' },
      { subject: 'Shipped', body: 'Order 2891 left' },
    ],
    [
      { subject: '', body: 'Order 2891 left' },
      { subject: '', body: 'Order 2891 left' },
    ],
    [{ subject: null, body: 'Order 2891 left' }, { body: 'Order 2891 left' }],
    [{ body: '' }, { body: '' }],
  ])('reads %j as %j', (stored, read) => {
    expect(readInappContent(stored)).toEqual(read);
  });

  it.each([{ subject: 'Shipped' }, { body: 42 }, { body: ['Order 2891 left'] }])(
    'has nothing to show for %j',
    (stored) => {
      expect(readInappContent(stored)).toBeUndefined();
    },
  );
});
