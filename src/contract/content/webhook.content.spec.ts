import { webhookContentOf } from './webhook.content';

describe('webhookContentOf', () => {
  it('reads the subject and body', () => {
    expect(webhookContentOf({ subject: 'Hi', body: 'there' })).toEqual({
      subject: 'Hi',
      body: 'there',
    });
  });

  it('leaves out a subject that is not text', () => {
    expect(webhookContentOf({ subject: 3, body: 'there' })).toEqual({ body: 'there' });
  });

  it('has nothing to send without a text body', () => {
    expect(webhookContentOf({ subject: 'Hi' })).toBeUndefined();
    expect(webhookContentOf({ body: ['x'] })).toBeUndefined();
  });
});
