import { type DynamicModule, Module, RequestMethod, type Type } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { blankToUndefined } from '../common/config/environment';
import type { GatewaySettings } from '../contract/gateway-settings';
import type { Registration } from '../contract/registration';
import { settingsContribution } from '../contract/settings-contribution';
import { CommsModule } from './comms/comms.module';
import { CommunicationsModule } from './communications/communications.module';
import { DgapiDialectModule } from './dgapi/dgapi-dialect.module';
import { FLUXKIT_BASE_PATH, FluxkitModule } from './fluxkit/fluxkit.module';
import { NdcDialectModule } from './ndc/ndc-dialect.module';

/** One seed system's own API, served over the same services as the unified one. */
interface Dialect {
  readonly name: string;
  readonly module: (settings: GatewaySettings) => Type | DynamicModule;
  /** Its routes that lie outside `/api/v1`, where the system has them. */
  readonly outsidePrefix?: readonly RouteInfo[];
}

/** Every route under `basePath`. */
const under = (basePath: string): RouteInfo[] => [
  { path: basePath, method: RequestMethod.ALL },
  { path: `${basePath}/{*rest}`, method: RequestMethod.ALL },
];

/** Every dialect of this build, one line each. */
const DIALECTS: readonly Dialect[] = [
  { name: 'comms', module: (settings) => CommsModule.forRoot(settings) },
  {
    name: 'ndc',
    module: (settings) => NdcDialectModule.forRoot(settings),
    outsidePrefix: NdcDialectModule.routesOutsidePrefix,
  },
  {
    name: 'fluxkit',
    module: (settings) => FluxkitModule.forRoot(settings),
    outsidePrefix: under(FLUXKIT_BASE_PATH),
  },
  { name: 'communications', module: (settings) => CommunicationsModule.forRoot(settings) },
  {
    name: 'dgapi',
    module: (settings) => DgapiDialectModule.forRoot(settings),
    outsidePrefix: DgapiDialectModule.routesOutsidePrefix,
  },
];

const NAMES = DIALECTS.map(({ name }) => name);
/** What DIALECTS takes to serve none. */
const NONE = 'none';

const namesOf = (value: string): string[] =>
  value.split(',').map((name) => name.trim().toLowerCase());

const unknownNames = (value: string): string[] =>
  namesOf(value).filter((name) => !NAMES.includes(name));

export class DialectVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @ValidateBy({
    name: 'isDialectList',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        (value.trim().toLowerCase() === NONE || unknownNames(value).length === 0),
      defaultMessage: (args) =>
        `names an unknown dialect: ${unknownNames(String(args?.value)).join(', ')} (known: ${NAMES.join(', ')}; or ${NONE})`,
    },
  })
  DIALECTS?: string;
}

/** The names of the dialects served. */
interface DialectSettings {
  readonly enabled: readonly string[];
}

const dialectSettings = settingsContribution(DialectVariables, ({ DIALECTS: value }) => ({
  settings: {
    enabled:
      value === undefined ? NAMES : value.trim().toLowerCase() === NONE ? [] : namesOf(value),
  } satisfies DialectSettings,
}));

const enabledDialects = (settings: GatewaySettings): Dialect[] => {
  const { enabled } = dialectSettings.of(settings);
  return DIALECTS.filter(({ name }) => enabled.includes(name));
};

/** The routes of the dialects DIALECTS names (every one unless set). */
@Module({})
class DialectsModule {
  static forRoot(settings: GatewaySettings): DynamicModule {
    return {
      module: DialectsModule,
      imports: enabledDialects(settings).map((dialect) => dialect.module(settings)),
    };
  }
}

/** The dialects: the DIALECTS variable and their routes. */
export const dialectsRegistration: Registration = {
  settings: dialectSettings,
  module: (settings) => DialectsModule.forRoot(settings),
};

/** Paths served as their systems have them, outside the `/api/v1` prefix. */
export const unprefixedRoutes = (settings: GatewaySettings): RouteInfo[] =>
  enabledDialects(settings).flatMap(({ outsidePrefix }) => outsidePrefix ?? []);
