import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { eventually } from './polling';

export interface SseEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly comment?: string;
}

/** A Server-Sent Events client on node:http: what arrived, parsed into events and comments. */
export class SseClient {
  readonly received: SseEvent[] = [];
  private buffer = '';

  private constructor(
    private readonly req: ClientRequest,
    readonly res: IncomingMessage,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.parse();
    });
  }

  static open(port: number, path: string, headers: Record<string, string>): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
        resolve(new SseClient(req, res));
      });
      req.on('error', reject);
      req.end();
    });
  }

  get events(): SseEvent[] {
    return this.received.filter((item) => item.comment === undefined);
  }

  /** Waits for an event or comment that `match` accepts. */
  async next(match: (item: SseEvent) => boolean, ms = 10_000): Promise<SseEvent> {
    const found = await eventually(
      () => Promise.resolve(this.received.find(match)),
      (item) => item !== undefined,
      'a matching event on the stream',
      ms,
    );
    if (!found) throw new Error('unreachable');
    return found;
  }

  close(): void {
    this.req.destroy();
  }

  private parse(): void {
    const blocks = this.buffer.split('\n\n');
    this.buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const fields: Partial<Record<string, string>> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.received.push({ comment: line.slice(1).trim() });
        const separator = line.indexOf(': ');
        if (separator > 0) fields[line.slice(0, separator)] = line.slice(separator + 2);
      }
      if (fields.data !== undefined) this.received.push(fields);
    }
  }
}
