import { PackageError, type AppIds, type JsonValue, type PackageProblem, type PlaceholderValues } from './types';

/** `${{NAME}}`: a placeholder in manifest/manifest.json. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholders of manifest/manifest.json. */
export function placeholderValues(ids: AppIds): PlaceholderValues {
  return { TEAMS_APP_ID: ids.teamsAppId, BOT_ID: ids.botId };
}

/** Escapes a property name for a JSON Pointer (RFC 6901). */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Replaces every `${{NAME}}` in the string values of `json` (a new value is returned). A placeholder
 * without a value is an error naming its JSON path.
 */
export function fillPlaceholders(json: JsonValue, values: PlaceholderValues, file = 'manifest.json'): JsonValue {
  const problems: PackageProblem[] = [];
  const fill = (value: JsonValue, path: string): JsonValue => {
    if (typeof value === 'string') {
      return value.replace(PLACEHOLDER, (whole, name: string) => {
        const v = values[name];
        if (v === undefined) {
          problems.push({ where: file, path, message: `placeholder ${whole} has no value (known: ${Object.keys(values).join(', ')})` });
          return whole;
        }
        return v;
      });
    }
    if (Array.isArray(value)) return value.map((item, i) => fill(item, `${path}/${i}`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, `${path}/${pointerToken(k)}`)]));
    }
    return value;
  };
  const filled = fill(json, '');
  if (problems.length > 0) throw new PackageError(problems);
  return filled;
}
