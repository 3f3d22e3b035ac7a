import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedGet } from '../../src/common/http/bounded-get';
import { until } from '../support/polling';

const CHUNK = Buffer.alloc(16 * 1024, 'x');
const LIMITS = { timeoutMs: 2_000, maxBytes: 64 * 1024 };

/** What the peer did on one request: how much it wrote before the client closed the answer. */
interface Served {
  written: number;
  closed: boolean;
}

/** A peer on 127.0.0.1 with one page per path, among them one that never ends. */
async function startPeer() {
  const served: Served[] = [];
  const endless = (res: ServerResponse, record: Served): void => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => {
      res.write(CHUNK);
      record.written += CHUNK.length;
    }, 2);
    res.on('close', () => {
      clearInterval(timer);
      record.closed = true;
    });
  };
  const pages: Record<string, (res: ServerResponse, record: Served) => void> = {
    '/small': (res) => res.writeHead(200).end('a certificate'),
    '/endless': endless,
    '/announced': (res) => res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end(),
    '/moved': (res) => res.writeHead(302, { location: '/small' }).end(),
    '/slow': (res) => setTimeout(() => res.writeHead(200).end('late'), 5_000).unref(),
  };
  const server = createServer((req, res) => {
    const record = { written: 0, closed: false };
    served.push(record);
    const page =
      pages[req.url ?? ''] ?? ((missing: ServerResponse) => missing.writeHead(404).end());
    page(res, record);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    served,
    url: (path: string) => new URL(`http://127.0.0.1:${port}${path}`),
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

describe('boundedGet', () => {
  let peer: Awaited<ReturnType<typeof startPeer>>;
  beforeAll(async () => {
    peer = await startPeer();
  });
  afterAll(async () => {
    await peer.stop();
  });

  it('reads a small 200 answer', async () => {
    await expect(boundedGet(peer.url('/small'), LIMITS)).resolves.toBe('a certificate');
  });

  it('stops reading an endless answer just past the cap and closes the connection', async () => {
    await expect(boundedGet(peer.url('/endless'), LIMITS)).rejects.toThrow(
      `answered with more than ${LIMITS.maxBytes} bytes`,
    );
    const record = peer.served.at(-1);
    await until(() => record?.closed === true, 'the peer to see its answer closed');
    // What the socket buffers took before the close reached the peer, not a stream read whole.
    expect(record?.written).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses an answer announced larger than the cap without reading it', async () => {
    await expect(boundedGet(peer.url('/announced'), LIMITS)).rejects.toThrow(
      `announced more than ${LIMITS.maxBytes} bytes`,
    );
  });

  it('refuses other statuses, redirects and answers that take too long', async () => {
    await expect(boundedGet(peer.url('/missing'), LIMITS)).rejects.toThrow('answered 404');
    await expect(boundedGet(peer.url('/moved'), LIMITS)).rejects.toThrow();
    await expect(boundedGet(peer.url('/slow'), { ...LIMITS, timeoutMs: 200 })).rejects.toThrow();
  });
});
