import path from 'node:path';
import { z } from 'zod';
import { type DataProblem, DataError, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { normalizeText } from '../nlu/normalize';
import { type Entry, LANGS } from './schema';

/** knowledge/content-rules.yaml: what answers of a kind must say. */
export const CONTENT_RULES_FILE = 'content-rules.yaml';

const phrase = z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1));
const phrases = z.array(phrase).min(1);
export const ContentRulesSchema = z
  .object({
    emergencyNumbers: z.array(phrase.pipe(z.string().regex(/^\d+$/, 'must be digits'))).min(1),
    endedWords: z.object({ fr: phrases, ar: phrases, en: phrases }).strict(),
  })
  .strict();
export type ContentRules = z.infer<typeof ContentRulesSchema>;

export function loadContentRules(knowledgeDir: string): ContentRules {
  const file = path.join(knowledgeDir, CONTENT_RULES_FILE);
  const display = path.relative(process.cwd(), file) || file;
  const raw = readDataFile(file, display);
  const parsed = ContentRulesSchema.safeParse(raw);
  if (!parsed.success) throw new DataError(zodProblems(display, parsed.error.issues, { input: raw }));
  return parsed.data;
}

/** True when the normalised words of `phrase` occur, in order and whole, in `text`. */
function saysPhrase(text: string, phrase: string): boolean {
  const words = normalizeText(phrase);
  return words.length > 0 && ` ${normalizeText(text)} `.includes(` ${words} `);
}

/**
 * Content rules over validated entries: (a) an answer for a possible victim gives the emergency
 * numbers in every language; (b) an ended project's answer says it ended (its end year or an
 * "ended" word) in every language. `fileOf` names the file of each entry.
 */
export function checkContentRules(entries: readonly Entry[], rules: ContentRules, fileOf: (e: Entry) => string): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const e of entries) {
    for (const lang of LANGS) {
      const answer = e[lang].answer;
      const where = { file: fileOf(e), entry: e.id, field: `${lang}.answer` };
      if (e.victim) {
        const missing = rules.emergencyNumbers.filter((n) => !saysPhrase(answer, n));
        if (missing.length > 0) {
          problems.push({
            ...where,
            message: `speaks to a possible victim (victim: true) but does not give the emergency number(s) ${missing.join(', ')}`,
          });
        }
      }
      if (e.period.status === 'ended') {
        const year = e.period.end?.slice(0, 4);
        const saysEnded = (year !== undefined && saysPhrase(answer, year)) || rules.endedWords[lang].some((w) => saysPhrase(answer, w));
        if (!saysEnded) {
          problems.push({
            ...where,
            message: `the project has ended (period.status: ended) but the answer neither names its end year${year ? ` ${year}` : ''} nor says it ended`,
          });
        }
      }
    }
  }
  return problems;
}
