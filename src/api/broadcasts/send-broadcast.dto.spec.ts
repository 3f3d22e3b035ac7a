import { ValidationFailed } from '../../common/errors/api-error';
import { channelBodyPipe as pipe } from '../../sending/channel-body';
import { SendBroadcastDto } from './send-broadcast.dto';

async function problems(body: Record<string, unknown>): Promise<unknown[]> {
  try {
    await pipe.transform(
      { subject: 'S', body: 'B', ...body },
      { type: 'body', metatype: SendBroadcastDto },
    );
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    return (error.details ?? []).map((d) => {
      const { field, code } = d as { field: string; code: string };
      return `${field}:${code}`;
    });
  }
}

describe('SendBroadcastDto', () => {
  it.each([
    [['email'], 'email'],
    [['sms'], 'phone'],
    [['whatsapp'], 'phone'],
    [['voice'], 'phone'],
    [['inapp'], 'userId'],
    [['webhook'], 'webhookUrl'],
    [['push'], 'pushSubscription'],
  ])('requires the address of %j: %s', async (channels, field) => {
    expect(await problems({ channels })).toEqual([`${field}:required`]);
  });

  it('takes either push address', async () => {
    expect(await problems({ channels: ['push'], pushToken: 'token' })).toEqual([]);
    expect(await problems({ channels: ['push'], pushSubscription: { endpoint: 'x' } })).toEqual([]);
    expect(await problems({ channels: ['push'], pushSubscription: 'x' })).toEqual([
      'pushSubscription:invalid_type',
    ]);
  });

  it('reports an address of the wrong type once, also of a channel not chosen', async () => {
    expect(await problems({ channels: ['sms'], phone: 5 })).toEqual(['phone:invalid_type']);
    expect(await problems({ channels: ['sms'], phone: '+1', email: 5, userId: [] })).toEqual([
      'email:invalid_type',
      'userId:invalid_type',
    ]);
    expect(await problems({ channels: ['sms'], phone: '+1', email: null })).toEqual([]);
  });

  it('refuses duplicate, unknown and no channels, and fields it does not know', async () => {
    expect(await problems({ channels: ['sms', 'sms'], phone: '+1' })).toEqual([
      'channels:duplicate',
    ]);
    expect(await problems({ channels: ['fax'] })).toEqual(['channels:invalid_value']);
    expect(await problems({ channels: [] })).toEqual(['channels:required']);
    expect(await problems({ channels: ['sms'], phone: '+1', provider: 'x' })).toEqual([
      'provider:unknown_field',
    ]);
  });
});
