/**
 * The memory store keeps state as JSON trees and copies them on read instead of parsing text: the
 * copies must be exactly what a JSON round trip gives, for plain state and for nasty values, and
 * no reader may ever share an object with the store or with another reader.
 */
import { copyJson, type JsonValue, toJsonTree } from '../src/storage/json-copy';
import { BoundedMemoryStorage } from '../src/storage/memory-storage';

const roundTrip = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
};

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
const protoKey = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as unknown;

const CASES: Array<[string, unknown]> = [
  [
    'a conversation state',
    { conversation: { lang: 'ar', options: [{ label: 'نعم 👍', value: 'feedback:yes:x' }], asked: undefined }, eTag: '*' },
  ],
  ['French, Arabic and English text', { fr: 'Où est le bureau ?', ar: 'وين كاين المكتب؟', en: "What's IOM?" }],
  ['undefined, functions and symbols in objects', { a: undefined, f: () => 1, s: Symbol('s'), kept: 1 }],
  ['undefined, functions and symbols in arrays', [undefined, () => 1, Symbol('s'), 2]],
  ['holes in an array', Object.assign(new Array<number>(3), { 0: 1, 2: 3 })],
  ['non-finite numbers and -0', { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, minf: Number.NEGATIVE_INFINITY, zero: -0 }],
  ['a date', { at: new Date(Date.UTC(2026, 0, 2)) }],
  ['toJSON', { custom: { toJSON: () => ({ replaced: true }) } }],
  ['a class instance', { point: new Point(1, 2) }],
  ['boxed primitives', { n: Object(5) as unknown, s: Object('x') as unknown, b: Object(false) as unknown }],
  ['an object without prototype', { inner: nullProto }],
  ['a "__proto__" key', protoKey],
  ['lone surrogates', { text: 'a\ud800b\udfffc' }],
  ['deep nesting', JSON.parse('['.repeat(200) + ']'.repeat(200)) as unknown],
  ['numbers as keys', { '2': 'b', '1': 'a', z: 'z' }],
];

describe('toJsonTree and copyJson', () => {
  it.each(CASES)('give what a JSON round trip gives: %s', (_name, value) => {
    const tree = toJsonTree(value);
    expect(tree).toStrictEqual(roundTrip(value));
    expect(JSON.stringify(tree)).toBe(JSON.stringify(value));
    if (tree !== undefined) {
      const copy = copyJson(tree);
      expect(copy).toStrictEqual(tree);
      expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
    }
  });

  it('keeps a "__proto__" key as data and never changes a prototype', () => {
    const copy = copyJson(toJsonTree(protoKey) as JsonValue) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'ok']);
    const fresh: Record<string, unknown> = {};
    expect(fresh.polluted).toBeUndefined();
  });

  it('refuses a cycle as JSON.stringify does, and a BigInt too', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => toJsonTree(cyclic)).toThrow(TypeError);
    expect(() => toJsonTree({ big: BigInt(1) })).toThrow(TypeError);
  });

  it('copies every object and array: nothing is shared', () => {
    const tree = toJsonTree({ a: { b: [{ c: 1 }] } }) as { a: { b: Array<{ c: number }> } };
    const copy = copyJson(tree);
    expect(copy.a).not.toBe(tree.a);
    expect(copy.a.b).not.toBe(tree.a.b);
    expect(copy.a.b[0]).not.toBe(tree.a.b[0]);
  });
});

describe('BoundedMemoryStorage keeps callers apart', () => {
  it('gives each read its own copy, unchanged by what a caller does to what it wrote or read', async () => {
    const store = new BoundedMemoryStorage(10);
    const written = { conversation: { lang: 'fr', options: [{ label: 'Menu', value: 'command:menu' }] } };
    await store.write({ k: written });
    written.conversation.lang = 'en';
    const first = (await store.read(['k'])).k as typeof written & { eTag: string };
    first.conversation.options.push({ label: 'x', value: 'y' });
    const second = (await store.read(['k'])).k as typeof written & { eTag: string };
    expect(second.conversation).toEqual({ lang: 'fr', options: [{ label: 'Menu', value: 'command:menu' }] });
    expect(second).not.toBe(first);
    expect(second.eTag).toBe(first.eTag);
  });

  it('stores what JSON would: no undefined field, dates as text', async () => {
    const store = new BoundedMemoryStorage(10);
    await store.write({ k: { lang: undefined, at: new Date(Date.UTC(2026, 0, 2)) } });
    const item = (await store.read(['k'])).k as Record<string, unknown>;
    expect(Object.keys(item).sort()).toEqual(['at', 'eTag']);
    expect(item.at).toBe('2026-01-02T00:00:00.000Z');
  });

  it('refuses a write with a stale eTag and accepts "*" and the current one', async () => {
    const store = new BoundedMemoryStorage(10);
    await store.write({ k: { n: 1 } });
    const { eTag } = (await store.read(['k'])).k as { eTag: string };
    await store.write({ k: { n: 2, eTag } });
    await expect(store.write({ k: { n: 3, eTag } })).rejects.toThrow(/eTag conflict/);
    await store.write({ k: { n: 4, eTag: '*' } });
    expect(((await store.read(['k'])).k as { n: number }).n).toBe(4);
  });
});
