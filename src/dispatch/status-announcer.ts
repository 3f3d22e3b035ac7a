import { Injectable } from '@nestjs/common';
import type { Message } from '../message-log/message.model';
import { StatusNotifier } from './callbacks/status-notifier';
import { MessageUpdates } from './message-updates';
import { PipelineMetrics } from './pipeline-metrics';

/**
 * Tells everyone who waits for a message's status that it changed: requests held by
 * `Prefer: wait` in this process, the app's status callback, and the metrics. Every stored status
 * change (a send attempt, a cancel, a provider's report) is announced here, once.
 */
@Injectable()
export class StatusAnnouncer {
  constructor(
    private readonly updates: MessageUpdates,
    private readonly notifier: StatusNotifier,
    private readonly metrics: PipelineMetrics,
  ) {}

  statusChanged(message: Message): void {
    this.metrics.statusChanged(message);
    this.updates.published(message);
    this.notifier.statusChanged(message);
  }
}
