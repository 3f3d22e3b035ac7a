import { readWebhookContent } from './webhook.content';

describe('readWebhookContent', () => {
  it('reads the subject and body', () => {
    expect(readWebhookContent({ subject: 'Hi', body: 'there' })).toEqual({
      subject: 'Hi',
      body: 'there',
    });
  });

  it('leaves out a subject that is not text', () => {
    expect(readWebhookContent({ subject: 3, body: 'there' })).toEqual({ body: 'there' });
  });

  it('has nothing to send without a text body', () => {
    expect(readWebhookContent({ subject: 'Hi' })).toBeUndefined();
    expect(readWebhookContent({ body: ['x'] })).toBeUndefined();
  });
});
