import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadSchema, parseSchemaUrl, schemaUrl } from './schemas';
import { PackageError, type JsonValue, type LocalizationFile, type PackageProblem, type SchemaKind, type TeamsManifest } from './types';

type Validators = { manifest: ValidateFunction<TeamsManifest>; localization: ValidateFunction<LocalizationFile> };

const cache = new Map<string, Validators>();

/**
 * The compiled validators of one schema version. strict:false lets Ajv skip the schemas' unknown
 * keywords; unicodeRegExp:false compiles their patterns as ECMA-262 (non-unicode) expressions, as
 * draft-04 means them (one localization pattern holds a bare "]", invalid with the u flag).
 */
function validators(version: string): Validators {
  let v = cache.get(version);
  if (!v) {
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    v = {
      manifest: ajv.compile<TeamsManifest>(loadSchema(version, 'manifest')),
      localization: ajv.compile<LocalizationFile>(loadSchema(version, 'localization')),
    };
    cache.set(version, v);
  }
  return v;
}

/** One Ajv error as a problem: the JSON path of the value and what the schema expects. */
function toProblem(file: string, e: ErrorObject): PackageProblem {
  let message = e.message ?? `fails ${e.keyword}`;
  const params: Record<string, unknown> = e.params;
  if (e.keyword === 'additionalProperties') message += `: "${String(params['additionalProperty'])}"`;
  if (e.keyword === 'enum') message += `: ${JSON.stringify(params['allowedValues'])}`;
  if (e.keyword === 'const') message += `: ${JSON.stringify(params['allowedValue'])}`;
  return { where: file, path: e.instancePath, message };
}

function check<T>(validate: ValidateFunction<T>, json: JsonValue, file: string): T {
  if (validate(json)) return json;
  const problems = (validate.errors ?? []).map((e) => toProblem(file, e));
  throw new PackageError(problems.length > 0 ? problems : [{ where: file, path: '', message: 'does not match its schema' }]);
}

/** Validates a manifest (ids filled) against the schema of `version`. */
export function validateManifest(json: JsonValue, version: string, file = 'manifest.json'): TeamsManifest {
  return check(validators(version).manifest, json, file);
}

/** Validates a localization file against the Localization schema of `version`; its `$schema`, if any, must be that one. */
export function validateLocalization(json: JsonValue, version: string, file: string): LocalizationFile {
  const localization = check(validators(version).localization, json, file);
  if (localization.$schema !== undefined) {
    const target = parseSchemaUrl(localization.$schema);
    const kind: SchemaKind = 'localization';
    if (!target || target.kind !== kind || target.version !== version) {
      throw new PackageError([{ where: file, path: '/$schema', message: `must be ${schemaUrl(version, kind)}, the manifest's version` }]);
    }
  }
  return localization;
}
