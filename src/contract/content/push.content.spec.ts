import { readPushContent } from './push.content';

describe('readPushContent', () => {
  it('reads a Web Push content with its keys, title, data and click target', () => {
    const webPush = {
      target: 'webpush',
      keys: { p256dh: 'p', auth: 'a' },
      title: 'Shipped',
      body: 'On its way',
      data: { orderId: '2891' },
      url: 'https://shop.example.com/orders/2891',
    };
    expect(readPushContent(webPush)).toEqual(webPush);
  });

  it('leaves out incomplete keys, data values that are not text and fields of the wrong type', () => {
    const read = readPushContent({
      target: 'fcm',
      keys: { p256dh: 'p' },
      title: 7,
      body: 'On its way',
      data: { orderId: '2891', count: 3 },
      url: ['https://shop.example.com'],
    });
    expect(read).toEqual({ target: 'fcm', body: 'On its way', data: { orderId: '2891' } });
    expect(read?.keys).toBeUndefined();
    expect(readPushContent({ target: 'fcm', body: 'x', data: ['a'] })?.data).toBeUndefined();
  });

  it('has nothing to send without a text body or a known target', () => {
    expect(readPushContent({ target: 'webpush' })).toBeUndefined();
    expect(readPushContent({ target: 'webpush', body: '' })).toBeUndefined();
    expect(readPushContent({ body: 'no target' })).toBeUndefined();
    expect(readPushContent({ target: 'apns', body: 'x' })).toBeUndefined();
  });
});
