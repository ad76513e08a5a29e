/**
 * Recognises, in any message, the words of a situation of danger or possible trafficking, from the
 * curated forms of knowledge/safety/danger-signals.yaml. It recognises situations; it never says
 * what a person is.
 *
 * Cost: the message is normalised once, then each word is looked up by key (and, for words of 6+
 * letters, by its one-letter deletions to allow one typo); only the forms that start with that
 * word are compared. Linear in the length of the message, whatever the number of forms.
 */
import { foldDoubledLetters, normalizeText, words } from '../nlu/normalize';
import { type DangerLevel, type DangerSignals, type Form, loadDangerSignals, MAX_GAP_WORDS } from './danger-signals';

/** What a message says about danger; `indicators` are the ids of the signal groups it matches. */
export interface DangerSignal {
  level: DangerLevel;
  /** The situation is outside Morocco ("in Spain", "f lkharij"). */
  abroad: boolean;
  /** The message is about someone else ("my sister", "صاحبتي"). */
  forOther: boolean;
  indicators: string[];
}

/** A free-text answer to "Are you in danger right now?": anything that is not a clear no is a yes. */
export type DangerAnswer = 'no' | 'no-but' | 'yes';

/**
 * Words shorter than this must match exactly; from this length on, one typo is tolerated, in Latin
 * letters only: one letter apart, Arabic words and short Arabizi words are often other words
 * ("السيرة" CV and "السخرة" forced labour; "3tani" gave me and "3taqni" grabbed me).
 */
export const TYPO_MIN_LETTERS = 7;
const LATIN_WORD = /^[a-z]+$/;
const CODE_A = 97;
const CODE_Z = 122;

function toleratesTypo(key: string): boolean {
  return key.length >= TYPO_MIN_LETTERS && LATIN_WORD.test(key);
}

/** True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Compared code unit by code unit from the first difference (no copies of the strings' ends).
  if (la === lb) {
    if (sameFrom(a, i + 1, b, i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameFrom(a, i + 2, b, i + 2);
  }
  return la > lb ? sameFrom(a, i + 1, b, i) : sameFrom(a, i, b, i + 1);
}

/** True when a from `i` on and b from `j` on are the same text. */
function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/** `w` without its letter at `k`. */
function withoutLetter(w: string, k: number): string {
  return w.slice(0, k) + w.slice(k + 1);
}

/** A 32-bit hash of `w` without its letter at `skip` (-1: the whole of it). */
function hashWithout(w: string, skip: number): number {
  let h = 0;
  for (let i = 0; i < w.length; i++) {
    if (i === skip) continue;
    h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0;
  }
  return h;
}

/** Bits of the filter of the near keys filed (`PhraseIndex.nearBits`): 2^16 bits, 8 KB, for at most some 5,000 keys (2026-12-01). */
const NEAR_FILTER_BITS = 16;
const NEAR_FILTER_MASK = (1 << NEAR_FILTER_BITS) - 1;

/** Adds `item` to `list` unless it holds it already (a short list kept in order of first addition). */
function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/**
 * The key a word is matched by: the normalised word, with doubled letters folded in words of 5+
 * letters ("frappe" ~ "frape", "passport" ~ "pasport"; short words stay as they are: "lla" is not
 * "la"). No stemming: in Arabic the attached pronoun carries the meaning ("حبسني" he locked me
 * in, "حبس" he stopped).
 */
function keyOf(word: string): string {
  return word.length >= 5 ? foldDoubledLetters(word) : word;
}

const ARABIC_WAW_PREFIX = /^\u0648(?=[\u0621-\u064a]{2})/;

/** A message ready for matching: each word's key, and its key without a leading Arabic "و" (and). */
interface Message {
  keys: string[];
  /** "وباعوني" also reads as "باعوني"; undefined when the word has no such prefix. */
  withoutWaw: (string | undefined)[];
  /** How many words the message has (clause breaks left out). */
  wordCount: number;
}

/** Stands between two clauses of a message ("no, he is here"): no form or negation matches across it. */
const CLAUSE_BREAK = '|';
const CLAUSE_PUNCTUATION = /[.,;:!?\n\r\u060c\u061b\u061f\u06d4]+/;

/** Reads a message into keys, with a break between clauses (the normaliser drops punctuation). */
function readMessage(text: string): Message {
  const keys: string[] = [];
  const withoutWaw: (string | undefined)[] = [];
  for (const clause of text.split(CLAUSE_PUNCTUATION)) {
    const ws = words(normalizeText(clause));
    if (ws.length === 0) continue;
    if (keys.length > 0) {
      keys.push(CLAUSE_BREAK);
      withoutWaw.push(undefined);
    }
    for (const w of ws) {
      keys.push(keyOf(w));
      withoutWaw.push(ARABIC_WAW_PREFIX.test(w) ? keyOf(w.slice(1)) : undefined);
    }
  }
  let wordCount = 0;
  for (const k of keys) if (k !== CLAUSE_BREAK) wordCount++;
  return { keys, withoutWaw, wordCount };
}

interface Phrase<T> {
  /** Order of addition: matches are reported in this order. */
  seq: number;
  keys: string[];
  /** Word indexes that may follow a gap of up to MAX_GAP_WORDS words of the same clause. */
  gapsBefore: readonly number[];
  payload: T;
}

/** A match of a phrase in a message: words [start, end). */
export interface PhraseMatch<T> {
  start: number;
  end: number;
  payload: T;
}

const NO_PHRASES: readonly never[] = [];
/** One empty list of gaps for the many forms without a gap (56,000 forms: memory counts). */
const NO_GAPS: readonly number[] = Object.freeze([]);

/** One copy of each key string, while the indexes are built (the forms' words are separate copies). */
type Interned = Map<string, string>;

function interned(strings: Interned, key: string): string {
  const known = strings.get(key);
  if (known !== undefined) return known;
  strings.set(key, key);
  return key;
}

/** Phrases looked up by their first word's key, with one typo allowed in keys of long words. */
class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Phrase<T>[]>();
  /**
   * The same phrases by first key, then by second key when the second word must be typed as it is
   * (no gap before it, no typo tolerated): a message's word is then compared with the few phrases
   * that can follow it, not with every phrase that starts like "ma" or "they" (a thousand each).
   */
  private readonly bySecond = new Map<string, Map<string, Phrase<T>[]>>();
  /** Phrases whose second word cannot be looked up exactly (one word, a gap, a typo allowed). */
  private readonly looseSecond = new Map<string, Phrase<T>[]>();
  private added = 0;
  /** A long first key, and each of its one-letter deletions, to the first keys it may be a typo of (each once, in order of addition). */
  private readonly nearFirst = new Map<string, string[]>();
  /** Keys of 6+ letters: those tolerate one typo. */
  private readonly tolerant = new Set<string>();
  private shortestTolerant = Infinity;
  private longestTolerant = 0;

  add(formWords: readonly string[], payload: T, gapsBefore: readonly number[], strings: Interned): void {
    const keys = formWords.map((w) => interned(strings, keyOf(w)));
    if (gapsBefore.length === 0) gapsBefore = NO_GAPS;
    const first = keys[0];
    if (first === undefined) return;
    const phrase = { seq: this.added++, keys, gapsBefore, payload };
    const list = this.byFirst.get(first);
    if (list) list.push(phrase);
    else this.byFirst.set(first, [phrase]);
    const second = keys[1];
    if (second === undefined || gapsBefore.includes(1) || toleratesTypo(second)) {
      const loose = this.looseSecond.get(first);
      if (loose) loose.push(phrase);
      else this.looseSecond.set(first, [phrase]);
    } else {
      let bySecond = this.bySecond.get(first);
      if (!bySecond) this.bySecond.set(first, (bySecond = new Map()));
      const exact = bySecond.get(second);
      if (exact) exact.push(phrase);
      else bySecond.set(second, [phrase]);
    }
    for (const key of keys) if (toleratesTypo(key)) this.makeTolerant(key);
    if (this.tolerant.has(first)) this.indexNearFirst(first);
  }

  private makeTolerant(key: string): void {
    if (this.tolerant.has(key)) return;
    this.tolerant.add(key);
    this.shortestTolerant = Math.min(this.shortestTolerant, key.length);
    this.longestTolerant = Math.max(this.longestTolerant, key.length);
    if (this.byFirst.has(key)) this.indexNearFirst(key);
  }

  private indexNearFirst(first: string): void {
    this.fileNearFirst(first, first);
    for (let k = 0; k < first.length; k++) this.fileNearFirst(withoutLetter(first, k), first);
  }

  private fileNearFirst(variant: string, first: string): void {
    const h = hashWithout(variant, -1) & NEAR_FILTER_MASK;
    this.nearBits[h >>> 5] = (this.nearBits[h >>> 5] ?? 0) | (1 << (h & 31));
    const list = this.nearFirst.get(variant);
    if (list) addOnce(list, first);
    else this.nearFirst.set(variant, [first]);
  }

  private sameWord(msg: Message, at: number, formKey: string): boolean {
    const key = msg.keys[at];
    if (key === undefined) return false;
    if (key === formKey || msg.withoutWaw[at] === formKey) return true;
    return this.tolerant.has(formKey) && withinOneEdit(key, formKey);
  }

  /** First keys a message key may stand for: itself, and long keys one typo away (added to `out` once each, in this order). */
  private firstKeysFor(key: string, out: string[]): void {
    if (this.byFirst.has(key)) addOnce(out, key);
    if (key.length < this.shortestTolerant - 1 || key.length > this.longestTolerant + 1) return;
    // Long first keys and their deletions are written in a to z only (toleratesTypo): a key with a
    // character outside a-z can only meet them without it, and a key with two such characters never.
    let other = -1;
    for (let k = 0; k < key.length; k++) {
      const code = key.charCodeAt(k);
      if (code >= CODE_A && code <= CODE_Z) continue;
      if (other >= 0) return;
      other = k;
    }
    if (other >= 0) {
      this.nearFirstKeysWithout(key, other, out);
      return;
    }
    for (let k = -1; k < key.length; k++) this.nearFirstKeysWithout(key, k, out);
  }

  /**
   * A filter of the variants filed in `nearFirst`: the bit of each one's hash (`hashWithout`). A
   * message's word is cut into a deletion (an allocation) only when its bit is set: most are filed
   * under no key, and a bit set by another variant only costs the look-up it saves.
   */
  private readonly nearBits = new Int32Array(1 << (NEAR_FILTER_BITS - 5));

  /** `nearFirstKeys` for the key without its letter at `skip` (-1: the key itself), if the filter may hold it. */
  private nearFirstKeysWithout(key: string, skip: number, out: string[]): void {
    const h = hashWithout(key, skip) & NEAR_FILTER_MASK;
    if (((this.nearBits[h >>> 5] ?? 0) & (1 << (h & 31))) === 0) return;
    this.nearFirstKeys(key, skip < 0 ? key : withoutLetter(key, skip), out);
  }

  /** The long first keys filed under `variant` (the key or one of its deletions) that are one typo from `key`. */
  private nearFirstKeys(key: string, variant: string, out: string[]): void {
    const list = this.nearFirst.get(variant);
    if (list === undefined) return;
    for (const c of list) if (withinOneEdit(key, c)) addOnce(out, c);
  }

  /**
   * Working list of `matchesAt`: the first keys the word at the start may stand for (cleared by each
   * call; one call at a time, JavaScript runs one call at a time and `matchesAt` calls nothing that
   * uses it).
   */
  private readonly firsts: string[] = [];
  /** Working list of `longestAt`. */
  private readonly longest: PhraseMatch<T>[] = [];

  /** Adds to `out` every phrase that matches the message from position `start`, with where it ends. */
  matchesAt(msg: Message, start: number, out: PhraseMatch<T>[]): void {
    const key = msg.keys[start];
    if (key === undefined || key === CLAUSE_BREAK) return;
    const firsts = this.firsts;
    firsts.length = 0;
    this.firstKeysFor(key, firsts);
    const bare = msg.withoutWaw[start];
    if (bare !== undefined && this.byFirst.has(bare)) addOnce(firsts, bare);
    const next = msg.keys[start + 1];
    const nextBare = msg.withoutWaw[start + 1];
    for (const first of firsts) {
      // Three lists, each in the order of addition, walked together in that order (no copy, no sort).
      const loose = this.looseSecond.get(first) ?? NO_PHRASES;
      const bySecond = this.bySecond.get(first);
      const exact = (next !== undefined && bySecond?.get(next)) || NO_PHRASES;
      const bareNext = (nextBare !== undefined && nextBare !== next && bySecond?.get(nextBare)) || NO_PHRASES;
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < loose.length || j < exact.length || k < bareNext.length) {
        const a = loose[i];
        const b = exact[j];
        const c = bareNext[k];
        let phrase = a;
        if (b && (!phrase || b.seq < phrase.seq)) phrase = b;
        if (c && (!phrase || c.seq < phrase.seq)) phrase = c;
        if (!phrase) break;
        if (phrase === a) i++;
        else if (phrase === b) j++;
        else k++;
        const end = this.restMatches(msg, phrase, 1, start + 1);
        if (end > 0) out.push({ start, end, payload: phrase.payload });
      }
    }
    firsts.length = 0;
  }

  /** Where the phrase ends if its words from `j` on match the message from `at`, or -1. */
  private restMatches(msg: Message, phrase: Phrase<T>, j: number, at: number): number {
    if (j === phrase.keys.length) return at;
    const formKey = phrase.keys[j] ?? '';
    const maxGap = phrase.gapsBefore.includes(j) ? MAX_GAP_WORDS : 0;
    for (let gap = 0; gap <= maxGap; gap++) {
      const p = at + gap;
      if (p >= msg.keys.length || (gap > 0 && msg.keys[p - 1] === CLAUSE_BREAK)) return -1;
      if (this.sameWord(msg, p, formKey)) {
        const end = this.restMatches(msg, phrase, j + 1, p + 1);
        if (end > 0) return end;
      }
    }
    return -1;
  }

  /** Every match anywhere in the message. */
  findAll(msg: Message): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < msg.keys.length; i++) this.matchesAt(msg, i, out);
    return out;
  }

  /** The end of the longest phrase matching at `start`, or -1. */
  longestAt(msg: Message, start: number): number {
    const found = this.longest;
    found.length = 0;
    this.matchesAt(msg, start, found);
    let end = -1;
    for (const m of found) end = Math.max(end, m.end);
    found.length = 0;
    return end;
  }
}

function indexOf(forms: readonly Form[], strings: Interned): PhraseIndex<true> {
  const index = new PhraseIndex<true>();
  for (const f of forms) index.add(f.words, true, f.gapsBefore, strings);
  return index;
}

/** Which group a signal form belongs to, and the line it was written as (for reports and tests). */
export interface SignalForm {
  group: string;
  level: DangerLevel;
  maxWordsAlone?: number;
  line: string;
  /** The form holds a negation of its own: a negation just before it does not cancel it. */
  negative: boolean;
}

/** A signal form found in a message, and whether a negation just before cancels it. */
export interface SignalMatch extends SignalForm {
  start: number;
  end: number;
  negated: boolean;
}

export class DangerDetector {
  private readonly signalForms = new PhraseIndex<SignalForm>();
  private readonly abroad: PhraseIndex<true>;
  private readonly forOther: PhraseIndex<true>;
  private readonly negationsBefore: PhraseIndex<true>;
  private readonly negationsRightBefore: PhraseIndex<true>;
  private readonly answers: Record<'yes' | 'no' | 'noAlone' | 'safe' | 'filler' | 'but', PhraseIndex<true>>;

  constructor(signals: DangerSignals) {
    // A form that holds a negation of its own ("peux pas sortir", "don't let me leave") is not
    // cancelled by one just before it: in "je ne peux pas sortir" the "ne" belongs to the form.
    const negationWords = new Set(
      [...signals.negationsBefore, ...signals.negationsRightBefore].filter((f) => f.words.length === 1).flatMap((f) => f.words),
    );
    const strings: Interned = new Map();
    for (const g of signals.groups) {
      const form = { group: g.id, level: g.level, maxWordsAlone: g.maxWordsAlone };
      // The forms a line expands to share one payload (per negative or not): tens of thousands fewer objects.
      const payloads = new Map<string, SignalForm>();
      for (const f of g.forms) {
        const negative = f.words.some((w) => negationWords.has(w));
        const payloadKey = `${negative ? 'n' : 'p'}${f.line}`;
        let payload = payloads.get(payloadKey);
        if (!payload) payloads.set(payloadKey, (payload = { ...form, line: f.line, negative }));
        this.signalForms.add(f.words, payload, f.gapsBefore, strings);
      }
    }
    this.abroad = indexOf(signals.abroad, strings);
    this.forOther = indexOf(signals.forOther, strings);
    this.negationsBefore = indexOf(signals.negationsBefore, strings);
    this.negationsRightBefore = indexOf(signals.negationsRightBefore, strings);
    const dq = signals.dangerQuestion;
    this.answers = {
      yes: indexOf(dq.yes, strings),
      no: indexOf(dq.no, strings),
      noAlone: indexOf(dq.noAlone, strings),
      safe: indexOf(dq.safe, strings),
      filler: indexOf(dq.filler, strings),
      but: indexOf(dq.but, strings),
    };
  }

  /** Builds the detector from `<knowledgeDir>/safety/danger-signals.yaml`. */
  static fromKnowledge(knowledgeDir: string): DangerDetector {
    return new DangerDetector(loadDangerSignals(knowledgeDir));
  }

  /** Every signal form in the message, negated or not (for tests and data reports). */
  matches(text: string): SignalMatch[] {
    return this.matchMessage(readMessage(text));
  }

  private matchMessage(msg: Message): SignalMatch[] {
    const found = this.signalForms.findAll(msg);
    if (found.length === 0) return [];
    const endsBefore = new Set(this.negationsBefore.findAll(msg).map((m) => m.end));
    const endsRightBefore = new Set(this.negationsRightBefore.findAll(msg).map((m) => m.end));
    return found.map((m) => ({
      ...m.payload,
      start: m.start,
      end: m.end,
      negated:
        !m.payload.negative &&
        (endsRightBefore.has(m.start) ||
          endsBefore.has(m.start) ||
          (endsBefore.has(m.start - 1) && msg.keys[m.start - 1] !== CLAUSE_BREAK)),
    }));
  }

  /** The matches that count: not negated, and a weak group's only in a short message or with a strong match. */
  private liveMatches(msg: Message): SignalMatch[] {
    const live = this.matchMessage(msg).filter((m) => !m.negated);
    // Weak cues count with a strong one, or two of different kinds together ("he is here and I am scared").
    const weakGroups = new Set(live.filter((m) => m.maxWordsAlone !== undefined).map((m) => m.group));
    const strong = live.some((m) => m.maxWordsAlone === undefined) || weakGroups.size > 1;
    return live.filter((m) => m.maxWordsAlone === undefined || strong || msg.wordCount <= m.maxWordsAlone);
  }

  /** The danger or trafficking signal in a message, or undefined when there is none. */
  detect(text: string): DangerSignal | undefined {
    return this.signalOf(readMessage(text));
  }

  private signalOf(msg: Message): DangerSignal | undefined {
    const live = this.liveMatches(msg);
    if (live.length === 0) return undefined;
    return {
      level: live.some((m) => m.level === 'immediate') ? 'immediate' : 'exploitation',
      abroad: this.abroad.findAll(msg).length > 0,
      forOther: this.forOther.findAll(msg).length > 0,
      indicators: [...new Set(live.map((m) => m.group))],
    };
  }

  /**
   * Reads a typed answer to "Are you in danger right now?". A danger of one's own, or an answer that
   * starts with yes, is a yes; a clear no (or "I am safe"), with only fillers around it, is a no; a
   * no followed by something else is no-but; anything else, a typo of yes included, is a yes.
   */
  answerToDangerQuestion(text: string): DangerAnswer {
    const msg = readMessage(text);
    const signal = this.signalOf(msg);
    if (signal?.level === 'immediate' && !signal.forOther) return 'yes';
    const a = this.answers;
    if (a.yes.longestAt(msg, 0) > 0) return 'yes';

    // Walk the answer from its start over no, safe, filler and ambiguous-no forms, every way they
    // can be read (a longer form is not always the right one: "no" + "I'm not in danger").
    const n = msg.keys.length;
    const reached = [new Set<boolean>([false])];
    let furthestNo = -1;
    for (let i = 0; i < n; i++) {
      const states = reached[i];
      if (!states || states.size === 0) continue;
      const reach = (end: number, saidNo: boolean) => {
        const set = reached[end] ?? (reached[end] = new Set<boolean>());
        set.add(saidNo);
        if (saidNo) furthestNo = Math.max(furthestNo, end);
      };
      if (msg.keys[i] === CLAUSE_BREAK) {
        for (const saidNo of states) reach(i + 1, saidNo);
        continue;
      }
      const saysNo: PhraseMatch<true>[] = [];
      a.no.matchesAt(msg, i, saysNo);
      a.safe.matchesAt(msg, i, saysNo);
      for (const m of saysNo) reach(m.end, true);
      const alone: PhraseMatch<true>[] = [];
      a.noAlone.matchesAt(msg, i, alone);
      for (const m of alone) {
        if (m.end === n || this.continuesAnAnswer(msg, m.end)) reach(m.end, true);
      }
      const fillers: PhraseMatch<true>[] = [];
      a.filler.matchesAt(msg, i, fillers);
      for (const m of fillers) for (const saidNo of states) reach(m.end, saidNo);
    }
    if (reached[n]?.has(true)) return 'no';
    if (furthestNo < 0) return 'yes';
    if (a.yes.longestAt(msg, furthestNo) > furthestNo) return 'yes';
    return 'no-but';
  }

  /** What may follow an ambiguous no ("la"): a clause break, another no, a safe form, a filler or "but". */
  private continuesAnAnswer(msg: Message, at: number): boolean {
    if (msg.keys[at] === CLAUSE_BREAK) return true;
    const a = this.answers;
    return [a.no, a.noAlone, a.safe, a.filler, a.but].some((index) => index.longestAt(msg, at) > at);
  }
}
