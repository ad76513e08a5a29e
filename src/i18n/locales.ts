import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { z } from 'zod';
import { DataError, type DataProblem, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { FUNDERS, type Lang, LANGS } from '../kb/schema';
import { type CommandTriggers, CommandTriggersSchema } from '../nlu/commands';
import { BoundedCache } from '../util/bounded-cache';

const text = z.string().trim().min(1, 'must not be empty');

/** The parts of a locale file the code relies on; other keys are free text for the bot. */
export const LocaleFileSchema = z
  .object({
    meta: z.object({ languageName: text, locale: text }).strict(),
    reply: z.record(z.string(), text),
    menu: z.record(z.string(), text),
    webchat: z.record(z.string(), text),
    poster: z.record(z.string(), text),
    funders: z.object(Object.fromEntries(FUNDERS.map((f) => [f, text])) as Record<(typeof FUNDERS)[number], typeof text>).strict(),
    triggers: CommandTriggersSchema,
  })
  .catchall(z.unknown());
export type LocaleFile = z.infer<typeof LocaleFileSchema>;

/** A locale text by key ("reply.greeting"), with {{name}} placeholders filled from `values`. */
export type Translate = (key: string, values?: Record<string, string>) => string;

/** More than all the (key, values) pairs the code and the knowledge base can produce. */
const TRANSLATION_CACHE_SIZE = 2_000;

/**
 * i18next resolves a key anew on every call (several microseconds with placeholders, many calls a
 * turn): each key, with its values, is resolved once per language. Keys come from the code and
 * values from the knowledge base (titles), and the cache is bounded anyway.
 */
function memoized(t: TFunction): Translate {
  const texts = new BoundedCache<string, string>(TRANSLATION_CACHE_SIZE);
  return (key, values) =>
    values ? texts.getOrSet(`${key}\u0000${JSON.stringify(values)}`, () => t(key, values)) : texts.getOrSet(key, () => t(key));
}

export interface Locales {
  files: Record<Lang, LocaleFile>;
  triggers: Record<Lang, CommandTriggers>;
  /** A translator fixed to one language: every reply of a turn uses the turn's translator. */
  translator(lang: Lang): Translate;
}

/** Every key path of a nested object ("reply.greeting"); arrays count as one leaf. */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** Keys present in one locale and missing in another (triggers excepted: their phrases differ). */
export function missingKeys(files: Record<Lang, unknown>): DataProblem[] {
  const problems: DataProblem[] = [];
  const sets = Object.fromEntries(LANGS.map((l) => [l, new Set(keyPaths(files[l]))])) as Record<Lang, Set<string>>;
  const all = new Set(LANGS.flatMap((l) => [...sets[l]]));
  for (const key of all) {
    for (const lang of LANGS) {
      if (!sets[lang].has(key))
        problems.push({ file: `locales/${lang}.json`, field: key, message: 'is missing (present in another language)' });
    }
  }
  return problems;
}

/** The record when every language has its file, else undefined. */
function everyLanguage<T>(partial: Partial<Record<Lang, T>>): Record<Lang, T> | undefined {
  const [fr, ar, en] = [partial.fr, partial.ar, partial.en];
  return fr !== undefined && ar !== undefined && en !== undefined ? { fr, ar, en } : undefined;
}

export function loadLocales(localesDir: string): Locales {
  const problems: DataProblem[] = [];
  const raw: Partial<Record<Lang, unknown>> = {};
  const files: Partial<Record<Lang, LocaleFile>> = {};
  for (const lang of LANGS) {
    const file = path.join(localesDir, `${lang}.json`);
    const display = path.relative(process.cwd(), file) || file;
    try {
      raw[lang] = readDataFile(file, display);
    } catch (err) {
      if (err instanceof DataError) {
        problems.push(...err.problems);
        continue;
      }
      throw err;
    }
    const parsed = LocaleFileSchema.safeParse(raw[lang]);
    if (parsed.success) files[lang] = parsed.data;
    else problems.push(...zodProblems(display, parsed.error.issues));
  }
  const all = everyLanguage(files);
  if (problems.length === 0 && all) problems.push(...missingKeys(all));
  if (problems.length > 0 || !all) throw new DataError(problems);

  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(LANGS.map((l) => [l, { translation: all[l] }])),
    lng: 'fr',
    fallbackLng: false,
    supportedLngs: [...LANGS],
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
  });
  const translators = new Map(LANGS.map((l) => [l, memoized(instance.getFixedT(l))] as const));
  return {
    files: all,
    triggers: { fr: all.fr.triggers, ar: all.ar.triggers, en: all.en.triggers },
    translator: (lang) => translators.get(lang) as Translate,
  };
}
