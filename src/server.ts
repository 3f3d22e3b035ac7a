import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AppModuleOptions } from './app.module';
import { AppModule } from './app.module';
import { createApp } from './app.setup';
import { parseAppSettings } from './app.settings';
import { readDotEnv, settingsOrExit } from './common/config/load-settings';
import { Tracing } from './common/tracing/tracing';
import { DevelopmentAccess } from './development-access';

/**
 * On SIGTERM or SIGINT: stop accepting, finish in-flight work, run shutdown hooks, export the
 * last spans, exit 0.
 */
function stopGracefully(app: INestApplication, tracing: Tracing | undefined): void {
  const logger = new Logger('Shutdown');
  const stop = (signal: NodeJS.Signals): void => {
    logger.log(`${signal} received: finishing in-flight work`);
    app
      .close()
      .then(() => tracing?.shutdown())
      .then(() => {
        logger.log('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * Node closes an idle kept-alive connection after 5 s, which a client or load balancer may reuse
 * at the same moment: its request then fails with the socket closed under it. Idle connections
 * are kept longer than clients and proxies keep theirs (60 s is the common idle timeout), so the
 * client always closes first; the header timeout must exceed it.
 */
function keepConnectionsOpenLongerThanClients(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

/** Reads the configuration, starts the HTTP server and announces how to reach it. */
export async function startServer(options: AppModuleOptions = {}): Promise<void> {
  readDotEnv();
  const settings = settingsOrExit(parseAppSettings);
  const tracing = Tracing.start(settings.tracing);
  const app = await createApp(settings, AppModule.forRoot(settings, options));
  stopGracefully(app, tracing);
  await app.listen(settings.http.port, settings.http.host);
  keepConnectionsOpenLongerThanClients(app.getHttpServer());
  const host = settings.http.host === '0.0.0.0' ? 'localhost' : settings.http.host;
  await app.get(DevelopmentAccess).announce(`http://${host}:${settings.http.port}`);
}
