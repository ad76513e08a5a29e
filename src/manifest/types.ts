/** Types shared by the Teams app package modules (fill, validate, icons, package). */

/** The ids a Teams app package needs: the Teams app's id and the Azure Bot's app id (both GUIDs). */
export interface AppIds {
  readonly teamsAppId: string;
  readonly botId: string;
}

/** The placeholders of manifest/manifest.json, e.g. `${{BOT_ID}}`, and their values. */
export type PlaceholderValues = Readonly<Record<string, string>>;

/** A JSON value as read by JSON.parse. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/** The two schemas of one manifest version: the app manifest, and its localization files. */
export type SchemaKind = 'manifest' | 'localization';

/** The parts of a Teams app manifest this project reads (the schema checks the rest). */
export interface TeamsManifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  localizationInfo?: {
    defaultLanguageTag: string;
    defaultLanguageFile?: string;
    additionalLanguages?: Array<{ languageTag: string; file: string }>;
  };
  bots?: Array<{ botId: string; scopes: string[] }>;
  [key: string]: JsonValue | undefined;
}

/** A localization file (`fr.json`, `ar.json`): translated strings keyed by manifest path. */
export interface LocalizationFile {
  $schema?: string;
  'name.short': string;
  'description.short': string;
  'description.full': string;
  [key: string]: JsonValue | undefined;
}

/** One problem found while building the package: the file, the JSON path (or variable) and what is wrong. */
export interface PackageProblem {
  /** A file name (`manifest.json`, `fr.json`, `color.png`) or an environment variable (`MicrosoftAppId`). */
  readonly where: string;
  /** JSON Pointer of the faulty value (`/name/short`), when the problem is inside a JSON file. */
  readonly path?: string;
  readonly message: string;
}

/** Stops the packaging; every problem names its file and JSON path, or its variable. */
export class PackageError extends Error {
  constructor(readonly problems: readonly PackageProblem[]) {
    super(problems.map(formatPackageProblem).join('\n'));
    this.name = 'PackageError';
  }
}

export function formatPackageProblem(p: PackageProblem): string {
  return p.path === undefined ? `${p.where}: ${p.message}` : `${p.where} ${p.path || '/'}: ${p.message}`;
}

/** What `buildTeamsPackage` wrote. */
export interface PackageResult {
  readonly zipPath: string;
  /** The names of the files in the zip, in the order they were added. */
  readonly entries: readonly string[];
  readonly manifestVersion: string;
}
