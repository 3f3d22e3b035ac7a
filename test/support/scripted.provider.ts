import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  type OutboundMessage,
  type Provider,
  type ProviderConfig,
  ProviderError,
  type ProviderFactory,
  type SendSuccess,
} from '../../src/contract/provider';
import { ERROR_CATEGORIES, type ErrorCategory } from '../../src/contract/error-category';

/**
 * Test-only provider type `scripted`, configured through PROVIDERS options:
 * - `fail`: an error category to fail every send with;
 * - `failTimes`: fail only the first N sends (then succeed);
 * - `delayMs`: wait this long before answering;
 * - `recordTo`: append `<messageId>\n` to this file for every send (exactly-once checks across
 *   processes).
 * Instances are also reachable by id (`ScriptedProvider.byId`) for in-process tests.
 */
export class ScriptedProvider implements Provider {
  static readonly byId = new Map<string, ScriptedProvider>();
  readonly type = 'scripted';
  readonly channel: ProviderConfig['channel'];
  readonly id: string;
  readonly sent: string[] = [];
  /** When each send reached the provider (epoch ms), in the order of `sent`. */
  readonly sentAt: number[] = [];
  fail?: ErrorCategory;
  /** The failure's message (default `scripted <category>`); set on the instance. */
  failMessage?: string;
  failTimes: number;
  delayMs: number;
  private readonly recordTo?: string;

  constructor(config: ProviderConfig) {
    this.id = config.id;
    this.channel = config.channel;
    const { fail, failTimes, delayMs, recordTo } = config.options;
    if (fail !== undefined && !ERROR_CATEGORIES.includes(fail as ErrorCategory))
      throw new Error(`unknown category ${JSON.stringify(fail)}`);
    this.fail = fail as ErrorCategory | undefined;
    this.failTimes = typeof failTimes === 'number' ? failTimes : Number.POSITIVE_INFINITY;
    this.delayMs = typeof delayMs === 'number' ? delayMs : 0;
    this.recordTo = typeof recordTo === 'string' ? recordTo : undefined;
    ScriptedProvider.byId.set(this.id, this);
  }

  async send(message: OutboundMessage): Promise<SendSuccess> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.sent.push(message.id);
    this.sentAt.push(Date.now());
    if (this.recordTo) appendFileSync(this.recordTo, `${message.id}\n`);
    if (this.fail && this.failTimes > 0) {
      this.failTimes -= 1;
      throw new ProviderError(this.fail, this.failMessage ?? `scripted ${this.fail}`);
    }
    return {
      providerMessageId: `scripted-${randomUUID()}`,
      status: 'SENT',
      providerStatus: 'accepted',
    };
  }
}

export class ScriptedProviderFactory implements ProviderFactory {
  readonly type = 'scripted';

  create(config: ProviderConfig): Provider {
    return new ScriptedProvider(config);
  }
}
