import type { KnowledgeBase } from '../kb/load';
import { REQUIRED_ENTRIES } from '../kb/required-ids';
import type { Entry, Lang } from '../kb/schema';
import type { SiblingRule } from '../kb/sibling-topics';
import type { CommandId, CommandMatcher } from './commands';
import type { Command, DangerAnswer, Decision, Facet, OfferedOption, Safety, Suggestion, UnderstandContext } from './decision';
import { normalizeText, stem } from './normalize';
import { contentTerms, type SearchIndex, type TargetScore } from './search-index';
import { DECISION_THRESHOLDS, FOLLOW_UP, PICK } from './tuning';

export { DECISION_THRESHOLDS };

/** Recognises danger and possible trafficking in a message, and reads answers to "are you in danger now?". */
export interface SafetyDetector {
  detect(text: string): Safety | undefined;
  answerToDangerQuestion(text: string): DangerAnswer;
}

/** One occurrence of a concept in a normalised text: its id and the span of words it covers. */
export interface ConceptOccurrence {
  id: string;
  start: number;
  end: number;
}

/** The cross-lingual concepts named in a normalised text ("return home", "still open", "forget me"). */
export interface ConceptSource {
  /** Every occurrence, in reading order. */
  matches(normalized: string): ConceptOccurrence[];
}

/** The search token of a concept: "§return-home". */
export const conceptToken = (id: string): string => `§${id}`;

/** A message as the routes see it. */
export interface Message {
  raw: string;
  normalized: string;
  words: string[];
  /** Search keys: content words (stemmed) and concept tokens. */
  terms: string[];
  /** Concept tokens the message names ("§facet-cost"). */
  concepts: Set<string>;
  /** Where in the message's words each concept occurs. */
  conceptSpans: ConceptOccurrence[];
  lang: Lang;
  langReason: string;
  context: UnderstandContext;
}

/** What the routes share: built once per engine. */
export interface EngineTools {
  kb: KnowledgeBase;
  index: SearchIndex;
  commands: CommandMatcher;
  /** The knowledge base's questions, normalised, with their entry. */
  questions: Map<string, Entry>;
  /** Normalised answers to a question of the bot: yes, no, next step. */
  answers: { yes: Set<string>; no: Set<string>; next: Set<string> };
  functionWords: Set<string>;
  concepts?: ConceptSource;
  safety?: SafetyDetector;
  /** Topics asked about with the same words, told apart by who is asking. */
  siblings: readonly SiblingRule[];
  /**
   * The last search and the terms array it was for (`searchOnce`): the routes that search one
   * message share it. One slot, overwritten by the next message.
   */
  lastSearch: { terms: readonly string[] | undefined; results: TargetScore[] };
}

/** One step of the pipeline: decides, or leaves the message to the next route. */
export interface Route {
  name: string;
  decide(message: Message, tools: EngineTools): Decision | undefined;
}

/** Entries the safety routes answer with. */
export const SAFETY_ENTRIES = {
  emergency: REQUIRED_ENTRIES.traffickingEmergency.id,
  help: REQUIRED_ENTRIES.traffickingHelp.id,
  abroad: REQUIRED_ENTRIES.safetyAbroad.id,
} as const;
export const SAFETY_TOPIC = 'anti-trafficking';
/** Concepts of the ILO forced-labour indicators ("§trafficking-unpaid", "§trafficking-locked-in"...). */
const TRAFFICKING_INDICATOR_PREFIX = '§trafficking-';
/**
 * Indicators that say nothing of exploitation alone: pay and debt ("is it free?", "a bank loan"),
 * violence and begging (violence among young people in a neighbourhood, "I beg at the lights").
 */
const WEAK_INDICATORS = new Set(['§trafficking-unpaid', '§trafficking-debt', '§trafficking-violence', '§trafficking-forced-begging']);
export const OUT_OF_SCOPE_PREFIX = 'out-of-scope:';

/** Concept tokens of follow-up questions, by facet. */
const FACET_CONCEPTS: ReadonlyArray<[Facet, string]> = [
  ['when', '§facet-when'],
  ['cost', '§facet-cost'],
  ['funders', '§facet-funders'],
  ['place', '§facet-place'],
  ['who', '§facet-who'],
  ['documents', '§facet-documents'],
  ['how', '§facet-how'],
  ['where', '§facet-where'],
  ['hours', '§facet-hours'],
  ['email', '§facet-email'],
  ['phone', '§facet-phone'],
];
/** Facets about IOM's office itself: answered from the contact entries even without a topic. */
const CONTACT_FACETS: Partial<Record<Facet, string>> = {
  where: REQUIRED_ENTRIES.followUpAddress.id,
  phone: REQUIRED_ENTRIES.followUpPhone.id,
  email: REQUIRED_ENTRIES.contact.id,
  hours: REQUIRED_ENTRIES.followUpAddress.id,
};

/** Commands said in natural words, by concept token. */
const CONCEPT_COMMANDS: ReadonlyArray<[string, CommandId]> = [
  ['§cmd-forget', 'forget'],
  ['§cmd-stop', 'cancel'],
  ['§cmd-lang-fr', 'switch-fr'],
  ['§cmd-lang-ar', 'switch-ar'],
  ['§cmd-lang-en', 'switch-en'],
  ['§cmd-menu', 'help'],
  ['§cmd-capabilities', 'help'],
  ['§cmd-thanks', 'thanks'],
  ['§cmd-greeting', 'greeting'],
];

/** The spans not inside a longer span of another concept. */
function outermost(spans: ConceptOccurrence[]): ConceptOccurrence[] {
  return spans.filter(
    (s) => !spans.some((o) => o.id !== s.id && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start),
  );
}

/** Commands that accompany a question rather than replace it. */
const ACCOMPANYING: ReadonlySet<CommandId> = new Set(['thanks', 'greeting', 'help', 'cancel']);

/** Concepts that say what a message is about ("return home", "training", "FORSATY"), not how it asks or whom. */
const GENERIC_CONCEPTS = new Set(['iom', 'project', 'office', 'phone', 'reach-iom', 'talk-to-person', 'danger']);
function isTopicalConcept(id: string): boolean {
  return !isCommandConcept(id) && !id.startsWith('facet-') && !GENERIC_CONCEPTS.has(id);
}

/** Concepts that are commands or answers (not subjects): "§cmd-forget", "§yes". */
function isCommandConcept(id: string): boolean {
  return id.startsWith('cmd-') || id === 'yes' || id === 'no';
}

const COMMAND_OF: Record<CommandId, Command> = {
  forget: 'forget',
  cancel: 'cancel',
  greeting: 'greeting',
  thanks: 'thanks',
  help: 'help',
  'switch-fr': 'language',
  'switch-ar': 'language',
  'switch-en': 'language',
};
/** The evaluation's topic for a command (TOPICS.md has greeting, thanks, help and language). */
const TOPIC_OF_COMMAND: Record<Command, string> = {
  greeting: 'greeting',
  thanks: 'thanks',
  help: 'help',
  menu: 'help',
  language: 'language',
  forget: 'help',
  cancel: 'help',
};

const round = (n: number) => Math.round(n * 1000) / 1000;

function base(message: Message, route: string): Pick<Decision, 'lang' | 'suggestions' | 'route'> {
  return { lang: message.lang, suggestions: [] as Suggestion[], route };
}

function topicOfEntry(tools: EngineTools, id: string | undefined): string | undefined {
  return id ? tools.kb.byId.get(id)?.topic : undefined;
}

function safetyDecision(
  message: Message,
  tools: EngineTools,
  safety: Safety,
  route: string,
  why: string,
  dangerAnswer?: DangerAnswer,
): Decision {
  const entry = safety.abroad && tools.kb.byId.has(SAFETY_ENTRIES.abroad) ? SAFETY_ENTRIES.abroad : SAFETY_ENTRIES.emergency;
  return {
    ...base(message, route),
    kind: 'answer',
    topic: SAFETY_TOPIC,
    entry,
    safety,
    ...(dangerAnswer ? { dangerAnswer } : {}),
    score: 1,
    reason: `${why} (${safety.level}${safety.abroad ? ', abroad' : ''}${safety.forOther ? ', for someone else' : ''}); ${message.langReason}`,
  };
}

function commandDecision(message: Message, id: CommandId, score: number, why: string): Decision {
  const command = COMMAND_OF[id];
  const lang = id.startsWith('switch-') ? (id.slice('switch-'.length) as Lang) : message.lang;
  return {
    ...base(message, 'command'),
    lang,
    kind: 'answer',
    topic: TOPIC_OF_COMMAND[command],
    command,
    score: round(score),
    reason: `${why}; ${message.langReason}`,
  };
}

/**
 * Content words of the message that name a knowledge topic, outside the words of the concepts whose
 * tokens are given ("is the training still open?": "training", not "still open").
 */
export function topicWords(m: Message, tools: EngineTools, tokens: Iterable<string>): string[] {
  const ignored = new Set(tokens);
  const covered = new Set<number>();
  for (const span of m.conceptSpans) {
    if (!ignored.has(conceptToken(span.id))) continue;
    for (let i = span.start; i < span.end; i++) covered.add(i);
  }
  const rest = m.words.filter((_, i) => !covered.has(i)).join(' ');
  return contentTerms(rest, tools.functionWords).filter((t) => tools.index.isSpecific(t));
}

// ---------------------------------------------------------------------------------------------
// The knowledge search: answer, clarify, out of scope, or nothing.

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

function describe(r: TargetScore): string {
  return `${r.key} ${round(r.score)} (coverage ${round(r.coverage)}, phrase ${round(r.phrase)})`;
}

/**
 * The search results for a list of terms, computed once per message whichever routes ask (safety,
 * command, follow-up and search routes): kept for the message's own terms array in one slot of the
 * engine, so that nothing outlives the next message (a WeakMap kept results alive until a full
 * collection, and made them old).
 */
function searchOnce(tools: EngineTools, terms: readonly string[]): TargetScore[] {
  const memo = tools.lastSearch;
  if (memo.terms !== terms) {
    memo.results = tools.index.search(terms);
    memo.terms = terms;
  }
  return memo.results;
}

/** True when the search's best topic is a subject the bot declines, named by one of its phrases. */
function namesDeclinedSubject(m: Message, tools: EngineTools): boolean {
  const [first] = searchOnce(tools, m.terms);
  return first !== undefined && first.key.startsWith(OUT_OF_SCOPE_PREFIX) && first.phrase >= DECISION_THRESHOLDS.outOfScopePhrase;
}

/** Which of two sibling topics the message points to, and why. */
interface SiblingChoice {
  chosen: TargetScore;
  /**
   * True when something said chose: the message names concepts of the chosen topic, or names
   * neither's and the conversation is about the chosen one; false when the rule's default decided.
   */
  named: boolean;
  reason: string;
}

/**
 * When the search's two best topics are siblings (knowledge/sibling-topics.yaml) and no third topic
 * comes close to the best, the concepts the message names tell them apart ("I'm Moroccan, in Spain" / "I'm from
 * Mali"); naming neither's means the conversation's topic if it is one of them, else the rule's
 * default; naming both's decides nothing.
 */
function tellSiblingsApart(topics: TargetScore[], message: Message, tools: EngineTools): SiblingChoice | undefined {
  const thread = stayOnThread(topics, message, tools);
  if (thread) return thread;
  const [first, second, third] = topics;
  if (!first || !second) return undefined;
  const pairs = (r: SiblingRule): boolean => {
    const pair: readonly string[] = r.topics;
    return pair.includes(first.topic) && pair.includes(second.topic);
  };
  const rule = tools.siblings.find(pairs);
  if (!rule) return undefined;
  const named = (topic: string) => tellTaleOf(rule, topic).filter((id) => message.concepts.has(conceptToken(id)));
  const forFirst = named(first.topic);
  const forSecond = named(second.topic);
  const lastTopic = topicOfEntry(tools, message.context.lastEntry);
  let choice: SiblingChoice;
  if (forFirst.length > 0 && forSecond.length === 0) choice = { chosen: first, named: true, reason: `names ${forFirst.join(', ')}` };
  else if (forSecond.length > 0 && forFirst.length === 0) choice = { chosen: second, named: true, reason: `names ${forSecond.join(', ')}` };
  else if (forFirst.length > 0 && forSecond.length > 0) return undefined;
  // Naming neither's, in a conversation about the best one: that one (about the other, `stayOnThread` chose).
  else if (describesBoth(rule) && lastTopic === first.topic)
    choice = { chosen: first, named: true, reason: `the conversation is about ${lastTopic}` };
  else if (rule.default !== undefined)
    choice = {
      chosen: rule.default === first.topic ? first : second,
      named: false,
      reason: `names neither's concepts, ${rule.default} by default`,
    };
  else return undefined;
  const t = DECISION_THRESHOLDS;
  // Naming who asks makes a weak match worth answering; the default alone needs a real match.
  const enough = choice.named
    ? choice.chosen.score >= t.clarify
    : choice.chosen.score >= t.answer && choice.chosen.coverage >= t.minCoverage;
  if (!enough) return undefined;
  if (third && third.score > first.score - t.margin) return undefined;
  return choice;
}

/** The concepts that say a message is about `topic` rather than its sibling. */
function tellTaleOf(rule: SiblingRule, topic: string): readonly string[] {
  const tellTale: Partial<Record<string, string[]>> = rule.tellTale;
  return tellTale[topic] ?? [];
}

/** The rule tells its topics apart by who asks: each topic has concepts that name its asker. */
function describesBoth(rule: SiblingRule): boolean {
  return rule.topics.every((topic) => tellTaleOf(rule, topic).length > 0);
}

/**
 * The conversation's topic instead of the best one when the two are siblings told apart by who
 * asks and the message names none of the best one's concepts: "I'm Moroccan, in Italy", then "and
 * once back, can you help me start a project?" is about coming back to Morocco, not leaving it.
 */
function stayOnThread(topics: TargetScore[], message: Message, tools: EngineTools): SiblingChoice | undefined {
  const [first] = topics;
  const lastTopic = topicOfEntry(tools, message.context.lastEntry);
  if (!first || lastTopic === undefined || lastTopic === first.topic) return undefined;
  const rule = tools.siblings.find((r) => {
    const pair: readonly string[] = r.topics;
    return pair.includes(first.topic) && pair.includes(lastTopic);
  });
  if (!rule || !describesBoth(rule)) return undefined;
  if (tellTaleOf(rule, first.topic).some((id) => message.concepts.has(conceptToken(id)))) return undefined;
  const onThread = topics.find((r) => r.topic === lastTopic);
  if (!onThread || onThread.score < DECISION_THRESHOLDS.clarify) return undefined;
  return { chosen: onThread, named: true, reason: `the conversation is about ${lastTopic}` };
}

/** The decision of the knowledge search alone, for a list of search terms. */
function searchTerms(message: Message, tools: EngineTools, terms: string[]): Decision {
  const results = searchOnce(tools, terms);
  const topics = bestPerTopic(results);
  const [first, second] = topics;
  const b = base(message, 'search');
  if (!first) return { ...b, kind: 'none', topic: 'none', score: 0, reason: `no known word; ${message.langReason}` };
  const t = DECISION_THRESHOLDS;
  const outOfScope = topics.find((r) => r.key.startsWith(OUT_OF_SCOPE_PREFIX));
  const declines =
    outOfScope &&
    (outOfScope === first || (outOfScope.phrase >= t.outOfScopePhrase && outOfScope.score >= first.score - t.outOfScopeMargin));
  if (outOfScope && declines) {
    return {
      ...b,
      kind: 'none',
      topic: 'none',
      outOfScope: outOfScope.key.slice(OUT_OF_SCOPE_PREFIX.length),
      score: round(outOfScope.score),
      reason: `out of scope: ${describe(outOfScope)}; best entry ${describe(first)}; ${message.langReason}`,
    };
  }
  const secondScore = second?.score ?? 0;
  const confident =
    first.score >= t.answer && first.coverage >= t.minCoverage && first.phrase >= t.minPhrase && first.score - secondScore >= t.margin;
  const siblings = tellSiblingsApart(topics, message, tools);
  if (siblings && (!confident || (siblings.named && siblings.chosen !== first))) {
    const { chosen } = siblings;
    return {
      ...b,
      kind: 'answer',
      topic: chosen.topic,
      entry: chosen.key,
      score: round(chosen.score),
      route: 'search-siblings',
      reason: `${chosen.topic}: ${siblings.reason}; best ${describe(first)}; next ${second ? describe(second) : 'none'}; ${message.langReason}`,
    };
  }
  if (confident) {
    return {
      ...b,
      kind: 'answer',
      topic: first.topic,
      entry: first.key,
      score: round(first.score),
      reason: `best ${describe(first)}; next ${second ? describe(second) : 'none'}; ${message.langReason}`,
    };
  }
  const candidates = topics.filter((r) => !r.key.startsWith(OUT_OF_SCOPE_PREFIX) && r.score >= t.clarify).slice(0, t.maxSuggestions);
  if (candidates.length > 0 && first.score >= t.clarify) {
    return {
      ...b,
      kind: 'clarify',
      topic: first.topic,
      score: round(first.score),
      suggestions: candidates.map((r) => ({ entry: r.key, topic: r.topic, score: round(r.score) })),
      reason: `unsure: ${candidates.map(describe).join('; ')}; ${message.langReason}`,
    };
  }
  return { ...b, kind: 'none', topic: 'none', score: round(first.score), reason: `too weak: ${describe(first)}; ${message.langReason}` };
}

/**
 * The knowledge search on the whole message (its situation and its question together). When it is
 * unsure and one of its candidates is the topic the conversation is about, the thread decides.
 */
function searchMessage(message: Message, tools: EngineTools): Decision {
  const decision = searchTerms(message, tools, message.terms);
  const lastTopic = topicOfEntry(tools, message.context.lastEntry);
  if (decision.kind !== 'clarify' || !lastTopic) return decision;
  const inThread = decision.suggestions.find((s) => s.topic === lastTopic);
  if (!inThread) return decision;
  return {
    ...decision,
    kind: 'answer',
    topic: inThread.topic,
    entry: inThread.entry,
    suggestions: [],
    score: inThread.score,
    route: 'search-thread',
    reason: `unsure, the conversation is about ${lastTopic}: ${decision.reason}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The routes, in order.

const empty: Route = {
  name: 'empty',
  decide: (m) =>
    m.normalized.length === 0
      ? { ...base(m, 'empty'), kind: 'none', topic: 'none', score: 0, reason: `empty message; ${m.langReason}` }
      : undefined,
};

/** Without a safety detector: the bot's own yes/no phrasings decide, and anything else is "yes". */
function plainDangerAnswer(message: Message, tools: EngineTools): DangerAnswer {
  if (tools.answers.no.has(message.normalized)) return 'no';
  const first = message.words[0] ?? '';
  if (tools.answers.no.has(first) && message.words.length > 1) return 'no-but';
  return 'yes';
}

/**
 * A bare "yes" right after the help for victims, when no question is pending (the message said
 * danger already, or the person scrolled back): taken as "yes, I am in danger". The numbers again
 * cost nothing; "I don't have that information" could cost a life.
 */
function yesAfterHelpForVictims(m: Message, tools: EngineTools): Decision | undefined {
  const last = m.context.lastEntry ? tools.kb.byId.get(m.context.lastEntry) : undefined;
  if (!last?.victim || last.topic !== SAFETY_TOPIC) return undefined;
  if ((m.context.options ?? []).some((o) => o.value.startsWith('feedback:'))) return undefined;
  const bareYes =
    tools.answers.yes.has(m.normalized) ||
    (m.words.length <= PICK.maxAnswerWords && m.concepts.has(conceptToken('yes')) && m.concepts.size === 1);
  if (!bareYes) return undefined;
  const safety: Safety = { level: 'immediate', abroad: last.id === SAFETY_ENTRIES.abroad, forOther: false };
  return safetyDecision(m, tools, safety, 'danger-answer', 'a bare "yes" after the help for victims', 'yes');
}

/** The answer to "are you in danger right now?": anything that is not a clear "no" is a "yes". */
const dangerAnswer: Route = {
  name: 'danger-answer',
  decide(m, tools) {
    if (m.context.asked !== 'danger') return yesAfterHelpForVictims(m, tools);
    // The buttons, their numbers or their labels first; then the words.
    const chosen = chosenOption(m, tools, m.context.options ?? []);
    // Another button offered with the question (a follow-up, the menu) is that choice.
    if (chosen && chosen.value !== 'dialog:yes' && chosen.value !== 'dialog:no') return undefined;
    const answer: DangerAnswer =
      chosen?.value === 'dialog:no'
        ? 'no'
        : chosen?.value === 'dialog:yes'
          ? 'yes'
          : tools.safety
            ? tools.safety.answerToDangerQuestion(m.raw)
            : plainDangerAnswer(m, tools);
    const signal = tools.safety?.detect(m.raw);
    if (answer === 'no' || answer === 'no-but') {
      if (answer === 'no-but' && signal?.level === 'immediate')
        return safetyDecision(m, tools, signal, 'danger-answer', 'not me, but someone is in danger', answer);
      return {
        ...base(m, 'danger-answer'),
        kind: 'answer',
        topic: SAFETY_TOPIC,
        entry: signal?.abroad ? SAFETY_ENTRIES.abroad : SAFETY_ENTRIES.help,
        dangerAnswer: answer,
        score: 1,
        reason: `answer to the danger question: ${answer}; ${m.langReason}`,
      };
    }
    // A clearly different request takes over: forgetting, a language, or a confident answer on another topic.
    const command = tools.commands.match(m.normalized, () => false);
    if (command?.exact && (command.command === 'forget' || command.command.startsWith('switch-'))) return undefined;
    if (!signal && m.words.length >= FOLLOW_UP.takeOverMinWords) {
      const other = searchMessage(m, tools);
      if (other.kind === 'answer' && other.topic !== SAFETY_TOPIC && other.score >= FOLLOW_UP.takeOverScore) return undefined;
    }
    const safety = signal ?? { level: 'immediate' as const, abroad: false, forOther: false };
    return safetyDecision(m, tools, { ...safety, level: 'immediate' }, 'danger-answer', 'answer to the danger question: yes', 'yes');
  },
};

/** Danger or trafficking in any message, in any state of the conversation. */
const safetyRoute: Route = {
  name: 'safety',
  decide(m, tools) {
    const signal = tools.safety?.detect(m.raw);
    if (signal) return safetyDecision(m, tools, signal, 'safety', 'signals danger or trafficking');
    // A second, independent reading: the concept lexicon's forced-labour indicators (passport taken,
    // not paid, locked in...). A phrasing one list misses, the other may know.
    const indicators = [...m.concepts].filter((c) => c.startsWith(TRAFFICKING_INDICATOR_PREFIX));
    // A weak indicator counts with work or another indicator.
    const strong = indicators.some((c) => !WEAK_INDICATORS.has(c));
    if (!strong && !(indicators.length > 1 || (indicators.length === 1 && m.concepts.has(conceptToken('work'))))) return undefined;
    // This reading knows words, not who they are about: a subject the bot declines says what they
    // are about ("who did Morocco beat in the Cup?"). The signal list above always counts.
    if (searchTerms(m, tools, m.terms).outOfScope !== undefined) return undefined;
    const abroad = m.concepts.has(conceptToken('in-europe')) || m.concepts.has(conceptToken('abroad-elsewhere'));
    return safetyDecision(
      m,
      tools,
      { level: 'exploitation', abroad, forOther: false },
      'safety',
      `forced-labour indicators ${indicators.join(', ')}`,
    );
  },
};

/** The option the user chose: its number, its label, its words, or yes/no/next when those are offered. */
function chosenOption(m: Message, tools: EngineTools, options: OfferedOption[]): OfferedOption | undefined {
  const number = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(m.raw);
  if (number) return options[Number(number[1]) - 1];
  // The label, or what follows its prefix ("Next: Who can return?" typed as "who can return?").
  const byLabel = options.find((o) => {
    const label = normalizeText(o.label);
    if (label === m.normalized) return true;
    const colon = o.label.indexOf(':');
    return colon > 0 && normalizeText(o.label.slice(colon + 1)) === m.normalized;
  });
  if (byLabel) return byLabel;
  const offered = (prefix: string) => options.find((o) => o.value === prefix || o.value.startsWith(`${prefix}:`));
  const says = (set: Set<string>, concept: string) =>
    set.has(m.normalized) || (m.words.length <= PICK.maxAnswerWords && m.concepts.has(concept) && m.concepts.size === 1);
  const yes = says(tools.answers.yes, '§yes');
  const no = says(tools.answers.no, '§no');
  if (yes && offered('dialog:yes')) return offered('dialog:yes');
  if (no && offered('dialog:no')) return offered('dialog:no');
  const next = tools.answers.next.has(m.normalized);
  if ((yes || next) && offered('dialog:next')) return offered('dialog:next');
  // "Next" after an answer with no guided step: its first follow-up (the step the answer points to).
  if (next && !yes) {
    const followUpEntry = options.find((o) => o.value.startsWith('entry:'));
    if (followUpEntry) return followUpEntry;
  }
  if (yes && offered('feedback:yes')) return offered('feedback:yes');
  if (no && offered('feedback:no')) return offered('feedback:no');
  // The words of one label: every content word of a short message belongs to that label, and to no other.
  if (m.words.length > PICK.maxLabelWords) return undefined;
  const terms = contentTerms(m.normalized, tools.functionWords);
  if (terms.length === 0) return undefined;
  const matching = options.filter((o) => {
    // A label's period ("Training (2014-2016)") is a detail: "training" names the option.
    const label = new Set(contentTerms(normalizeText(o.label), tools.functionWords).filter((w) => !/^\d+$/.test(w)));
    return terms.every((t) => label.has(t)) && terms.length / label.size > PICK.minLabelShare;
  });
  return matching.length === 1 ? matching[0] : undefined;
}

const pick: Route = {
  name: 'pick',
  decide(m, tools) {
    const options = m.context.options ?? [];
    if (options.length === 0) return undefined;
    const option = chosenOption(m, tools, options);
    if (!option) return undefined;
    const entry = option.value.startsWith('entry:') ? option.value.slice('entry:'.length) : undefined;
    const topic = topicOfEntry(tools, entry) ?? topicOfEntry(tools, m.context.lastEntry) ?? 'help';
    return {
      ...base(m, 'pick'),
      kind: 'answer',
      topic,
      ...(entry ? { entry } : {}),
      pick: option.value,
      score: 1,
      reason: `chose "${option.value}"; ${m.langReason}`,
    };
  },
};

/** One of the knowledge base's questions, word for word, unless it is also a command's phrasing word for word ("help"). */
const exactQuestion: Route = {
  name: 'exact-question',
  decide(m, tools) {
    const asked = tools.questions.get(m.normalized);
    if (!asked || tools.commands.match(m.normalized, () => false)?.exact) return undefined;
    return {
      ...base(m, 'exact-question'),
      kind: 'answer',
      topic: asked.topic,
      entry: asked.id,
      score: 1,
      reason: `a question of ${asked.id}, word for word; ${m.langReason}`,
    };
  },
};

/** Greetings, thanks, help, language switches, stop, forget: by their phrasings, or said in natural words (concepts). */
const command: Route = {
  name: 'command',
  decide(m, tools) {
    // Words that a concept of a topic or a follow-up covers ("c'est où vos bureaux") are topic words too.
    const conceptWords = new Set<string>();
    for (const span of m.conceptSpans) {
      if (isCommandConcept(span.id)) continue;
      for (const w of m.words.slice(span.start, span.end)) conceptWords.add(stem(w));
    }
    // The matcher asks about each word once per command: the answers are kept for this message.
    const specific = new Map<string, boolean>();
    const isTopicWord = (w: string): boolean => {
      let known = specific.get(w);
      if (known === undefined) specific.set(w, (known = conceptWords.has(w) || tools.index.isSpecific(w)));
      return known;
    };
    const match = tools.commands.match(m.normalized, isTopicWord);
    const byTrigger =
      match && commandDecision(m, match.command, match.coverage, `command ${match.command} (coverage ${round(match.coverage)})`);
    if (match?.exact || m.words.length > FOLLOW_UP.maxCommandWords) return byTrigger;
    const followsUp = m.context.lastEntry !== undefined && FACET_CONCEPTS.some(([, facet]) => m.concepts.has(facet));
    // Every content word inside command concepts ("tu peux faire quoi exactement"): the command, whatever the search finds.
    const commandWords = new Set<number>();
    for (const span of m.conceptSpans) if (isCommandConcept(span.id)) for (let i = span.start; i < span.end; i++) commandWords.add(i);
    const allCommand = m.words.every((w, i) => commandWords.has(i) || tools.functionWords.has(w));
    const commandTokens = [...m.concepts].filter((c) => isCommandConcept(c.slice(1)));
    let search: Decision | undefined;
    // A command concept said only inside a longer one is that one ("baraka llahou fik" thanks; "baraka" alone is "enough").
    const commandSpans = outermost(m.conceptSpans.filter((s) => isCommandConcept(s.id)));
    for (const [token, id] of CONCEPT_COMMANDS) {
      if (!commandSpans.some((s) => conceptToken(s.id) === token)) continue;
      // "What can IOM do for me then?" after an answer asks about that answer's topic, not for the menu.
      if (followsUp && id === 'help') continue;
      // "Answer in French, my mother does not read English": the first language named is the one asked for.
      const langTokens = [...m.concepts].filter((c) => c.startsWith('§cmd-lang-'));
      if (token.startsWith('§cmd-lang-') && langTokens.length > 1 && langTokens[0] !== token) continue;
      // A question the knowledge base answers with confidence is that question ("how do I delete my data at IOM?" is not).
      if (!allCommand) {
        search ??= searchTerms(m, tools, m.terms);
        if (search.kind === 'answer') continue;
        // Thanks, greetings, "can you help me" and "stop" go with questions ("Hi! can you get me a
        // visa?", "I'd like to stop by your office"): they are the message only when nothing else in
        // it names a subject.
        if (ACCOMPANYING.has(id) && topicWords(m, tools, commandTokens).length > 0) continue;
      }
      return commandDecision(m, id, 1, `command ${id} said in words (${token})`);
    }
    // "Where do I start?" right after an answer asks about that answer's topic, not for the menu.
    if (followsUp && byTrigger?.command === 'help') return undefined;
    return byTrigger;
  },
};

/** A follow-up without a topic word ("is it still open?", "how much?"), about the entry answered last. */
const followUp: Route = {
  name: 'follow-up',
  decide(m, tools) {
    // A facet said inside a longer one is that one ("where do I start?" asks how, not where).
    const facetSpans = outermost(m.conceptSpans.filter((span) => span.id.startsWith('facet-')));
    const facets = FACET_CONCEPTS.filter(([, token]) => facetSpans.some((span) => conceptToken(span.id) === token));
    const [first] = facets;
    if (!first) return undefined;
    const [facet] = first;
    const last = m.context.lastEntry && tools.kb.byId.get(m.context.lastEntry);
    const contactEntry = CONTACT_FACETS[facet];
    // The office, its phone, hours and e-mail are IOM's whatever the topic ("I'm in Milan, can I e-mail you?").
    // A topic's concept inside the facet's words is the facet ("who paid for it?" asks about the
    // funders of what was just answered, not about IOM's donors).
    const insideFacet = (span: { start: number; end: number }) => facetSpans.some((f) => f.start <= span.start && span.end <= f.end);
    if (!contactEntry && m.conceptSpans.some((span) => isTopicalConcept(span.id) && !insideFacet(span))) {
      // The message names its topic ("and the voluntary return, who is it for?"): the search finds
      // it, and the facet goes with its answer; unsure, the search route decides.
      const found = searchMessage(m, tools);
      if (found.kind === 'answer' && found.entry)
        return { ...found, facet, route: 'follow-up', reason: `${facet} of ${found.entry}: ${found.reason}` };
      return undefined;
    }
    // "Since when?" about something that is not a project (IOM itself): the search finds what has a date.
    if (facet === 'when' && last && last.period.status === 'not-a-project') {
      const found = searchMessage(m, tools);
      if (found.kind === 'answer') return found;
    }
    // A subject the bot declines is not a follow-up: a long message ("what's the weather tomorrow? my
    // mail is ..."), or words beside the facet that name that subject ("where can I buy a SIM card?").
    if (m.words.length > FOLLOW_UP.maxPlainFollowUpWords && searchTerms(m, tools, m.terms).outOfScope) return undefined;
    const facetTokens = facetSpans.map((span) => conceptToken(span.id));
    const others = topicWords(m, tools, facetTokens);
    if (namesDeclinedSubject(m, tools) && others.length > 0) return undefined;
    // With no topic yet, "where can I get an X-ray?" asks about the X-ray, not about IOM's office:
    // a word that names a subject other than IOM's contact leaves the message to the search.
    const contactTopic = contactEntry ? tools.kb.byId.get(contactEntry)?.topic : undefined;
    if (contactTopic && !last && others.some((w) => !tools.index.isWordOf(w, contactTopic))) return undefined;
    // The office, its phone, hours and e-mail are answered as IOM's contact, whatever the topic.
    const entryId = contactEntry ?? (last ? last.id : undefined);
    const entry = entryId ? tools.kb.byId.get(entryId) : undefined;
    if (!entry) return undefined;
    return {
      ...base(m, 'follow-up'),
      kind: 'answer',
      topic: entry.topic,
      entry: entry.id,
      facet,
      ...(contactEntry && last && last.id !== entry.id ? { aside: true } : {}),
      score: 1,
      reason: `follow-up "${facet}" about ${entry.id}; ${m.langReason}`,
    };
  },
};

/** The knowledge search, out-of-scope subjects included; the last route: it always decides. */
const search: Route = {
  name: 'search',
  decide(m, tools) {
    const decision = searchMessage(m, tools);
    // A message the search matches to a victim's own words (the trafficking help and its situations)
    // is a signal too, in words the signal list may not know yet: the numbers come first.
    const entry = decision.kind === 'answer' && decision.entry ? tools.kb.byId.get(decision.entry) : undefined;
    if (!entry?.victim || entry.topic !== SAFETY_TOPIC) return decision;
    const safety: Safety = { level: 'exploitation', abroad: entry.id === SAFETY_ENTRIES.abroad, forOther: false };
    return { ...safetyDecision(m, tools, safety, 'search', `the words of a possible victim (${entry.id})`), reason: decision.reason };
  },
};

/** The pipeline, in order: the first route that decides gives the decision. */
export const ROUTES: readonly Route[] = [empty, dangerAnswer, safetyRoute, pick, exactQuestion, command, followUp, search];
