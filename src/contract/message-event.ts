/** One step in a message's life, as recorded on it and as providers report them. */
export interface MessageEvent {
  /** queued, scheduled, sending, sent, delivered, retrying, failed, undeliverable, canceled, callback ... */
  readonly type: string;
  readonly at: Date;
  readonly recipient?: string;
  readonly detail?: string;
}
