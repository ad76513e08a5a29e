import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { fillPlaceholders, placeholderValues } from '../src/manifest/fill';
import { checkIcon, nonWhitePixels, transparentPixels, visiblePixels } from '../src/manifest/icon-check';
import { drawColorIcon, drawOutlineIcon } from '../src/manifest/icons';
import { readAppIds } from '../src/manifest/ids';
import { PACKAGE_FILE, preparePackage } from '../src/manifest/package';
import { manifestSchemaVersion, parseSchemaUrl, schemaFile } from '../src/manifest/schemas';
import { PackageError, type JsonObject, type JsonValue, type PackageProblem } from '../src/manifest/types';
import { validateLocalization, validateManifest } from '../src/manifest/validate';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST_DIR = path.join(ROOT, 'manifest');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

const BOT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const TEAMS_APP_ID = 'f0e1d2c3-b4a5-4687-9a8b-7c6d5e4f3a2b';
const IDS = { botId: BOT_ID, teamsAppId: TEAMS_APP_ID };

const readJson = (file: string): JsonObject => JSON.parse(readFileSync(path.join(MANIFEST_DIR, file), 'utf8')) as JsonObject;
const readPng = (file: string): PNG => PNG.sync.read(readFileSync(path.join(MANIFEST_DIR, file)));

/** The problems a PackageError carries (fails the test if `run` throws anything else, or nothing). */
function problemsOf(run: () => unknown): readonly PackageProblem[] {
  try {
    run();
  } catch (err) {
    if (err instanceof PackageError) return err.problems;
    throw err;
  }
  throw new Error('expected a PackageError');
}

/** Runs `npm run manifest:package` (through tsx) from a temporary folder, with only the given ids in the environment. */
function packageCli(ids: Record<string, string>, args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['MicrosoftAppId', 'TEAMS_APP_ID', 'npm_lifecycle_event', 'INIT_CWD']) delete env[name];
  return spawnSync(process.execPath, [TSX, path.join(ROOT, 'src/cli/manifest-package.ts'), ...args], {
    cwd,
    env: { ...env, ...ids },
    encoding: 'utf8',
  });
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'teams-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of manifest/ in the temporary folder, with one JSON file changed. */
function manifestCopy(file: string, change: (json: JsonObject) => void): string {
  const dir = path.join(tmp, 'manifest');
  cpSync(MANIFEST_DIR, dir, { recursive: true });
  const json = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as JsonObject;
  change(json);
  writeFileSync(path.join(dir, file), JSON.stringify(json, null, 2));
  return dir;
}

describe('the committed Teams manifest', () => {
  const raw = readJson('manifest.json');

  it('validates against the schema of its manifestVersion once the ids are filled', () => {
    const version = manifestSchemaVersion(raw);
    const manifest = validateManifest(fillPlaceholders(raw, placeholderValues(IDS)), version);
    expect(manifest.id).toBe(TEAMS_APP_ID);
    expect(manifest.bots?.[0]?.botId).toBe(BOT_ID);
  });

  it('pins $schema and manifestVersion to the same version, whose schema ships with @microsoft/app-manifest', () => {
    const target = parseSchemaUrl(String(raw['$schema']));
    expect(target).toEqual({ version: raw['manifestVersion'], kind: 'manifest' });
    const [major, minor] = String(raw['manifestVersion']).split('.').map(Number);
    expect(major === 1 && minor !== undefined && minor >= 24).toBe(true);
    expect(existsSync(schemaFile(String(raw['manifestVersion']), 'manifest'))).toBe(true);
    expect(existsSync(schemaFile(String(raw['manifestVersion']), 'localization'))).toBe(true);
  });

  it('keeps the ids as placeholders and is a personal bot', () => {
    expect(raw['id']).toBe('${{TEAMS_APP_ID}}');
    expect(raw['bots']).toEqual([expect.objectContaining({ botId: '${{BOT_ID}}', scopes: ['personal'] })]);
  });

  it('names IOM Morocco as developer and links only to https://morocco.iom.int', () => {
    const developer = raw['developer'] as JsonObject;
    expect(developer['name']).toContain('IOM Morocco');
    expect((raw['name'] as JsonObject)['full']).toContain('International Organization for Migration (IOM) Morocco');
    const urls = JSON.stringify(raw).match(/https?:\/\/[^"\s)]+/g) ?? [];
    const links = urls.filter((u) => !u.startsWith('https://developer.microsoft.com/json-schemas/'));
    expect(new Set(links)).toEqual(new Set(['https://morocco.iom.int']));
  });

  it('has English texts, with French and Arabic localization files valid for the same version', () => {
    const version = manifestSchemaVersion(raw);
    const info = raw['localizationInfo'] as JsonObject;
    expect(info['defaultLanguageTag']).toBe('en');
    expect(info['additionalLanguages']).toEqual([
      { languageTag: 'fr', file: 'fr.json' },
      { languageTag: 'ar', file: 'ar.json' },
    ]);
    for (const file of ['fr.json', 'ar.json']) {
      const localization = validateLocalization(readJson(file), version, file);
      expect(parseSchemaUrl(localization.$schema ?? '')).toEqual({ version, kind: 'localization' });
    }
    expect(readJson('ar.json')['name.short']).toMatch(/[\u0600-\u06ff]/);
  });

  it('holds no e-mail address and no placeholder in its texts', () => {
    for (const file of ['manifest.json', 'fr.json', 'ar.json']) {
      const text = readFileSync(path.join(MANIFEST_DIR, file), 'utf8');
      expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    }
    for (const file of ['fr.json', 'ar.json']) expect(JSON.stringify(readJson(file))).not.toContain('${{');
  });

  it('reports a $schema that names another version than manifestVersion', () => {
    const problems = problemsOf(() => manifestSchemaVersion({ ...raw, manifestVersion: '1.23' }));
    expect(problems).toEqual([expect.objectContaining({ where: 'manifest.json', path: '/$schema' })]);
  });

  it('reports a placeholder without a value with its JSON path', () => {
    const problems = problemsOf(() => fillPlaceholders({ ...raw, version: '${{APP_VERSION}}' }, placeholderValues(IDS)));
    expect(problems).toEqual([expect.objectContaining({ path: '/version', message: expect.stringContaining('${{APP_VERSION}}') })]);
  });
});

describe('the Teams icons', () => {
  it('color.png is 192x192 and fully opaque', () => {
    const png = readPng('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(transparentPixels(png)).toBe(0);
  });

  it('outline.png is 32x32, white on a transparent background, with only white and transparent pixels', () => {
    const png = readPng('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    expect(nonWhitePixels(png)).toBe(0);
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      expect(a === 0 || (r === 255 && g === 255 && b === 255)).toBe(true);
    }
    expect(visiblePixels(png)).toBeGreaterThan(100);
    expect(png.data[3]).toBe(0); // a corner is background
  });

  it('are the images src/manifest/icons.ts draws', () => {
    expect(readPng('color.png').data.equals(drawColorIcon().data)).toBe(true);
    expect(readPng('outline.png').data.equals(drawOutlineIcon().data)).toBe(true);
  });

  it('are rejected with a wrong size, or an outline with a coloured pixel', () => {
    expect(checkIcon(readFileSync(path.join(MANIFEST_DIR, 'outline.png')), 'color.png', 'color')).toEqual([
      expect.objectContaining({ where: 'color.png', message: expect.stringContaining('192x192') }),
    ]);
    const outline = readPng('outline.png');
    outline.data.set([0, 51, 160, 255], 0);
    expect(checkIcon(PNG.sync.write(outline), 'outline.png', 'outline')).toEqual([
      expect.objectContaining({ where: 'outline.png', message: expect.stringContaining('white on transparent') }),
    ]);
  });
});

describe('reading the ids', () => {
  it('uses the bot id as the Teams app id when TEAMS_APP_ID is unset or empty', () => {
    expect(readAppIds({ MicrosoftAppId: ` ${BOT_ID} ` })).toEqual({ botId: BOT_ID, teamsAppId: BOT_ID });
    expect(readAppIds({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: '' })).toEqual({ botId: BOT_ID, teamsAppId: BOT_ID });
    expect(readAppIds({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID })).toEqual(IDS);
  });

  it('names each variable that is missing or not a GUID', () => {
    expect(problemsOf(() => readAppIds({})).map((p) => p.where)).toEqual(['MicrosoftAppId']);
    expect(problemsOf(() => readAppIds({ MicrosoftAppId: 'bot', TEAMS_APP_ID: '1234' })).map((p) => p.where)).toEqual([
      'MicrosoftAppId',
      'TEAMS_APP_ID',
    ]);
  });
});

describe('preparing the package', () => {
  it('reports a localization file that breaks its schema, with the file and JSON path', () => {
    const dir = manifestCopy('fr.json', (json) => {
      json['name.short'] = 'Assistant virtuel OIM Maroc pour tous';
    });
    const problems = problemsOf(() => preparePackage(dir, { MicrosoftAppId: BOT_ID }));
    expect(problems).toEqual([expect.objectContaining({ where: 'fr.json', path: '/name.short', message: expect.stringContaining('30') })]);
  });

  it('reports a file the manifest names that is missing', () => {
    const dir = manifestCopy('manifest.json', (json) => {
      (json['icons'] as JsonObject)['outline'] = 'missing.png';
    });
    const problems = problemsOf(() => preparePackage(dir, { MicrosoftAppId: BOT_ID }));
    expect(problems).toEqual([
      expect.objectContaining({ where: 'manifest.json', path: '/icons/outline', message: expect.stringContaining('missing.png') }),
    ]);
  });
});

describe('npm run manifest:package', () => {
  it('writes a zip holding manifest.json, the icons and the fr/ar files at its root, with the ids filled', async () => {
    const out = path.join(tmp, 'out');
    const r = packageCli({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID }, ['--out', out], tmp);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(PACKAGE_FILE);
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, PACKAGE_FILE)));
    const entries = Object.values(zip.files).map((f) => f.name);
    expect(entries.sort()).toEqual(['ar.json', 'color.png', 'fr.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as JsonValue;
    expect(manifest).toMatchObject({ id: TEAMS_APP_ID, bots: [{ botId: BOT_ID }] });
    expect(JSON.stringify(manifest)).not.toContain('${{');
    const color = await zip.file('color.png')!.async('nodebuffer');
    expect(color.equals(readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toBe(true);
  });

  it('exits 1 naming MicrosoftAppId when it is missing, and writes no zip', () => {
    const out = path.join(tmp, 'out');
    const r = packageCli({}, ['--out', out], tmp);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MicrosoftAppId: is required/);
    expect(existsSync(path.join(out, PACKAGE_FILE))).toBe(false);
  });

  it('exits 1 naming the variable whose id is not a GUID, and writes no zip', () => {
    const out = path.join(tmp, 'out');
    const r = packageCli({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: 'my-teams-app' }, ['--out', out], tmp);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TEAMS_APP_ID: must be a GUID/);
    expect(r.stderr).not.toMatch(/MicrosoftAppId/);
    expect(existsSync(path.join(out, PACKAGE_FILE))).toBe(false);

    const bad = packageCli({ MicrosoftAppId: 'not-a-guid' }, ['--out', out], tmp);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/MicrosoftAppId: must be a GUID/);
  });

  it('exits 1 reporting a schema violation with its JSON path, and writes no zip', () => {
    const dir = manifestCopy('manifest.json', (json) => {
      (json['name'] as JsonObject)['short'] = 'International Organization for Migration assistant';
    });
    const out = path.join(tmp, 'out');
    const r = packageCli({ MicrosoftAppId: BOT_ID }, ['--manifest', dir, '--out', out], tmp);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/manifest\.json \/name\/short: must NOT have more than 30 characters/);
    expect(existsSync(path.join(out, PACKAGE_FILE))).toBe(false);
  });

  it('prints its usage and exits 2 on an unknown option', () => {
    const r = packageCli({ MicrosoftAppId: BOT_ID }, ['--zip', 'x'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option --zip[\s\S]*usage/);
  });
});
