import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { packageVersion } from '../../api/health/version.service';
import type { Channel } from '../../contract/channel';
import { type ProviderSlot, ProviderRegistry } from '../../dispatch/providers/provider.registry';

/** The service's channels by its own names, each served by one of ours. */
const CHANNELS = { email: 'email', sms: 'sms', voice: 'voice' } as const satisfies Record<
  string,
  Channel
>;
type CommsChannel = keyof typeof CHANNELS;
const NAMES = Object.keys(CHANNELS) as CommsChannel[];

export interface CommsChannelHealth {
  readonly configured: boolean;
  readonly provider: string | null;
  readonly errors: string[];
}

export interface CommsHealth {
  readonly service: 'communications';
  readonly status: 'healthy' | 'degraded';
  readonly channels: Record<CommsChannel, CommsChannelHealth>;
  readonly total_errors: number;
}

const option = (slot: ProviderSlot | undefined, name: string): unknown =>
  slot?.config.options[name];
const isSet = (slot: ProviderSlot | undefined, ...names: string[]): boolean =>
  names.some((name) => option(slot, name) !== undefined);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A provider whose circuit is not closed is failing: that is the channel's error. */
function errorsOf(chain: readonly ProviderSlot[], now: number): string[] {
  return chain.flatMap(({ config, breaker }) => {
    const circuit = breaker.state(now);
    return circuit === 'closed' ? [] : [`${config.id}: circuit ${circuit}`];
  });
}

/** The Communications Service's health, status and version answers, from the provider registry. */
@Injectable()
export class CommsHealthService {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly clock: Clock,
  ) {}

  health(): CommsHealth {
    const now = this.clock.nowMs();
    const channels = Object.fromEntries(
      NAMES.map((name) => {
        const chain = this.registry.chain(CHANNELS[name]);
        const health: CommsChannelHealth = {
          configured: chain.length > 0,
          provider: chain[0]?.config.type ?? null,
          errors: errorsOf(chain, now),
        };
        return [name, health];
      }),
    ) as Record<CommsChannel, CommsChannelHealth>;
    const total = NAMES.reduce((sum, name) => sum + channels[name].errors.length, 0);
    return {
      service: 'communications',
      status: total === 0 ? 'healthy' : 'degraded',
      channels,
      total_errors: total,
    };
  }

  /** Which settings are present, and the senders (never a credential). */
  status(): Record<CommsChannel, Record<string, unknown>> {
    const first = (name: CommsChannel): ProviderSlot | undefined =>
      this.registry.chain(CHANNELS[name]).at(0);
    const [email, sms, voice] = [first('email'), first('sms'), first('voice')];
    const twilio = (slot: ProviderSlot | undefined): Record<string, unknown> => ({
      configured: slot !== undefined,
      account_sid_set: isSet(slot, 'accountSid'),
      auth_token_set: isSet(slot, 'authToken'),
      phone_number_set: isSet(slot, 'from'),
    });
    return {
      email: {
        configured: email !== undefined,
        api_key_set: isSet(email, 'credentials', 'auth', 'apiKey', 'pass'),
        from_email_set: isSet(email, 'from'),
        from_email: text(option(email, 'from')),
      },
      sms: { ...twilio(sms), phone_number: text(option(sms, 'from')) },
      voice: twilio(voice),
    };
  }

  version(): Record<string, unknown> {
    const configured = (name: CommsChannel): boolean =>
      this.registry.chain(CHANNELS[name]).length > 0;
    const features = [
      ...(configured('email') ? ['email_send'] : []),
      ...(configured('sms') ? ['sms_send'] : []),
      ...(configured('voice') ? ['voice_call'] : []),
      'webhook_handlers',
    ];
    return {
      service: 'communications',
      version: packageVersion(),
      features,
      providers: Object.fromEntries(
        NAMES.map((name) => [name, this.registry.chain(CHANNELS[name])[0]?.config.type ?? null]),
      ),
      endpoints: COMMS_ENDPOINTS,
    };
  }
}

export const COMMS_ENDPOINTS = [
  'POST /comms/email/send',
  'POST /comms/sms/send',
  'POST /comms/call/make',
  'GET /comms/health',
  'GET /comms/status',
  'GET /comms/version',
];
