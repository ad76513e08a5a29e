import path from 'node:path';
import { collectProblems, formatProblem } from '../data/data-error';
import { loadLocales } from '../i18n/locales';
import { readKnowledgeBase } from '../kb/load';
import { loadOutOfScope } from '../kb/out-of-scope';
import { loadSituations } from '../kb/situations';
import { loadContactChannels } from '../kb/contact-channels';
import { checkFacetTexts, loadFacetRules } from '../kb/facets';
import { loadDangerSignals } from '../safety/danger-signals';
import { loadConcepts } from '../nlu/concepts';
import { loadSiblingRules } from '../kb/sibling-topics';
import { loadLexicon } from '../nlu/lexicon';
import { projectRoot } from '../paths';

const USAGE = 'usage: npm run kb:check -- [KNOWLEDGE_DIR] [--locales LOCALES_DIR]';

/**
 * Validates the knowledge base (entries, required entries, content rules), its lexicon, concepts,
 * situations, danger signals, facets, out-of-scope list and contact channels, and the locales;
 * reports every problem, one per mistake; exit 1 on any.
 */
function main(argv: string[]): number {
  const args = [...argv];
  let localesDir = path.join(projectRoot(), 'locales');
  const at = args.indexOf('--locales');
  if (at >= 0) {
    const value = args[at + 1];
    if (!value) {
      console.error(USAGE);
      return 2;
    }
    localesDir = value;
    args.splice(at, 2);
  }
  if (args.length > 1 || args.some((a) => a.startsWith('--'))) {
    console.error(USAGE);
    return 2;
  }
  const knowledgeDir = args[0] ?? path.join(projectRoot(), 'knowledge');
  const { kb, problems } = readKnowledgeBase(knowledgeDir);
  collectProblems(problems, () => loadLexicon(knowledgeDir));
  const entryIds = kb ? new Set(kb.entries.map((e) => e.id)) : undefined;
  collectProblems(problems, () => loadOutOfScope(knowledgeDir, entryIds));
  const concepts = collectProblems(problems, () => loadConcepts(knowledgeDir));
  if (concepts) collectProblems(problems, () => loadSiblingRules(knowledgeDir, new Set(concepts.map((c) => c.id))));
  if (entryIds) collectProblems(problems, () => loadSituations(knowledgeDir, entryIds));
  const facets = entryIds ? collectProblems(problems, () => loadFacetRules(knowledgeDir, entryIds)) : undefined;
  collectProblems(problems, () => loadDangerSignals(knowledgeDir));
  collectProblems(problems, () => loadContactChannels(knowledgeDir));
  const locales = collectProblems(problems, () => loadLocales(localesDir));
  if (facets && locales) collectProblems(problems, () => checkFacetTexts(facets, locales));
  if (problems.length > 0 || !kb) {
    const files = new Set(problems.map((p) => p.file));
    console.error(`kb:check found ${problems.length} problem(s) in ${files.size} file(s):`);
    for (const p of problems) console.error('  - ' + formatProblem(p));
    return 1;
  }
  const topics = new Set(kb.entries.map((e) => e.topic));
  const variants = kb.entries.reduce((n, e) => n + e.fr.questions.length + e.ar.questions.length + e.en.questions.length, 0);
  console.log(`kb:check OK: ${kb.entries.length} entries, ${topics.size} topics, ${variants} question variants, in fr, ar and en.`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
