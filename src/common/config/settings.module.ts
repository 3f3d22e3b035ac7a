import { Inject, type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, getConfigToken, registerAs } from '@nestjs/config';
import type { Settings } from './settings';

const NAMESPACE = 'switchboard';

/** Injection token of the validated `Settings`. */
export const SETTINGS = getConfigToken(NAMESPACE);
export const InjectSettings = (): ParameterDecorator => Inject(SETTINGS);

/**
 * Carries settings that were validated before the application was created (so a bad value
 * stops the process with one line instead of a Nest stack trace).
 */
@Module({})
export class SettingsModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: SettingsModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [registerAs(NAMESPACE, () => settings)],
        }),
      ],
      providers: [{ provide: SETTINGS, useValue: settings }],
      exports: [SETTINGS],
    };
  }
}
