import { z } from 'zod';

export type JsonObject = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));

const copy = <T>(value: T): T => (typeof value === 'object' && value !== null ? structuredClone(value) : value);

export interface Merged {
  /** Defaults with the accepted overrides applied. */
  config: JsonObject;
  /** The overrides that were applied: known keys only, each value valid for its key. */
  kept: JsonObject;
  /** Dotted paths of the applied overrides, in the schema's order. */
  overriddenKeys: string[];
}

/**
 * Deep-merges `override` over `defaults` along the schema: objects merge key by key, anything else
 * (arrays included) replaces. A stored key the schema no longer knows, or a value it no longer
 * accepts, is skipped rather than failing the whole tenant: defaults may change after an override
 * was written, and one stale key must not take a tenant's other settings with it.
 */
export function mergeAlongSchema(schema: z.ZodObject, defaults: JsonObject, override: unknown): Merged {
  const overriddenKeys: string[] = [];
  const walk = (shape: z.ZodObject, base: JsonObject, over: unknown, prefix: string): { config: JsonObject; kept: JsonObject } => {
    const config: JsonObject = {};
    const kept: JsonObject = {};
    const given = isPlainObject(over) ? over : {};
    for (const [key, field] of Object.entries(shape.shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const value = Object.hasOwn(given, key) ? given[key] : undefined;
      if (field instanceof z.ZodObject) {
        const inner = walk(field, base[key] as JsonObject, value, path);
        config[key] = inner.config;
        if (Object.keys(inner.kept).length > 0) kept[key] = inner.kept;
      } else if (value !== undefined && (field as z.ZodType).safeParse(value).success) {
        config[key] = copy(value);
        kept[key] = copy(value);
        overriddenKeys.push(path);
      } else {
        config[key] = copy(base[key]);
      }
    }
    return { config, kept };
  };
  return { ...walk(schema, defaults, override, ''), overriddenKeys };
}

/** Every key path of a schema, sections and leaves alike (`features`, `features.routeOptimization`). */
export function keyPaths(schema: z.ZodObject, prefix = ''): string[] {
  return Object.entries(schema.shape).flatMap(([key, field]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return field instanceof z.ZodObject ? [path, ...keyPaths(field, path)] : [path];
  });
}

/** Deletes a dotted path from an object in place, and the objects it leaves empty. */
export function deletePath(target: JsonObject, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(target, head)) return;
  if (rest.length === 0) {
    delete target[head];
    return;
  }
  const child = target[head];
  if (!isPlainObject(child)) return;
  deletePath(child, rest);
  if (Object.keys(child).length === 0) delete target[head];
}

/** Merges `source` into `target` in place: objects key by key, anything else replaces. */
export function deepAssign(target: JsonObject, source: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current)) deepAssign(current, value);
    else target[key] = isPlainObject(value) ? deepAssign({}, value) : copy(value);
  }
  return target;
}

/** A configuration object flattened to `{ 'a/b': leaf }`, for a field-level audit diff (stored keys may not contain dots). */
export function flattenForDiff(value: JsonObject, prefix = ''): JsonObject {
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}/${key}` : key;
    if (isPlainObject(inner)) Object.assign(out, flattenForDiff(inner, path));
    else out[path] = inner;
  }
  return out;
}
