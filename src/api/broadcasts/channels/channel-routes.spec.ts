import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SendBroadcastDto } from '../send-broadcast.dto';
import { CHANNEL_ROUTES } from './channel-routes';
import { CHANNELS } from '../../../contract/channel';

const broadcast = plainToInstance(SendBroadcastDto, {
  subject: 'Maintenance',
  body: 'Starts at 22:00 UTC.',
  channels: [...CHANNELS],
  email: 'ann@example.com',
  phone: '+14155550100',
  userId: 'user-42',
  webhookUrl: 'https://hooks.example.com/notify',
  pushToken: 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx6bXHd0yqZ2G1lZ3n8y',
  metadata: { campaign: 'maintenance' },
  priority: 3,
});

describe('channel routes', () => {
  it.each(CHANNELS)('makes a %s body its own route takes, common fields included', (channel) => {
    const route = CHANNEL_ROUTES[channel];
    const body = route.body(broadcast);
    const dto = plainToInstance(route.dto, body);
    expect(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
    expect(body).toMatchObject({ metadata: { campaign: 'maintenance' }, priority: 3 });
  });

  it('sends email the body as text, or as html when isHtml', () => {
    const route = CHANNEL_ROUTES.email;
    expect(route.body(broadcast)).toMatchObject({ subject: 'Maintenance', text: broadcast.body });
    const html = route.body(Object.assign(new SendBroadcastDto(), broadcast, { isHtml: true }));
    expect(html).toMatchObject({ html: broadcast.body });
    expect(html).not.toHaveProperty('text');
  });

  it('sends the HTML of isHtml to email only; every other channel gets its text', () => {
    const html = Object.assign(new SendBroadcastDto(), broadcast, {
      isHtml: true,
      body: '<p>Starts at <b>22:00</b> &amp; ends at <a href="https://status.example.com">status</a></p>',
    });
    const text = 'Starts at 22:00 & ends at status [https://status.example.com]';
    expect(CHANNEL_ROUTES.email.body(html)).toMatchObject({ html: html.body });
    for (const channel of ['sms', 'whatsapp', 'webhook', 'inapp', 'push'] as const) {
      expect(CHANNEL_ROUTES[channel].body(html)).toMatchObject({ body: text });
    }
    expect(CHANNEL_ROUTES.voice.body(html)).toMatchObject({ say: { text } });
  });

  it('has voice speak the body', () => {
    expect(CHANNEL_ROUTES.voice.body(broadcast)).toMatchObject({ say: { text: broadcast.body } });
  });
});
