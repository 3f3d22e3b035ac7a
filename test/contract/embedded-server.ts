import { freePort } from '../harness/servers';
import { stopChild } from '../support/child-process';
import { type ServerProcess, spawnServer, waitUntilLive } from '../support/server-process';

/** The embedded default as `npm start` runs it, and the credentials its start-up log prints. */
export interface EmbeddedServer {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly adminToken: string;
  readonly process: ServerProcess;
  stop(): Promise<void>;
}

/**
 * Budgets far above what a contract run sends, so that every request reaches its route: the
 * rate limiter itself is exercised by its own suite.
 */
const UNLIMITED = '1000000';
/** ts-node compiles the whole service first, which takes a while on a busy machine. */
const STARTUP_MS = 150_000;

const credential = (output: string, pattern: RegExp, what: string): string => {
  const found = pattern.exec(output)?.[1];
  if (found === undefined) throw new Error(`the start-up log printed no ${what}:\n${output}`);
  return found;
};

/**
 * Starts `src/main.ts` with no configuration but a port and generous rate limits: in-memory
 * store, in-process queue, sandbox providers, a development key and an admin token.
 */
export async function startEmbeddedServer(): Promise<EmbeddedServer> {
  const port = await freePort();
  const server = spawnServer('src/main.ts', {
    PORT: String(port),
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: UNLIMITED,
    RATE_LIMIT_IP_PER_MINUTE: UNLIMITED,
    LOG_FORMAT: 'json',
  });
  try {
    await waitUntilLive(port, server, STARTUP_MS);
    const output = server.output();
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: credential(output, /Development API key \(x-api-key\): (sb_\S+?)"/, 'API key'),
      adminToken: credential(output, /Bearer\): (\S+?)"/, 'admin token'),
      process: server,
      stop: () => stopChild(server.child),
    };
  } catch (error) {
    await stopChild(server.child);
    throw error;
  }
}
