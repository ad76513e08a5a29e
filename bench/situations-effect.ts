/**
 * npx tsx bench/situations-effect.ts   (SKIP_ENTRIES=id,id leaves those entries' situations out)
 *
 * What the situations (knowledge/situations/) would do if the engine read them as extra question
 * variants of their entries. Uses only the knowledge base's own data, never the evaluation files.
 * Held-out by folds, so that no message is found word for word in the index it is tested on:
 *  1. the knowledge base's questions: each fold is removed from the base and asked, with and
 *     without the situations: nothing should get worse;
 *  2. the situations: each fold of situations is left out and asked, to an engine without any
 *     situation and to one with the other folds: how well the data generalises;
 *  3. the out-of-scope situations, asked to the engine (keywords only, as today): declined or not.
 * With CONCEPTS=1, every phrase of the base and every message also carries one made-up word per
 * topical concept it speaks of (knowledge/concepts.yaml), a rough stand-in for concept tokens.
 */
import path from 'node:path';
import { loadLocales } from '../src/i18n/locales';
import { type KnowledgeBase, loadKnowledgeBase } from '../src/kb/load';
import { loadOutOfScope, type OutOfScopeSubject } from '../src/kb/out-of-scope';
import { type Entry, type Lang, LANGS } from '../src/kb/schema';
import { loadSituations, type Situations } from '../src/kb/situations';
import { type FrenchEnglishDetector } from '../src/nlu/language';
import { ConceptMatcher, loadConcepts } from '../src/nlu/concepts';
import { loadFrenchEnglishDetector } from '../src/nlu/franc-detector';
import { normalizeText } from '../src/nlu/normalize';
import { type Lexicon, loadLexicon } from '../src/nlu/lexicon';
import { createEngine, type Decision } from '../src/nlu/understand';
import { projectRoot } from '../src/paths';

const FOLDS = 5;

interface Case {
  text: string;
  entry: string;
  topic: string;
}

interface Tally {
  right: number;
  clarifyRight: number;
  wrong: number;
  none: number;
}

interface Parts {
  lexicon: Lexicon;
  triggers: ReturnType<typeof loadLocales>['triggers'];
  outOfScope: OutOfScopeSubject[];
  detectFrenchEnglish: FrenchEnglishDetector;
}

/** A copy of the base without the held-out questions, plus situations as question variants. */
function variant(kb: KnowledgeBase, heldOut: Set<string>, extra: Map<string, Record<Lang, string[]>>): KnowledgeBase {
  const entries: Entry[] = kb.entries.map((e) => {
    const copy = structuredClone(e);
    for (const lang of LANGS) {
      const kept = copy[lang].questions.filter((q) => !heldOut.has(q));
      copy[lang].questions = [...kept, ...(extra.get(e.id)?.[lang] ?? [])];
    }
    return copy;
  });
  return { ...kb, entries, byId: new Map(entries.map((e) => [e.id, e] as const)) };
}

function tally(cases: Case[], understand: (text: string) => Decision): Tally {
  const t: Tally = { right: 0, clarifyRight: 0, wrong: 0, none: 0 };
  for (const c of cases) {
    const d = understand(c.text);
    if (d.kind === 'answer') {
      if (d.topic === c.topic) t.right++;
      else t.wrong++;
    } else if (d.kind === 'clarify') {
      if (d.suggestions.some((s) => s.topic === c.topic)) t.clarifyRight++;
      else t.wrong++;
    } else t.none++;
  }
  return t;
}

const add = (a: Tally, b: Tally): Tally => ({
  right: a.right + b.right,
  clarifyRight: a.clarifyRight + b.clarifyRight,
  wrong: a.wrong + b.wrong,
  none: a.none + b.none,
});
const show = (name: string, t: Tally) => {
  const n = t.right + t.clarifyRight + t.wrong + t.none;
  const pct = (x: number) => `${((100 * x) / Math.max(1, n)).toFixed(1)}%`;
  console.log(
    `${name.padEnd(44)} n=${n} answered right ${pct(t.right)}, clarify incl. right ${pct(t.clarifyRight)}, wrong ${pct(t.wrong)}, none ${pct(t.none)}`,
  );
};

/** Concepts that say what a message is about (not the follow-up facets, commands, yes and no). */
const TOPICAL = (id: string) => !/^(facet-|cmd-)/.test(id) && id !== 'yes' && id !== 'no';
let conceptWords: ((text: string) => string) | undefined;

function withConcepts(kb: KnowledgeBase): KnowledgeBase {
  const tag = conceptWords;
  if (!tag) return kb;
  const entries = kb.entries.map((e) => {
    const copy = structuredClone(e);
    for (const lang of LANGS) {
      copy[lang].questions = copy[lang].questions.map(tag);
      copy[lang].keywords = copy[lang].keywords.map(tag);
    }
    return copy;
  });
  return { ...kb, entries, byId: new Map(entries.map((e) => [e.id, e] as const)) };
}

function engineFor(kb: KnowledgeBase, parts: Parts) {
  const engine = createEngine({ kb: withConcepts(kb), ...parts });
  const tag = conceptWords;
  return tag ? { understand: (text: string) => engine.understand(tag(text)) } : engine;
}

async function main(): Promise<void> {
  const root = projectRoot();
  const knowledgeDir = path.join(root, 'knowledge');
  const kb = loadKnowledgeBase(knowledgeDir);
  const entryIds = new Set(kb.entries.map((e) => e.id));
  const skip = new Set((process.env.SKIP_ENTRIES ?? '').split(',').filter(Boolean));
  const situations: Situations = new Map([...loadSituations(knowledgeDir, entryIds)].filter(([id]) => !skip.has(id)));
  const parts: Parts = {
    lexicon: loadLexicon(knowledgeDir),
    triggers: loadLocales(path.join(root, 'locales')).triggers,
    outOfScope: loadOutOfScope(knowledgeDir, entryIds),
    detectFrenchEnglish: await loadFrenchEnglishDetector(),
  };
  const none = new Map<string, Record<Lang, string[]>>();
  if (process.env.CONCEPTS === '1') {
    const matcher = new ConceptMatcher(loadConcepts(knowledgeDir));
    conceptWords = (text: string) => {
      const ids = matcher.find(normalizeText(text)).filter(TOPICAL);
      return ids.length === 0 ? text : `${text} ${ids.map((id) => 'qqc' + id.replace(/-/g, '')).join(' ')}`;
    };
  }

  // 1. The knowledge base's own questions, held out by folds.
  const questions: Case[] = kb.entries.flatMap((e) =>
    LANGS.flatMap((l) => e[l].questions.map((text) => ({ text, entry: e.id, topic: e.topic }))),
  );
  let before: Tally = { right: 0, clarifyRight: 0, wrong: 0, none: 0 };
  let after = { ...before };
  const changed: string[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const fold = questions.filter((_, i) => i % FOLDS === f);
    const heldOut = new Set(fold.map((c) => c.text));
    const base = engineFor(variant(kb, heldOut, none), parts);
    const withSituations = engineFor(variant(kb, heldOut, situations), parts);
    before = add(
      before,
      tally(fold, (t) => base.understand(t)),
    );
    after = add(
      after,
      tally(fold, (t) => withSituations.understand(t)),
    );
    for (const c of fold) {
      const a = base.understand(c.text);
      const b = withSituations.understand(c.text);
      const ok = (d: Decision) => d.kind === 'answer' && d.topic === c.topic;
      if (ok(a) !== ok(b)) changed.push(`${ok(b) ? '+' : '-'} [${c.topic}] ${c.text} -> ${b.kind} ${b.topic}`);
    }
  }
  console.log('1. knowledge-base questions, held out by folds');
  show('   without situations', before);
  show('   with situations as question variants', after);
  for (const line of changed.filter((l) => l.startsWith('-'))) console.log('   ' + line);
  console.log(
    `   ${changed.filter((l) => l.startsWith('+')).length} got right, ${changed.filter((l) => l.startsWith('-')).length} got worse`,
  );

  // 2. The situations, held out by folds.
  const told: Case[] = [...situations].flatMap(([entry, s]) =>
    LANGS.flatMap((l) => s[l].map((text) => ({ text, entry, topic: kb.byId.get(entry)?.topic ?? '?' }))),
  );
  const baseline = engineFor(kb, parts);
  let sBefore: Tally = { right: 0, clarifyRight: 0, wrong: 0, none: 0 };
  let sAfter = { ...sBefore };
  for (let f = 0; f < FOLDS; f++) {
    const fold = told.filter((_, i) => i % FOLDS === f);
    const heldOut = new Set(fold.map((c) => c.text));
    const others = new Map(
      [...situations].map(
        ([id, s]) =>
          [
            id,
            { fr: s.fr.filter((t) => !heldOut.has(t)), ar: s.ar.filter((t) => !heldOut.has(t)), en: s.en.filter((t) => !heldOut.has(t)) },
          ] as const,
      ),
    );
    const engine = engineFor(variant(kb, new Set(), others), parts);
    sBefore = add(
      sBefore,
      tally(fold, (t) => baseline.understand(t)),
    );
    sAfter = add(
      sAfter,
      tally(fold, (t) => engine.understand(t)),
    );
  }
  console.log('2. situations, held out by folds');
  show('   engine without situations', sBefore);
  show('   engine with the other situations', sAfter);

  // 3. Out-of-scope situations: declined?
  let declined = 0;
  let total = 0;
  const answered: string[] = [];
  for (const s of parts.outOfScope) {
    for (const text of s.situations) {
      total++;
      const d = baseline.understand(text);
      if (d.kind === 'none') declined++;
      else answered.push(`   [${s.id}] ${text} -> ${d.kind} ${d.topic}`);
    }
  }
  console.log(`3. out-of-scope situations declined by today's engine: ${declined}/${total}`);
  for (const line of answered) console.log(line);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
