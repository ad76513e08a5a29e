import path from 'node:path';
import { z } from 'zod';
import { DataError, type DataProblem, itemNamer, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { KnowledgeTopicSchema } from './schema';

export const SIBLING_TOPICS_FILE = 'sibling-topics.yaml';

const conceptId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a concept id');

/** Two topics asked about with the same words, told apart by the concepts a message names. */
export const SiblingRuleSchema = z
  .object({
    topics: z.tuple([KnowledgeTopicSchema, KnowledgeTopicSchema]),
    about: z.string().trim().min(1, 'must say what tells the topics apart'),
    default: KnowledgeTopicSchema.optional(),
    tellTale: z.partialRecord(KnowledgeTopicSchema, z.array(conceptId).min(1)),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const [a, b] = rule.topics;
    if (a === b) ctx.addIssue({ code: 'custom', path: ['topics'], message: 'must name two different topics' });
    if (rule.default !== undefined && rule.default !== a && rule.default !== b)
      ctx.addIssue({ code: 'custom', path: ['default'], message: 'must be one of the two topics' });
    for (const topic of Object.keys(rule.tellTale)) {
      if (topic !== a && topic !== b) ctx.addIssue({ code: 'custom', path: ['tellTale', topic], message: 'must be one of the two topics' });
    }
  });
export type SiblingRule = z.infer<typeof SiblingRuleSchema>;

/** Reads knowledge/sibling-topics.yaml; every concept it names must exist in the concept lexicon. */
export function loadSiblingRules(knowledgeDir: string, conceptIds: ReadonlySet<string>): SiblingRule[] {
  const file = path.join(knowledgeDir, SIBLING_TOPICS_FILE);
  const display = path.relative(process.cwd(), file) || file;
  const raw = readDataFile(file, display);
  const parsed = z.array(SiblingRuleSchema).safeParse(raw);
  if (!parsed.success) throw new DataError(zodProblems(display, parsed.error.issues, itemNamer(raw, 'topics')));
  const problems: DataProblem[] = [];
  parsed.data.forEach((rule, i) => {
    const entry = rule.topics.join(' / ');
    for (const [topic, concepts] of Object.entries(rule.tellTale)) {
      concepts?.forEach((id, j) => {
        if (!conceptIds.has(id))
          problems.push({ file: display, entry, field: `tellTale.${topic}.${j}`, message: `names an unknown concept "${id}"` });
      });
    }
    const seen = parsed.data.findIndex((r) => r.topics.includes(rule.topics[0]) && r.topics.includes(rule.topics[1]));
    if (seen !== i) problems.push({ file: display, entry, field: 'topics', message: 'this pair has a rule already' });
  });
  if (problems.length > 0) throw new DataError(problems);
  return parsed.data;
}
