import path from 'node:path';
import { z } from 'zod';
import { DataError, type DataProblem, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { type Facet, FACETS } from '../nlu/decision';
import { KnowledgeTopicSchema } from './schema';

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

/** The entry that answers `facet` for a topic, if the knowledge base has one. */
export function facetEntry(rules: FacetRules, facet: Facet, topic: string): string | undefined {
  const rule = rules[facet];
  return (rule.topics as Record<string, string | undefined>)[topic] ?? rule.default;
}
