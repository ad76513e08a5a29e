import { type Locales, loadLocales } from './i18n/locales';
import { loadKnowledgeBase } from './kb/load';
import { LANGS } from './kb/schema';
import { loadOutOfScope } from './kb/out-of-scope';
import { loadSiblingRules } from './kb/sibling-topics';
import { loadSituations } from './kb/situations';
import { ConceptMatcher, loadConcepts } from './nlu/concepts';
import { loadFrenchEnglishDetector } from './nlu/franc-detector';
import { loadLexicon } from './nlu/lexicon';
import type { EngineParts } from './nlu/understand';
import { DangerDetector } from './safety/danger-detector';

/** What the understanding engine is built from, and the locales it was checked with. */
export interface LoadedEngineParts extends EngineParts {
  locales: Locales;
}

/**
 * Loads and validates everything the understanding engine is built from (knowledge entries,
 * function words, command triggers, out-of-scope subjects, situations, concepts, sibling topics, danger signals):
 * the one loader of the bot, the CLI, the k-fold evaluation and the benchmarks, so that they all
 * measure the same engine. Throws DataError naming file, entry and field.
 */
export async function loadEngineParts(knowledgeDir: string, localesDir: string): Promise<LoadedEngineParts> {
  const kb = loadKnowledgeBase(knowledgeDir);
  const entryIds = new Set(kb.byId.keys());
  const locales = loadLocales(localesDir);
  const situations = loadSituations(knowledgeDir, entryIds);
  const concepts = loadConcepts(knowledgeDir);
  return {
    kb,
    locales,
    lexicon: loadLexicon(knowledgeDir),
    triggers: locales.triggers,
    outOfScope: loadOutOfScope(knowledgeDir, entryIds),
    detectFrenchEnglish: await loadFrenchEnglishDetector(),
    situations: [...situations].flatMap(([entry, byLang]) => LANGS.map((lang) => ({ entry, lang, phrases: byLang[lang] }))),
    concepts: new ConceptMatcher(concepts),
    siblings: loadSiblingRules(knowledgeDir, new Set(concepts.map((c) => c.id))),
    safety: DangerDetector.fromKnowledge(knowledgeDir),
  };
}
