import type { RouteInfo } from '@nestjs/common/interfaces';
import { DgapiDialectModule } from './dgapi/dgapi-dialect.module';
import { NdcDialectModule } from './ndc/ndc-dialect.module';

/** Each seed system's own API, by dialect name: a module over the unified services. */
export const dialectModules = { ndc: NdcDialectModule, dgapi: DgapiDialectModule };

/** The dialects' routes that are served beside the `/api/v1` prefix rather than under it. */
export const routesOutsidePrefix: readonly RouteInfo[] = Object.values(dialectModules).flatMap(
  (dialect) => dialect.routesOutsidePrefix,
);
