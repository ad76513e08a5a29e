import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { fillPlaceholders, placeholderValues } from './fill';
import { checkIcon, type IconKind } from './icon-check';
import { readAppIds } from './ids';
import { manifestSchemaVersion } from './schemas';
import { PackageError, type JsonValue, type PackageProblem, type PackageResult, type TeamsManifest } from './types';
import { validateLocalization, validateManifest } from './validate';

/** The package's file name, written in the output folder. */
export const PACKAGE_FILE = 'iom-morocco-assistant-teams.zip';
export const MANIFEST_FILE = 'manifest.json';

export interface PackageOptions {
  /** The folder holding manifest.json, its icons and localization files (manifest/). */
  readonly manifestDir: string;
  /** Where the zip is written (created if missing). */
  readonly outDir: string;
  /** Where the ids are read: MicrosoftAppId and TEAMS_APP_ID. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The manifest's validated content and the other files of the package, by name at the zip root. */
export interface PackageContent {
  readonly manifest: TeamsManifest;
  readonly manifestVersion: string;
  readonly files: ReadonlyMap<string, Buffer>;
}

/** Runs `step`; a PackageError's problems are added to `problems` instead of stopping. */
function collect<T>(problems: PackageProblem[], step: () => T): T | undefined {
  try {
    return step();
  } catch (err) {
    if (err instanceof PackageError) {
      problems.push(...err.problems);
      return undefined;
    }
    throw err;
  }
}

function readFile(dir: string, name: string, from: { file: string; path: string }): Buffer {
  const file = path.join(dir, name);
  if (!existsSync(file))
    throw new PackageError([{ where: from.file, path: from.path, message: `names ${name}, which is missing from ${dir}` }]);
  return readFileSync(file);
}

function parseJson(data: Buffer, file: string): JsonValue {
  try {
    return JSON.parse(data.toString('utf8').replace(/^\uFEFF/, '')) as JsonValue;
  } catch (err) {
    throw new PackageError([{ where: file, message: `is not valid JSON (${(err as Error).message})` }]);
  }
}

/** A file the manifest names must sit at the package root: a plain file name. */
function rootFileName(name: string, from: { file: string; path: string }): string {
  if (name === '' || name !== path.posix.basename(name) || name !== path.win32.basename(name) || name === '.' || name === '..') {
    throw new PackageError([{ where: from.file, path: from.path, message: `"${name}" must be a file name at the package root` }]);
  }
  return name;
}

/**
 * Reads manifest/, fills the ids, validates the manifest and its localization files against the
 * pinned schemas and checks the icons. Every problem found is reported at once (PackageError).
 */
export function preparePackage(manifestDir: string, env: PackageOptions['env']): PackageContent {
  const ids = readAppIds(env);
  const raw = parseJson(readFile(manifestDir, MANIFEST_FILE, { file: MANIFEST_FILE, path: '' }), MANIFEST_FILE);
  const manifestVersion = manifestSchemaVersion(raw, MANIFEST_FILE);
  const manifest = validateManifest(fillPlaceholders(raw, placeholderValues(ids), MANIFEST_FILE), manifestVersion, MANIFEST_FILE);

  const problems: PackageProblem[] = [];
  const files = new Map<string, Buffer>();
  const icons: Array<[IconKind, string]> = [
    ['color', manifest.icons.color],
    ['outline', manifest.icons.outline],
  ];
  for (const [kind, name] of icons) {
    collect(problems, () => {
      const from = { file: MANIFEST_FILE, path: `/icons/${kind}` };
      const data = readFile(manifestDir, rootFileName(name, from), from);
      const iconProblems = checkIcon(data, name, kind);
      if (iconProblems.length > 0) throw new PackageError(iconProblems);
      files.set(name, data);
    });
  }

  const info = manifest.localizationInfo;
  const localizations: Array<[string, string]> = (info?.additionalLanguages ?? []).map((l, i) => [
    l.file,
    `/localizationInfo/additionalLanguages/${i}/file`,
  ]);
  if (info?.defaultLanguageFile !== undefined) localizations.unshift([info.defaultLanguageFile, '/localizationInfo/defaultLanguageFile']);
  for (const [name, pointer] of localizations) {
    collect(problems, () => {
      const from = { file: MANIFEST_FILE, path: pointer };
      const data = readFile(manifestDir, rootFileName(name, from), from);
      validateLocalization(parseJson(data, name), manifestVersion, name);
      files.set(name, data);
    });
  }
  if (problems.length > 0) throw new PackageError(problems);
  return { manifest, manifestVersion, files };
}

/** Builds DIR/iom-morocco-assistant-teams.zip: manifest.json (ids filled), the icons and the localization files, at the zip root. */
export async function buildTeamsPackage(options: PackageOptions): Promise<PackageResult> {
  const { manifest, manifestVersion, files } = preparePackage(options.manifestDir, options.env);
  const zip = new JSZip();
  zip.file(MANIFEST_FILE, JSON.stringify(manifest, null, 2) + '\n');
  for (const [name, data] of files) zip.file(name, data);
  const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  mkdirSync(options.outDir, { recursive: true });
  const zipPath = path.join(options.outDir, PACKAGE_FILE);
  writeFileSync(zipPath, content);
  return { zipPath, entries: [MANIFEST_FILE, ...files.keys()], manifestVersion };
}
