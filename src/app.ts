import path from 'node:path';
import { type KnowledgeBase, loadKnowledgeBase } from './kb/load';
import { loadOutOfScope } from './kb/out-of-scope';
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
  const lexicon = loadLexicon(knowledgeDir);
  const outOfScope = loadOutOfScope(knowledgeDir, new Set(kb.entries.map((e) => e.id)));
  const locales = loadLocales(localesDir);
  const contact = loadContactChannels(knowledgeDir);
  const detectFrenchEnglish = await loadFrenchEnglishDetector();
  const engine = createEngine({ kb, lexicon, triggers: locales.triggers, outOfScope, detectFrenchEnglish });
  const facets = loadFacetRules(knowledgeDir, new Set(kb.byId.keys()));
  return { kb, locales, engine, contact, facets };
}
