import path from 'node:path';
import { type KnowledgeBase, loadKnowledgeBase } from './kb/load';
import { loadOutOfScope, type OutOfScopeSubject } from './kb/out-of-scope';
import { loadSituations } from './kb/situations';
import { ConceptMatcher, loadConcepts } from './nlu/concepts';
import { DangerDetector } from './safety/danger-detector';
import { type ContactChannels, loadContactChannels } from './kb/contact-channels';
import { type FacetRules, loadFacetRules } from './kb/facets';
import { type Locales, loadLocales } from './i18n/locales';
import { loadFrenchEnglishDetector } from './nlu/franc-detector';
import { loadLexicon } from './nlu/lexicon';
import { createEngine, type UnderstandingEngine } from './nlu/understand';
import { projectRoot } from './paths';

/** Everything the bot knows, loaded and validated once at start-up. */
export interface Brain {
  kb: KnowledgeBase;
  locales: Locales;
  engine: UnderstandingEngine;
  contact: ContactChannels;
  /** Which entry answers a follow-up ("who can ask?") for a topic. */
  facets: FacetRules;
  /** Subjects the bot declines, each with its honest reply, by id. */
  outOfScope: Map<string, OutOfScopeSubject>;
}

export interface BrainOptions {
  knowledgeDir?: string;
  localesDir?: string;
}

/** Loads and validates the knowledge base, lexicon and locales, and builds the understanding engine. Throws DataError on invalid data. */
export async function loadBrain(options: BrainOptions = {}): Promise<Brain> {
  const root = projectRoot();
  const knowledgeDir = options.knowledgeDir ?? path.join(root, 'knowledge');
  const localesDir = options.localesDir ?? path.join(root, 'locales');
  const kb = loadKnowledgeBase(knowledgeDir);
  const entryIds = new Set(kb.byId.keys());
  const lexicon = loadLexicon(knowledgeDir);
  const outOfScope = loadOutOfScope(knowledgeDir, entryIds);
  const situations = loadSituations(knowledgeDir, entryIds);
  const concepts = new ConceptMatcher(loadConcepts(knowledgeDir));
  const safety = DangerDetector.fromKnowledge(knowledgeDir);
  const locales = loadLocales(localesDir);
  const contact = loadContactChannels(knowledgeDir);
  const detectFrenchEnglish = await loadFrenchEnglishDetector();
  const engine = createEngine({
    kb,
    lexicon,
    triggers: locales.triggers,
    outOfScope,
    detectFrenchEnglish,
    situations: [...situations].map(([entry, byLang]) => ({ entry, phrases: Object.values(byLang).flat() })),
    concepts,
    safety,
  });
  const facets = loadFacetRules(knowledgeDir, entryIds);
  return { kb, locales, engine, contact, facets, outOfScope: new Map(outOfScope.map((s) => [s.id, s])) };
}
