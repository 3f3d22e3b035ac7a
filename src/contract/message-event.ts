/** One step in a message's life, as recorded on it and as providers report them. */
export interface MessageEvent {
  /**
   * queued, scheduled, sending, sent, delivered, retrying, failed, undeliverable, canceled,
   * callback, opened, clicked, unsubscribed ...
   */
  readonly type: string;
  readonly at: Date;
  readonly recipient?: string;
  readonly detail?: string;
  /** The coarse class of the mail client or program that opened or clicked (never its address). */
  readonly client?: string;
  /** Set on an open or click that a machine made (a privacy prefetch, a link scanner). */
  readonly machine?: boolean;
}
