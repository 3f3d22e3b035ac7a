import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import type { ProviderReport } from '../contract/provider-report';
import { StatusAnnouncer } from '../dispatch/status-announcer';
import type { Message } from '../message-log/message.model';
import { MessageLog } from '../message-log/message-log';
import { CallbackPatience } from './callback-patience';

/**
 * What became of a provider's reports. `not_found`: no message has the provider's id (or its
 * sender had not recorded it when patience ran out). `sending`: its message was still being
 * sent when patience ran out; nothing was written. `applied`: every report was tried on the
 * message; `changed` when one of them was recorded, `moved` when the status moved forward.
 */
export type Intake =
  | { readonly kind: 'not_found' | 'sending' }
  | {
      readonly kind: 'applied';
      readonly message: Message;
      readonly changed: boolean;
      readonly moved: boolean;
    };

/** What the vendor makes of its notification for the message it concerns. */
export interface IntakeRequest {
  /** The id the provider gave the message when it took it. */
  readonly providerMessageId: string;
  /** The reports to apply to `message`, in turn (one per recipient for some vendors). */
  readonly reportsFor: (message: Message) => readonly ProviderReport[];
  /** Runs once the reports are applied, before a status change is announced. */
  readonly applied?: (message: Message) => Promise<void>;
}

/**
 * Takes what a provider reports back about a message it sent: finds the message by the
 * provider's id across apps, applies the reports forward only (waiting a little when the sender
 * has not recorded the id yet, see `CallbackPatience`), and announces a status change to
 * waiting requests and to the app's status callback. Every vendor's report route ends here.
 */
@Injectable()
export class ReportIntake {
  constructor(
    private readonly store: MessageLog,
    private readonly announcer: StatusAnnouncer,
    private readonly patience: CallbackPatience,
    private readonly clock: Clock,
  ) {}

  async take(request: IntakeRequest): Promise<Intake> {
    const intake = await this.patience.retry(
      () => this.apply(request),
      ({ kind }) => kind === 'not_found' || kind === 'sending',
    );
    if (intake.kind !== 'applied') return intake;
    await request.applied?.(intake.message);
    if (intake.moved) this.announcer.statusChanged(intake.message);
    return intake;
  }

  /** Each report in turn: the store decides on every one with all recorded before. */
  private async apply({ providerMessageId, reportsFor }: IntakeRequest): Promise<Intake> {
    const found = await this.store.findByProviderMessageIdAcrossApps(providerMessageId);
    if (!found) return { kind: 'not_found' };
    const scope = { appId: found.appId };
    let current = found;
    let changed = false;
    let moved = false;
    for (const report of reportsFor(found)) {
      const outcome = await this.store.applyProviderReport(
        scope,
        found.id,
        report,
        this.clock.now(),
      );
      if (outcome.kind === 'not_found' || outcome.kind === 'sending') return outcome;
      current = outcome.message;
      changed ||= outcome.kind !== 'unchanged';
      moved ||= outcome.kind === 'moved';
    }
    return { kind: 'applied', message: current, changed, moved };
  }
}
