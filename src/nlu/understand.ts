import { z } from 'zod';
import type { KnowledgeBase } from '../kb/load';
import { type Entry, type Lang, LANGS, LangSchema } from '../kb/schema';
import type { OutOfScopeSubject } from '../kb/out-of-scope';
import { type CommandId, CommandMatcher, type CommandTriggers } from './commands';
import { type CueIndex, detectLanguage, type FrenchEnglishDetector, type LanguageContext } from './language';
import type { CueFamily, Lexicon } from './lexicon';
import { normalizeText, words } from './normalize';
import { contentTerms, SearchIndex, type SearchTarget, type TargetScore } from './search-index';

export const DecisionKindSchema = z.enum(['answer', 'clarify', 'none']);

export const SuggestionSchema = z.object({
  entry: z.string(),
  topic: z.string(),
  score: z.number(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** What the bot understood of one message, and what it will do. */
export const DecisionSchema = z.object({
  /** The reply language. */
  lang: LangSchema,
  kind: DecisionKindSchema,
  /** Topic id (TOPICS.md), or "none". */
  topic: z.string(),
  /** The knowledge entry answered, for a knowledge answer. */
  entry: z.string().optional(),
  /** The command answered (greeting, thanks, help, language), for a command. */
  command: z.enum(['greeting', 'thanks', 'help', 'language']).optional(),
  score: z.number(),
  /** Candidate entries for a clarification, best first. */
  suggestions: z.array(SuggestionSchema),
  /** Why, for debugging: never shown to users. */
  reason: z.string(),
});
export type Decision = z.infer<typeof DecisionSchema>;

export type UnderstandContext = LanguageContext;

/** Thresholds of the decision, on the 0..1 search score. */
export const DECISION_THRESHOLDS = {
  /** A knowledge entry this good is answered... */
  answer: 0.5,
  /** ...when no other topic comes this close. */
  margin: 0.06,
  /** Below the answer threshold, candidates this good are offered as "did you mean". */
  clarify: 0.3,
  /** Share of the message a knowledge entry must explain before it is answered. */
  minCoverage: 0.4,
  /** An out-of-scope subject named in full (phrase share) and scoring this close to the best entry means "decline". */
  outOfScopePhrase: 0.8,
  outOfScopeMargin: 0.15,
} as const;

const MAX_SUGGESTIONS = 3;
/** Messages are cut to this many characters before matching: long pastes stay fast. */
export const MAX_MATCH_CHARS = 1000;

export interface EngineParts {
  kb: KnowledgeBase;
  lexicon: Lexicon;
  triggers: Record<Lang, CommandTriggers>;
  outOfScope: OutOfScopeSubject[];
  detectFrenchEnglish: FrenchEnglishDetector;
}

export interface UnderstandingEngine {
  understand(text: string, context?: UnderstandContext): Decision;
  readonly index: SearchIndex;
}

function knowledgeTargets(kb: KnowledgeBase): SearchTarget[] {
  return kb.entries.map((e) => ({
    key: e.id,
    topic: e.topic,
    phrases: LANGS.flatMap((lang) => [
      { text: e[lang].title, kind: 'title' as const },
      ...e[lang].questions.map((text) => ({ text, kind: 'question' as const })),
      ...e[lang].keywords.map((text) => ({ text, kind: 'keyword' as const })),
    ]),
  }));
}

const OUT_OF_SCOPE_PREFIX = 'out-of-scope:';

/**
 * The knowledge base's own questions, normalised, each with its entry (a question two entries
 * share is left out): a message that is one of them word for word is that question.
 */
function exactQuestions(kb: KnowledgeBase): Map<string, Entry> {
  const found = new Map<string, Entry | null>();
  for (const entry of kb.entries) {
    for (const lang of LANGS) {
      for (const question of entry[lang].questions) {
        const key = normalizeText(question);
        const seen = found.get(key);
        found.set(key, seen === undefined || seen === entry ? entry : null);
      }
    }
  }
  return new Map([...found].filter((pair): pair is [string, Entry] => pair[1] !== null));
}

function outOfScopeTargets(subjects: OutOfScopeSubject[]): SearchTarget[] {
  return subjects.map((s) => ({
    key: OUT_OF_SCOPE_PREFIX + s.id,
    topic: OUT_OF_SCOPE_PREFIX + s.id,
    phrases: s.keywords.map((text) => ({ text, kind: 'keyword' as const })),
  }));
}

/**
 * Words that point to one language only: function words (the grammar of a sentence, weight 1)
 * and the vocabulary of the knowledge base and command phrasings (weight 0.5: people borrow
 * nouns, "la carte de séjour", across languages, but keep the grammar of their own).
 */
function buildCueIndex(kb: KnowledgeBase, lexicon: Lexicon, triggers: Record<Lang, CommandTriggers>): CueIndex {
  const GRAMMAR = 1;
  const VOCABULARY = 0.5;
  const families = new Map<string, Map<CueFamily, number>>();
  const add = (w: string, f: CueFamily, weight: number) => {
    const map = families.get(w) ?? new Map<CueFamily, number>();
    map.set(f, Math.max(map.get(f) ?? 0, weight));
    families.set(w, map);
  };
  for (const [family, set] of Object.entries(lexicon.functionWords) as Array<[CueFamily, Set<string>]>) {
    for (const w of set) add(w, family, GRAMMAR);
  }
  const textsByLang = (lang: Lang): string[] => {
    const t = triggers[lang];
    const fromTriggers = [...t.greeting, ...t.thanks, ...t.help, ...t.switchTo.fr, ...t.switchTo.ar, ...t.switchTo.en];
    return [...fromTriggers, ...kb.entries.flatMap((e) => [e[lang].title, ...e[lang].questions, ...e[lang].keywords])];
  };
  for (const lang of LANGS) {
    for (const text of textsByLang(lang)) {
      for (const w of words(normalizeText(text))) {
        if (/^\d+$/.test(w) || w.length < 2) continue;
        const latin = /[a-z]/.test(w);
        if (lang === 'ar') add(w, latin ? 'arabizi' : 'ar', VOCABULARY);
        else if (latin) add(w, lang, VOCABULARY);
      }
    }
  }
  const cues: CueIndex = new Map();
  for (const [w, map] of families) {
    // French and English tell each other apart among themselves; a Latin word counts as Darija only
    // when neither French nor English uses it (acronyms and names appear in every block).
    const fr = map.get('fr');
    const en = map.get('en');
    if (fr && !en) cues.set(w, { family: 'fr', weight: fr });
    else if (en && !fr) cues.set(w, { family: 'en', weight: en });
    else if (!fr && !en && map.size === 1) {
      const [family, weight] = [...map][0] as [CueFamily, number];
      cues.set(w, { family, weight });
    }
  }
  return cues;
}

const COMMAND_TOPIC: Record<CommandId, NonNullable<Decision['command']>> = {
  greeting: 'greeting',
  thanks: 'thanks',
  help: 'help',
  'switch-fr': 'language',
  'switch-ar': 'language',
  'switch-en': 'language',
};

/** Best result per topic, best topic first. */
function bestPerTopic(results: TargetScore[]): TargetScore[] {
  const seen = new Set<string>();
  const out: TargetScore[] = [];
  for (const r of results) {
    if (seen.has(r.topic)) continue;
    seen.add(r.topic);
    out.push(r);
  }
  return out;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Builds the one understanding pipeline used by the bot, the CLI and the evaluation:
 * normalise -> language -> commands -> knowledge search -> decision.
 */
export function createEngine(parts: EngineParts): UnderstandingEngine {
  const { kb, lexicon, triggers, outOfScope, detectFrenchEnglish } = parts;
  const index = new SearchIndex([...knowledgeTargets(kb), ...outOfScopeTargets(outOfScope)], lexicon.allFunctionWords);
  const commands = new CommandMatcher(triggers, lexicon.allFunctionWords);
  const cues = buildCueIndex(kb, lexicon, triggers);
  const questions = exactQuestions(kb);

  function understand(text: string, context: UnderstandContext = {}): Decision {
    const raw = (typeof text === 'string' ? text : '').slice(0, MAX_MATCH_CHARS);
    const normalized = normalizeText(raw);
    const language = detectLanguage(raw, words(normalized), cues, detectFrenchEnglish, context);
    let lang = language.lang;
    const base = { suggestions: [] as Suggestion[] };

    if (normalized.length === 0) {
      return { ...base, lang, kind: 'none', topic: 'none', score: 0, reason: `empty message; ${language.reason}` };
    }

    const command = commands.match(normalized, (w) => index.isSpecific(w));
    const asked = questions.get(normalized);
    // One of the knowledge base's questions, word for word, is that question ("help me now please"
    // of the trafficking emergency), unless it is also a command's phrasing word for word ("help").
    if (asked && !command?.exact) {
      return { ...base, lang, kind: 'answer', topic: asked.topic, entry: asked.id, score: 1, reason: `a question of ${asked.id}, word for word; ${language.reason}` };
    }
    if (command) {
      if (command.command.startsWith('switch-')) lang = command.command.slice('switch-'.length) as Lang;
      const topic = COMMAND_TOPIC[command.command];
      return {
        ...base,
        lang,
        kind: 'answer',
        topic,
        command: topic,
        score: round(command.coverage),
        reason: `command ${command.command} (coverage ${round(command.coverage)}); ${language.reason}`,
      };
    }

    const results = index.search(contentTerms(normalized, lexicon.allFunctionWords));
    const topics = bestPerTopic(results);
    const [first, second] = topics;
    const langReason = language.reason;
    if (!first) {
      return { ...base, lang, kind: 'none', topic: 'none', score: 0, reason: `no known word; ${langReason}` };
    }
    const describe = (r: TargetScore) => `${r.key} ${round(r.score)} (coverage ${round(r.coverage)}, phrase ${round(r.phrase)})`;
    const t = DECISION_THRESHOLDS;
    const outOfScope = topics.find((r) => r.key.startsWith(OUT_OF_SCOPE_PREFIX));
    const declines =
      outOfScope &&
      (outOfScope === first || (outOfScope.phrase >= t.outOfScopePhrase && outOfScope.score >= first.score - t.outOfScopeMargin));
    if (outOfScope && declines) {
      return {
        ...base,
        lang,
        kind: 'none',
        topic: 'none',
        score: round(outOfScope.score),
        reason: `out of scope: ${describe(outOfScope)}; best entry ${describe(first)}; ${langReason}`,
      };
    }
    const secondScore = second?.score ?? 0;
    if (first.score >= t.answer && first.coverage >= t.minCoverage && first.score - secondScore >= t.margin) {
      return {
        ...base,
        lang,
        kind: 'answer',
        topic: first.topic,
        entry: first.key,
        score: round(first.score),
        reason: `best ${describe(first)}; next ${second ? describe(second) : 'none'}; ${langReason}`,
      };
    }
    const candidates = topics
      .filter((r) => !r.key.startsWith(OUT_OF_SCOPE_PREFIX) && r.score >= t.clarify)
      .slice(0, MAX_SUGGESTIONS);
    if (candidates.length > 0 && first.score >= t.clarify) {
      return {
        lang,
        kind: 'clarify',
        topic: first.topic,
        score: round(first.score),
        suggestions: candidates.map((r) => ({ entry: r.key, topic: r.topic, score: round(r.score) })),
        reason: `unsure: ${candidates.map(describe).join('; ')}; ${langReason}`,
      };
    }
    return { ...base, lang, kind: 'none', topic: 'none', score: round(first.score), reason: `too weak: ${describe(first)}; ${langReason}` };
  }

  return { understand, index };
}
