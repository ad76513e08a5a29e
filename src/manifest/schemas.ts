import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PackageError, type JsonObject, type JsonValue, type SchemaKind } from './types';

const SCHEMA_FILES: Record<SchemaKind, string> = {
  manifest: 'MicrosoftTeams.schema.json',
  localization: 'MicrosoftTeams.Localization.schema.json',
};

/** `$schema` of a manifest or localization file: the official URL of one version's schema (en-us or not). */
const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?json-schemas\/teams\/v(\d+\.\d+)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/;

/** The official Teams JSON schemas shipped by @microsoft/app-manifest, one folder per version (`v1.24`). */
export function teamsSchemaDir(): string {
  return path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build/json-schemas/teams');
}

export function schemaFile(version: string, kind: SchemaKind): string {
  return path.join(teamsSchemaDir(), `v${version}`, SCHEMA_FILES[kind]);
}

/** The official URL of a version's schema, as `$schema` should hold it. */
export function schemaUrl(version: string, kind: SchemaKind): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${version}/${SCHEMA_FILES[kind]}`;
}

/** The version and kind a `$schema` URL points to, or undefined for another URL. */
export function parseSchemaUrl(url: string): { version: string; kind: SchemaKind } | undefined {
  const m = SCHEMA_URL.exec(url);
  if (!m) return undefined;
  return { version: m[1] as string, kind: m[2] === SCHEMA_FILES.manifest ? 'manifest' : 'localization' };
}

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The schema version a manifest is written for: its `manifestVersion`, which its `$schema` must
 * name too, and for which @microsoft/app-manifest ships a schema.
 */
export function manifestSchemaVersion(manifest: JsonValue, file = 'manifest.json'): string {
  if (!isObject(manifest)) throw new PackageError([{ where: file, path: '', message: 'must be a JSON object' }]);
  const version = manifest['manifestVersion'];
  const url = manifest['$schema'];
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) {
    throw new PackageError([{ where: file, path: '/manifestVersion', message: 'must be a version such as "1.24"' }]);
  }
  const target = typeof url === 'string' ? parseSchemaUrl(url) : undefined;
  if (!target || target.kind !== 'manifest' || target.version !== version) {
    throw new PackageError([
      { where: file, path: '/$schema', message: `must be ${schemaUrl(version, 'manifest')}, the schema of manifestVersion ${version}` },
    ]);
  }
  if (!existsSync(schemaFile(version, 'manifest'))) {
    throw new PackageError([
      { where: file, path: '/manifestVersion', message: `no schema for version ${version} in @microsoft/app-manifest` },
    ]);
  }
  return version;
}

/** Meta-schemas whose keywords mean, for the Teams schemas, what they mean in draft-07 (Ajv's default). */
const COMPATIBLE_DRAFTS = [
  'http://json-schema.org/draft-04/schema#',
  'http://json-schema.org/draft-06/schema#',
  'http://json-schema.org/draft-07/schema#',
];

/** Keywords whose draft-04 meaning differs from draft-07; the Teams schemas do not use them. */
function assertNoDraft04Only(node: JsonValue, where: string): void {
  if (Array.isArray(node)) {
    node.forEach((n) => assertNoDraft04Only(n, where));
  } else if (isObject(node)) {
    for (const key of ['exclusiveMinimum', 'exclusiveMaximum']) {
      if (typeof node[key] === 'boolean') throw new Error(`${where} uses the draft-04 form of ${key}: cannot validate with draft-07`);
    }
    Object.values(node).forEach((n) => assertNoDraft04Only(n, where));
  }
}

/**
 * Reads one of the official schemas. They declare draft-04 (which Ajv 8 does not ship) but use only
 * keywords draft-07 reads the same way: the `$schema` is dropped so Ajv's draft-07 meta-schema applies.
 */
export function loadSchema(version: string, kind: SchemaKind): JsonObject {
  const file = schemaFile(version, kind);
  const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonValue;
  if (!isObject(schema)) throw new Error(`${file} is not a JSON schema`);
  const { $schema: draft, ...rest } = schema;
  if (draft !== undefined && !(typeof draft === 'string' && COMPATIBLE_DRAFTS.includes(draft))) {
    throw new Error(`${file} uses meta-schema ${String(draft)}, not supported here`);
  }
  assertNoDraft04Only(rest, file);
  return rest;
}
