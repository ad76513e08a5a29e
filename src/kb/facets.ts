import path from 'node:path';
import { z } from 'zod';
import { DataError, type DataProblem, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { keyPaths, type Locales } from '../i18n/locales';
import { type Facet, FACETS } from '../nlu/decision';
import { KnowledgeTopicSchema, LANGS } from './schema';

export const FACETS_FILE = 'facets.yaml';

const entryId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an entry id');

/** Which entry answers a facet: per topic, or for any topic. */
export const FacetRuleSchema = z
  .object({
    topics: z.partialRecord(KnowledgeTopicSchema, entryId).default({}),
    default: entryId.optional(),
  })
  .strict();
export type FacetRule = z.infer<typeof FacetRuleSchema>;

export const FacetRulesSchema = z
  .object(Object.fromEntries(FACETS.map((f) => [f, FacetRuleSchema])) as Record<Facet, typeof FacetRuleSchema>)
  .strict();
export type FacetRules = z.infer<typeof FacetRulesSchema>;

/** Reads knowledge/facets.yaml; every entry it names must exist. */
export function loadFacetRules(knowledgeDir: string, entryIds: ReadonlySet<string>): FacetRules {
  const file = path.join(knowledgeDir, FACETS_FILE);
  const display = path.relative(process.cwd(), file) || file;
  const parsed = FacetRulesSchema.safeParse(readDataFile(file, display));
  if (!parsed.success) throw new DataError(zodProblems(display, parsed.error.issues));
  const problems: DataProblem[] = [];
  for (const facet of FACETS) {
    const rule = parsed.data[facet];
    const named: Array<[string, string | undefined]> = [...Object.entries(rule.topics), ['default', rule.default]];
    for (const [where, id] of named) {
      if (id && !entryIds.has(id))
        problems.push({
          file: display,
          entry: facet,
          field: where === 'default' ? 'default' : `topics.${where}`,
          message: `names an unknown entry "${id}"`,
        });
    }
  }
  if (problems.length > 0) throw new DataError(problems);
  return parsed.data;
}

/**
 * A facet without a default entry is answered, for the topics it does not name, by its honest text
 * "facet.<facet>" of locales/ ("when" by an entry's period): each language must have that text, or
 * the bot would show the key.
 */
export function facetTextProblems(rules: FacetRules, localeKeys: Record<string, ReadonlySet<string>>): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const facet of FACETS) {
    if (rules[facet].default !== undefined) continue;
    for (const [lang, keys] of Object.entries(localeKeys)) {
      const key = `facet.${facet}`;
      if (!keys.has(key) && ![...keys].some((k) => k.startsWith(`${key}.`)))
        problems.push({
          file: `locales/${lang}.json`,
          field: key,
          message: `is missing: facet "${facet}" has no default entry in ${FACETS_FILE}`,
        });
    }
  }
  return problems;
}

/** Throws a DataError when a facet's honest text is missing in a language (see `facetTextProblems`). */
export function checkFacetTexts(rules: FacetRules, locales: Pick<Locales, 'files'>): void {
  const localeKeys = Object.fromEntries(LANGS.map((lang) => [lang, new Set(keyPaths(locales.files[lang]))]));
  const problems = facetTextProblems(rules, localeKeys);
  if (problems.length > 0) throw new DataError(problems);
}

/** The entry that answers `facet` for a topic, if the knowledge base has one. */
export function facetEntry(rules: FacetRules, facet: Facet, topic: string): string | undefined {
  const rule = rules[facet];
  return (rule.topics as Record<string, string | undefined>)[topic] ?? rule.default;
}
