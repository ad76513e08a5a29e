/** A value as JSON.parse returns it: null, a boolean, a number, a string, an array or a plain object of such values. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Deeper than any state the bot stores: such a value takes the slow path (which also reports cycles). */
const MAX_FAST_DEPTH = 64;

/** Sets an own enumerable property, "__proto__" included (JSON.parse makes it an own property, not the prototype). */
function put(out: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/**
 * A copy of a JSON value (a tree JSON.parse made, or one these functions made): the same as
 * JSON.parse(JSON.stringify(value)), without going through text.
 */
export function copyJson<T extends JsonValue>(value: T): T;
export function copyJson(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: JsonValue[] = new Array<JsonValue>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i] as JsonValue);
    return out;
  }
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) put(out, key, copyJson(value[key] as JsonValue));
  return out;
}

/** Thrown by the fast path on anything but plain data: the caller falls back to JSON text. */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain();

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What JSON.stringify writes for a plain value, as a tree; `undefined` where it writes nothing. */
function plainTree(value: unknown, depth: number): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // -0 is written "0".
      return Number.isFinite(value) ? value + 0 : null;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw NOT_PLAIN;
  }
  if (value === null) return null;
  if (depth > MAX_FAST_DEPTH) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
    const out: JsonValue[] = new Array<JsonValue>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = plainTree(value[i], depth + 1) ?? null;
    return out;
  }
  const object = value as Record<string, unknown>;
  // Dates, class instances, boxed primitives, anything with toJSON: JSON text decides.
  if (!isPlainObject(object) || typeof object.toJSON === 'function') throw NOT_PLAIN;
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(object)) {
    const item = plainTree(object[key], depth + 1);
    if (item !== undefined) put(out, key, item);
  }
  return out;
}

/**
 * The JSON form of a value, as a tree: exactly JSON.parse(JSON.stringify(value)) (undefined and
 * functions left out, non-finite numbers as null, toJSON applied, cycles refused with a TypeError),
 * built directly for plain data and through JSON text for anything else.
 */
export function toJsonTree(value: unknown): JsonValue | undefined {
  try {
    return plainTree(value, 0);
  } catch (err) {
    if (!(err instanceof NotPlain)) throw err;
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
  }
}
