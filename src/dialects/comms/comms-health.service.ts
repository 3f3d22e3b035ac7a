import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { packageVersion } from '../../api/health/version.service';
import type { Channel } from '../../contract/channel';
import { type ProviderFailure, ProviderFailures } from '../../dispatch/provider-failures';
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
  /** The channel's last provider failures in this process, newest first. */
  readonly errors: readonly ProviderFailure[];
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
/** The provider's own default sender (its `from`), never a credential. */
const senderOf = (slot: ProviderSlot | undefined): string | null =>
  slot?.provider.senders?.from ?? null;

/** A configured channel none of whose providers takes sends now (every circuit open). */
const isDown = (chain: readonly ProviderSlot[], now: number): boolean =>
  chain.length > 0 && chain.every(({ breaker }) => breaker.state(now) === 'open');

/** The Communications Service's health, status and version answers, from the provider registry. */
@Injectable()
export class CommsHealthService {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly failures: ProviderFailures,
    private readonly clock: Clock,
  ) {}

  /**
   * Each channel's first provider and its recent failures; `total_errors` counts the failures of
   * the three channels since this process started. Degraded while a channel's every circuit is open.
   */
  health(): CommsHealth {
    const now = this.clock.nowMs();
    const chains = NAMES.map((name) => this.registry.chain(CHANNELS[name]));
    const failures = NAMES.map((name) => this.failures.of(CHANNELS[name]));
    const channels = Object.fromEntries(
      NAMES.map((name, index): [CommsChannel, CommsChannelHealth] => [
        name,
        {
          configured: (chains[index] ?? []).length > 0,
          provider: chains[index]?.[0]?.config.type ?? null,
          errors: failures[index]?.errors ?? [],
        },
      ]),
    ) as Record<CommsChannel, CommsChannelHealth>;
    return {
      service: 'communications',
      status: chains.some((chain) => isDown(chain, now)) ? 'degraded' : 'healthy',
      channels,
      total_errors: failures.reduce((sum, { totalErrors }) => sum + totalErrors, 0),
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
      phone_number_set: senderOf(slot) !== null,
    });
    return {
      email: {
        configured: email !== undefined,
        api_key_set: isSet(email, 'credentials', 'auth', 'apiKey', 'pass'),
        from_email_set: senderOf(email) !== null,
        from_email: senderOf(email),
      },
      sms: { ...twilio(sms), phone_number: senderOf(sms) },
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
