import { ApiTags, type ReferenceObject, type SchemaObject, type TagObject } from '@nestjs/swagger';

/**
 * What the decorators of controllers and DTOs add to the OpenAPI document beyond what
 * @nestjs/swagger writes: tag descriptions, and schema keywords that span properties (`oneOf`,
 * `not`, `additionalProperties`). Decorators run when their classes are defined, so every
 * entry is in place before a document is built.
 */
const tags = new Map<string, string>();
const schemaRules = new Map<string, SchemaObject>();

/** `@ApiTags(name)` with the description the document's top-level `tags` gives it. */
export function DescribedTag(name: string, description: string): ClassDecorator {
  tags.set(name, description);
  return ApiTags(name);
}

/**
 * Keywords merged into the class's component schema: rules over several properties that the
 * property decorators cannot state, such as "one of these three" or "not both".
 */
export function SchemaRules(rules: SchemaObject): ClassDecorator {
  return (target) => {
    schemaRules.set(target.name, { ...schemaRules.get(target.name), ...rules });
  };
}

/**
 * "Not both": the rule of two optional fields that exclude each other. A field sent as null is
 * absent, so the rule names the fields' types: only two given values conflict.
 */
export const notBoth = (
  first: readonly [string, SchemaObject['type']],
  second: readonly [string, SchemaObject['type']],
): SchemaObject => ({
  not: {
    required: [first[0], second[0]],
    properties: { [first[0]]: { type: first[1] }, [second[0]]: { type: second[1] } },
  },
});

/** Every tag with its description, for the document's top-level `tags`. */
export function describedTags(used: ReadonlySet<string>): TagObject[] {
  return [...tags]
    .filter(([name]) => used.has(name))
    .map(([name, description]) => ({ name, description }));
}

/** The component schemas with the rules their classes declared. */
export function withSchemaRules(
  schemas: Readonly<Record<string, SchemaObject | ReferenceObject>>,
): Record<string, SchemaObject | ReferenceObject> {
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      { ...schema, ...schemaRules.get(name) },
    ]),
  );
}

type Schema = SchemaObject | ReferenceObject;

const isReference = (schema: Schema): schema is ReferenceObject => '$ref' in schema;

/** The component names a schema refers to, directly or inside its parts. */
function referencedNames(schema: Schema | undefined, found: Set<string>): void {
  if (schema === undefined) return;
  if (isReference(schema)) {
    found.add(schema.$ref.replace('#/components/schemas/', ''));
    return;
  }
  const parts = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.allOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.anyOf ?? []),
    ...(schema.items ? [schema.items] : []),
  ];
  for (const part of parts) referencedNames(part, found);
}

/** Every component a request body uses, nested ones too. */
export function requestComponents(
  bodies: readonly Schema[],
  schemas: Readonly<Record<string, Schema>>,
): Set<string> {
  const found = new Set<string>();
  for (const body of bodies) referencedNames(body, found);
  for (const name of found) referencedNames(schemas[name], found);
  return found;
}

/** The property with `nullable: true`, or without `nullable` when it declared `false`. */
function nullableUnlessRefused(property: SchemaObject): SchemaObject {
  const copy: SchemaObject = { ...property };
  if (copy.nullable === false) delete copy.nullable;
  else copy.nullable = true;
  // An enum lists every value taken, null included (Open API 3.0.3).
  const values: unknown[] | undefined = copy.enum;
  if (copy.nullable && values !== undefined && !values.includes(null)) {
    copy.enum = [...values, null];
  }
  return copy;
}

/**
 * An optional property of a request takes null as absent (the validation pipe drops it), so
 * its schema says `nullable`, unless the property declared `nullable: false` (it refuses null).
 */
export function withNullableOptionals(schema: Schema): Schema {
  if (isReference(schema) || schema.properties === undefined) return schema;
  const required = new Set(schema.required ?? []);
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => {
      if (required.has(name)) return [name, property];
      if (isReference(property)) return [name, { allOf: [property], nullable: true }];
      return [name, nullableUnlessRefused(property)];
    }),
  );
  return { ...schema, properties };
}
