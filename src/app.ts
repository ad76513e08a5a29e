import path from 'node:path';
import { loadEngineParts } from './engine-parts';
import type { KnowledgeBase } from './kb/load';
import type { OutOfScopeSubject } from './kb/out-of-scope';
import { type ContactChannels, loadContactChannels } from './kb/contact-channels';
import { checkFacetTexts, type FacetRules, loadFacetRules } from './kb/facets';
import type { Locales } from './i18n/locales';
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
  const parts = await loadEngineParts(knowledgeDir, localesDir);
  const { kb, locales, outOfScope } = parts;
  const engine = createEngine(parts);
  const contact = loadContactChannels(knowledgeDir);
  const facets = loadFacetRules(knowledgeDir, new Set(kb.byId.keys()));
  checkFacetTexts(facets, locales);
  return { kb, locales, engine, contact, facets, outOfScope: new Map(outOfScope.map((s) => [s.id, s])) };
}
