import { type RunningServer, startFerretDb, startRedis } from './servers';
import { installMissingTestTools } from './test-servers-install';

declare global {
  var switchboardTestServers: RunningServer[] | undefined;
}

/**
 * Installs what the e2e suites need when it is missing (or says how), then starts FerretDB (on a
 * temporary PostgreSQL cluster) and Redis for them, unless MONGODB_URI / REDIS_URL name servers
 * to use instead. The suites read TEST_MONGODB_URI and TEST_REDIS_URL.
 */
export default async function globalSetup(): Promise<void> {
  installMissingTestTools();
  const started: RunningServer[] = [];
  globalThis.switchboardTestServers = started;
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    console.log(`\n[harness] using MongoDB at MONGODB_URI`);
  } else {
    const ferret = await startFerretDb();
    started.push(ferret);
    process.env.TEST_MONGODB_URI = ferret.url;
    console.log(
      `\n[harness] FerretDB 1.24 on PostgreSQL started at ${ferret.url} (pid ${ferret.pid}, PostgreSQL pid ${ferret.postgres?.pid ?? '?'})`,
    );
  }
  if (process.env.REDIS_URL) {
    process.env.TEST_REDIS_URL = process.env.REDIS_URL;
    console.log('[harness] using Redis at REDIS_URL');
  } else {
    const redis = await startRedis();
    started.push(redis);
    process.env.TEST_REDIS_URL = redis.url;
    console.log(`[harness] redis-server started at ${redis.url} (pid ${redis.pid})`);
  }
}
