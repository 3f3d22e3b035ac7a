/** What a process hears on one channel of the relay. */
export interface RelayListener {
  /** A message another process published on the channel. */
  message(text: string): void;
  /** Hearing resumed after a gap (a reconnect): what was published during it is lost. */
  resumed(): void;
}

/**
 * Messages between the processes of one deployment, at most once and best effort: what one
 * process publishes, every other process listening on the channel hears. A process does not
 * hear its own messages back; it tells its own listeners directly, without a round trip.
 */
export abstract class ProcessRelay {
  abstract publish(channel: string, text: string): void;

  /** Starts listening; resolves once messages published from now on are heard. */
  abstract listen(channel: string, listener: RelayListener): Promise<void>;
}

/** One process on its own (no REDIS_URL): there is nobody else to tell or to hear. */
export class LocalRelay extends ProcessRelay {
  publish(): void {
    // Alone: the publishing process has already told its own listeners.
  }

  listen(): Promise<void> {
    return Promise.resolve();
  }
}
