import { Injectable } from '@nestjs/common';

/** The API's routes as `METHOD /path`, taken from the OpenAPI document when the app is set up. */
@Injectable()
export class RouteCatalog {
  private routes: readonly string[] = [];

  record(paths: Readonly<Record<string, object>>): void {
    this.routes = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  list(): readonly string[] {
    return this.routes;
  }
}
