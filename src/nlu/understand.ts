import type { KnowledgeBase } from '../kb/load';
import { type Entry, type Lang, LANGS } from '../kb/schema';
import type { OutOfScopeSubject } from '../kb/out-of-scope';
import type { SiblingRule } from '../kb/sibling-topics';
import { CommandMatcher, type CommandTriggers } from './commands';
import type { Decision, UnderstandContext } from './decision';
import { type CueIndex, detectLanguage, type FrenchEnglishDetector } from './language';
import type { CueFamily, Lexicon } from './lexicon';
import { normalizeText, words } from './normalize';
import { type ConceptSource, conceptToken, type EngineTools, type Message, ROUTES, type SafetyDetector, topicWords } from './routes';
import { contentTerms, SearchIndex, type SearchTarget } from './search-index';

export { type Decision, DecisionKindSchema, DecisionSchema, type Suggestion, SuggestionSchema, type UnderstandContext } from './decision';
export { DECISION_THRESHOLDS } from './routes';

/** Messages are cut to this many characters before matching: long pastes stay fast. */
export const MAX_MATCH_CHARS = 1000;

/** Words that say "in" before a language name: "بالفرنسية", "bl3arbiya". */
const IN_LANGUAGE_PREFIX = /^(بال|بل|bl|bel)/;

/**
 * The language a message asks the bot to answer in ("answer in French", "en anglais svp",
 * "بالعربية"), the first one named; a bare language name inside a sentence ("she doesn't read
 * English") is not a request.
 */
function requestedLanguage(message: Message): Lang | undefined {
  for (const span of message.conceptSpans) {
    const lang = /^cmd-lang-(fr|ar|en)$/.exec(span.id)?.[1] as Lang | undefined;
    if (!lang) continue;
    const only = message.words[span.start] ?? '';
    if (span.end - span.start >= 2 || IN_LANGUAGE_PREFIX.test(only) || message.words.length <= 2) return lang;
  }
  return undefined;
}

export interface EngineParts {
  kb: KnowledgeBase;
  lexicon: Lexicon;
  triggers: Record<Lang, CommandTriggers>;
  outOfScope: OutOfScopeSubject[];
  detectFrenchEnglish: FrenchEnglishDetector;
  /** Situations people describe instead of naming an entry's service, as extra phrasings of that entry. */
  situations?: Array<{ entry: string; lang?: Lang; phrases: string[] }>;
  /** The cross-lingual concepts a message names ("return home", "still open"). */
  concepts?: ConceptSource;
  /** Recognises danger and trafficking in any message. */
  safety?: SafetyDetector;
  /** Topics asked about with the same words, told apart by who is asking (knowledge/sibling-topics.yaml). */
  siblings?: SiblingRule[];
}

export interface UnderstandingEngine {
  understand(text: string, context?: UnderstandContext): Decision;
  readonly index: SearchIndex;
}

function knowledgeTargets(kb: KnowledgeBase, situations: EngineParts['situations']): SearchTarget[] {
  const extra = new Map<string, string[]>();
  for (const s of situations ?? []) extra.set(s.entry, [...(extra.get(s.entry) ?? []), ...s.phrases]);
  return kb.entries.map((e) => ({
    key: e.id,
    topic: e.topic,
    phrases: [
      ...LANGS.flatMap((lang) => [
        { text: e[lang].title, kind: 'title' as const },
        ...e[lang].questions.map((text) => ({ text, kind: 'question' as const })),
        ...e[lang].keywords.map((text) => ({ text, kind: 'keyword' as const })),
      ]),
      ...(extra.get(e.id) ?? []).map((text) => ({ text, kind: 'question' as const })),
    ],
  }));
}

export const OUT_OF_SCOPE_PREFIX = 'out-of-scope:';

function outOfScopeTargets(subjects: OutOfScopeSubject[]): SearchTarget[] {
  return subjects.map((s) => ({
    key: OUT_OF_SCOPE_PREFIX + s.id,
    topic: OUT_OF_SCOPE_PREFIX + s.id,
    phrases: s.keywords.map((text) => ({ text, kind: 'keyword' as const })),
  }));
}

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

/** Normalised phrasings of the answers a question of the bot accepts (yes, no, next), all languages. */
function answerPhrases(triggers: Record<Lang, CommandTriggers>): EngineTools['answers'] {
  const collect = (pick: (t: CommandTriggers) => string[]) =>
    new Set(LANGS.flatMap((l) => pick(triggers[l]).map((p) => normalizeText(p))).filter((p) => p.length > 0));
  return { yes: collect((t) => t.yes), no: collect((t) => t.no), next: collect((t) => t.next) };
}

/**
 * Builds the one understanding pipeline used by the bot, the CLI and the evaluation: normalise,
 * decide the language, then the first route of `ROUTES` that decides (safety, the answer to a
 * question the bot asked, an option picked, commands, follow-ups, knowledge search) gives the
 * decision.
 */
export function createEngine(parts: EngineParts): UnderstandingEngine {
  const { kb, lexicon, triggers, outOfScope, detectFrenchEnglish, concepts, safety } = parts;
  // Commands and answers ("thanks", "yes") say how a person talks, not what about: never search terms.
  const searchable = (id: string) => !id.startsWith('cmd-') && id !== 'yes' && id !== 'no';
  const conceptTokens = (normalized: string): string[] => [
    ...new Set((concepts?.matches(normalized) ?? []).filter((h) => searchable(h.id)).map((h) => conceptToken(h.id))),
  ];
  const extraTerms = concepts ? conceptTokens : undefined;
  const index = new SearchIndex(
    [...knowledgeTargets(kb, parts.situations), ...outOfScopeTargets(outOfScope)],
    lexicon.allFunctionWords,
    extraTerms ? { extraTerms } : undefined,
  );
  const tools: EngineTools = {
    kb,
    index,
    commands: new CommandMatcher(triggers, lexicon.allFunctionWords),
    questions: exactQuestions(kb),
    answers: answerPhrases(triggers),
    functionWords: lexicon.allFunctionWords,
    concepts,
    safety,
    siblings: parts.siblings ?? [],
    lastSearch: { terms: undefined, results: [] },
  };
  const cues = buildCueIndex(kb, lexicon, triggers);

  function toMessage(raw: string, normalized: string, context: UnderstandContext, lang: Lang, langReason: string): Message {
    const spans = concepts?.matches(normalized) ?? [];
    const tokens = [...new Set(spans.map((h) => conceptToken(h.id)))];
    return {
      raw,
      normalized,
      words: words(normalized),
      terms: [...contentTerms(normalized, lexicon.allFunctionWords), ...tokens.filter((t) => searchable(t.slice(1)))],
      concepts: new Set(tokens),
      conceptSpans: spans,
      lang,
      langReason,
      context,
    };
  }

  function route(message: Message): Decision {
    for (const r of ROUTES) {
      const decision = r.decide(message, tools);
      if (decision) return decision;
    }
    // The last route always decides; this is only reached if the table is changed without one.
    return { lang: message.lang, kind: 'none', topic: 'none', score: 0, suggestions: [], route: 'none', reason: 'no route decided' };
  }

  /** True when words outside a language request name a knowledge topic ("en français : où est le bureau ?"). */
  function namesATopic(message: Message): boolean {
    return (
      topicWords(
        message,
        tools,
        [...message.concepts].filter((c) => c.startsWith('§cmd-lang-')),
      ).length > 0
    );
  }

  function understand(text: string, context: UnderstandContext = {}): Decision {
    const raw = (typeof text === 'string' ? text : '').slice(0, MAX_MATCH_CHARS);
    const normalized = normalizeText(raw);
    const plain = words(normalized);
    const language = detectLanguage(raw, plain, cues, detectFrenchEnglish, context);
    const message = toMessage(raw, normalized, context, language.lang, language.reason);
    const requested = requestedLanguage(message);
    if (requested && requested !== message.lang) {
      // "Can you answer in French? It's for my mother": the rest of the message is answered in that language.
      const asked = { ...message, lang: requested, langReason: `asked for ${requested}` };
      const answered = route(asked);
      const switchOnly = {
        ...answered,
        kind: 'answer' as const,
        topic: 'language',
        command: 'language' as const,
        route: 'command',
        score: 1,
        suggestions: [],
      };
      if (answered.kind !== 'answer' || answered.command || !namesATopic(asked)) return switchOnly;
      return { ...answered, languageRequested: true };
    }
    const whole = route(message);
    // "Salam, where is your office?": the question after a greeting is answered (the bot greets briefly).
    const greeting = tools.commands.greetingPrefix(normalized);
    if (greeting === 0 || greeting >= plain.length || whole.route === 'safety') return whole;
    const restWords = plain.slice(greeting).join(' ');
    const rest = route(toMessage(raw, restWords, context, language.lang, language.reason));
    const chosen = rest.kind === 'answer' || whole.kind !== 'answer' ? rest : whole;
    return { ...chosen, greeted: true };
  }

  return { understand, index };
}
