import { randomUUID } from 'node:crypto';
import type {
  OutboundMessage,
  Provider,
  ProviderConfig,
  ProviderFactory,
  SendSuccess,
} from '../../contract/provider';

/**
 * Records instead of sending and reports the message delivered: the embedded default's
 * provider for every channel, and a safe stand-in while trying the API.
 */
export class SandboxProvider implements Provider {
  readonly type = 'sandbox';
  private sentCount = 0;

  constructor(
    readonly id: string,
    readonly channel: ProviderConfig['channel'],
  ) {}

  send(_message: OutboundMessage): Promise<SendSuccess> {
    this.sentCount += 1;
    return Promise.resolve({
      providerMessageId: `sandbox-${randomUUID()}`,
      status: 'DELIVERED',
      providerStatus: 'delivered',
    });
  }

  /** How many messages this provider has "sent" since start. */
  get sent(): number {
    return this.sentCount;
  }
}

export class SandboxProviderFactory implements ProviderFactory {
  readonly type = 'sandbox';

  create(config: ProviderConfig): Provider {
    return new SandboxProvider(config.id, config.channel);
  }
}
