import type {
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger';

type SchemaOrReference = SchemaObject | ReferenceObject;
import {
  describedTags,
  requestComponents,
  withNullableOptionals,
  withSchemaRules,
} from './openapi-registry';
import { sharedHeaders, withResponseConventions } from './openapi-responses';

const OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function usedTags(document: OpenAPIObject): Set<string> {
  const used = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const [key, operation] of Object.entries(item)) {
      if (!OPERATION_KEYS.includes(key)) continue;
      for (const tag of (operation as { tags?: string[] }).tags ?? []) used.add(tag);
    }
  }
  return used;
}

/** The schemas of the request bodies, as the operations name them. */
function requestBodySchemas(document: OpenAPIObject): SchemaOrReference[] {
  return Object.values(document.paths).flatMap((item) =>
    Object.entries(item).flatMap(([key, operation]) => {
      if (!OPERATION_KEYS.includes(key)) return [];
      const body = (operation as OperationObject).requestBody;
      const schema =
        body && !('$ref' in body) ? body.content['application/json'].schema : undefined;
      return schema ? [schema] : [];
    }),
  );
}

/**
 * An object query parameter (the `metadata` filters) is sent as `name[key]=value`, which the
 * query parser reads: `deepObject`, so that Swagger UI and generated clients send it so.
 */
function withDeepObjectQueries(operation: OperationObject): OperationObject {
  const parameters = operation.parameters?.map((parameter) =>
    '$ref' in parameter ||
    parameter.in !== 'query' ||
    parameter.schema === undefined ||
    '$ref' in parameter.schema ||
    parameter.schema.type !== 'object'
      ? parameter
      : { ...parameter, style: 'deepObject' as const, explode: true },
  );
  return parameters === undefined ? operation : { ...operation, parameters };
}

function withDeepObjectPaths(paths: OpenAPIObject['paths']): OpenAPIObject['paths'] {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([key, value]) => [
          key,
          OPERATION_KEYS.includes(key) ? withDeepObjectQueries(value as OperationObject) : value,
        ]),
      ),
    ]),
  );
}

/**
 * A request object takes no property it does not declare (the validation pipe refuses unknown
 * fields), unless its rules say otherwise.
 */
const closed = (schema: SchemaOrReference): SchemaOrReference =>
  '$ref' in schema || schema.type !== 'object' || 'additionalProperties' in schema
    ? schema
    : { ...schema, additionalProperties: false };

/**
 * Component schemas with their declared rules, request ones with nullable optionals and
 * closed to undeclared properties.
 */
function completeSchemas(document: OpenAPIObject): Record<string, SchemaOrReference> {
  const schemas = withSchemaRules(document.components?.schemas ?? {});
  const requests = requestComponents(requestBodySchemas(document), schemas);
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      requests.has(name) ? closed(withNullableOptionals(schema)) : schema,
    ]),
  );
}

/**
 * The document as @nestjs/swagger builds it, completed: the server it is served from, the
 * described tags, the rules DTOs declare over several properties, and what every operation's
 * answers share (x-request-id, RateLimit-*, 500).
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  return {
    ...document,
    servers: [{ url: '/', description: 'The server this document is served from' }],
    tags: describedTags(usedTags(document)),
    paths: withResponseConventions(withDeepObjectPaths(document.paths)),
    components: {
      ...document.components,
      schemas: completeSchemas(document),
      headers: { ...document.components?.headers, ...sharedHeaders() },
    },
  };
}
