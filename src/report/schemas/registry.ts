import { z } from 'zod';

/**
 * The named answer schemas: each becomes one shared component of the OpenAPI document
 * (`#/components/schemas/<id>`), and every schema that uses it refers to it instead of repeating it.
 */
export const answerComponents = z.registry<{ id: string }>();

/** Registers a schema as a named component and returns it, so a definition reads `named('Report', z.…)`. */
export function named<T extends z.ZodType>(id: string, schema: T): T {
  answerComponents.add(schema, { id });
  return schema;
}
