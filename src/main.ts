import { createApp } from './app.setup';
import { readDotEnv, settingsOrExit } from './common/config/load-settings';
import { DevelopmentAccess } from './development-access';

async function bootstrap(): Promise<void> {
  readDotEnv();
  const settings = settingsOrExit();
  const app = await createApp(settings);
  app.enableShutdownHooks();
  await app.listen(settings.http.port, settings.http.host);
  const host = settings.http.host === '0.0.0.0' ? 'localhost' : settings.http.host;
  await app.get(DevelopmentAccess).announce(`http://${host}:${settings.http.port}`);
}

void bootstrap();
