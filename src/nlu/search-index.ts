import { CandidateIndex } from './candidate-index';
import { normalizeText, stem, words } from './normalize';
import {
  CONCEPT_PREFIX,
  SPECIFIC_WORD_MIN_PHRASES,
  COVERAGE_WEIGHT,
  ENTRY_COVERAGE_SHARE,
  FULL_PHRASE_WEIGHT_SHARE,
  MAX_FUZZY_LENGTH,
  MAX_TERMS_SCORED,
  MIN_FUZZY_LENGTH,
  PHRASE_WEIGHT,
  SHARED_STEM_FREE_END,
  SHARED_STEM_MIN_LENGTH,
  SHORT_UNKNOWN_WORD_FACTOR,
  SPECIFIC_WORD_TOPIC_SHARE,
  UNKNOWN_WORD_WEIGHT_SHARE,
} from './tuning';

/** Something a message can be matched to: a knowledge entry or a known out-of-scope subject. */
export interface SearchTarget {
  key: string;
  topic: string;
  /** Texts that say what this target is about: question variants, keywords, titles. */
  phrases: Array<{ text: string; kind: 'question' | 'keyword' | 'title' }>;
}

export interface TargetScore {
  key: string;
  topic: string;
  score: number;
  /** Share of the message's information that this target explains (0..1). */
  coverage: number;
  /** Best share of one of the target's phrases found in the message (0..1). */
  phrase: number;
}

export interface SearchIndexOptions {
  /**
   * Extra terms for an indexed phrase, given its normalised text: concept tokens starting with "§"
   * ("§return-home"). They are matched exactly only and weigh like words. The caller adds the same
   * tokens to a message's terms before `search`.
   */
  extraTerms?: (normalizedPhrase: string) => string[];
}

/** A message reduced to the words that carry meaning, as search keys. */
export function contentTerms(normalized: string, functionWords: Set<string>): string[] {
  return words(normalized)
    .filter((w) => !functionWords.has(w))
    .map(stem)
    .filter((w) => w.length > 1 || /\d/.test(w));
}

/** A known term a message's term may be a spelling of, with a similarity in (0, 1]. */
export interface TermMatch {
  term: string;
  sim: number;
}

/** What the index knows of one term: its weight and where it occurs (posting lists, by number). */
interface Posting {
  /** The posting's number (for the search's working arrays). */
  number: number;
  /** Inverse topic frequency: log(1 + topics / topics holding the term). */
  idf: number;
  /** Targets (by position in `targets`) whose phrases hold the term. */
  targets: number[];
  /** Topics (by number) whose targets hold the term. */
  topics: number[];
  /** Scored phrases (by number in `phrases`) that hold the term. */
  phrases: number[];
}

/** A question or keyword of a target (titles only feed coverage), with the total weight of its terms. */
interface ScoredPhrase {
  target: number;
  weight: number;
}

const isNumber = (term: string) => /^\d+$/.test(term);
const isConcept = (term: string) => term.startsWith(CONCEPT_PREFIX);

/** Two words that differ only after a common beginning of all but their last letters (tuning.ts). */
function sharesStem(a: string, b: string): boolean {
  const n = Math.max(SHARED_STEM_MIN_LENGTH, Math.min(a.length, b.length) - SHARED_STEM_FREE_END);
  // a.slice(0, n) === b.slice(0, n), compared in place.
  const length = Math.min(n, a.length);
  if (length !== Math.min(n, b.length)) return false;
  for (let i = 0; i < length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** Adds `value` to the list of `key`, once (lists are filled in ascending order of value). */
function addOnce(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/**
 * Search over the normalised words of every target's phrases. A message's word is matched to the
 * known words it may be a spelling of (exactly, or through the candidate index); each word weighs by
 * how specific it is (inverse topic frequency); a target scores by how much of the message it
 * explains (coverage) and how much of one of its phrases the message contains (phrase).
 *
 * Built once; `search` and `lookup` only read it, and keep their working state in local variables and
 * in working arrays of the index (one search at a time: JavaScript runs one call at a time).
 */
export class SearchIndex {
  /** Every known term and its posting lists. */
  private readonly postings = new Map<string, Posting>();
  private readonly phrases: ScoredPhrase[] = [];
  /** The number of each topic name. */
  private readonly topicNumbers: Map<string, number>;
  /** The topic number of each target. */
  private readonly topicOfTarget: number[];
  private readonly candidates: CandidateIndex;
  /**
   * Working arrays of `search`, by target, topic and phrase number, cleared when a search starts
   * (`phraseFound`, the long one, is left all zeros by each search instead).
   */
  private readonly work: {
    targetEvidence: Float64Array;
    topicEvidence: Float64Array;
    bestForTarget: Float64Array;
    bestForTopic: Float64Array;
    phraseFound: Float64Array;
    /** The numbers of the phrases `phraseFound` holds a weight for, in the order they were met. */
    phrasesFound: Int32Array;
    phraseShare: Float64Array;
    /** The message's distinct terms scored, and where each one's matches start and end in `matchTerms` / `matchSims`. */
    terms: string[];
    matchStart: number[];
    matchEnd: number[];
    /** The known terms each message term may be a spelling of, and their similarity, term after term. */
    matchTerms: string[];
    matchSims: number[];
    targetsMet: number[];
    topicsMet: number[];
    /** By posting number: the best similarity met in the message, and the stamp of the search that set it. */
    bestSim: Float64Array;
    bestSimStamp: Uint32Array;
    /** The postings met, in the order they were first met. */
    postingsMet: Posting[];
  };
  private stamp = 0;
  /** Weight of a word the index does not know. */
  private readonly unknownWeight: number;
  /** Weight from which a word counts as specific to a few topics (`isSpecific`). */
  private readonly specificIdf: number;
  /** A phrase whose words weigh this much (or more) counts fully when the message contains it. */
  private readonly fullPhraseWeight: number;
  readonly vocabularySize: number;

  constructor(
    private readonly targets: SearchTarget[],
    functionWords: Set<string>,
    options: SearchIndexOptions = {},
  ) {
    const topicNames = [...new Set(targets.map((t) => t.topic))];
    this.topicOfTarget = targets.map((t) => topicNames.indexOf(t.topic));
    this.topicNumbers = new Map(topicNames.map((name, i) => [name, i]));
    const termsOf = (text: string): string[] => {
      const normalized = normalizeText(text);
      return [...new Set([...contentTerms(normalized, functionWords), ...(options.extraTerms?.(normalized) ?? [])])];
    };

    // Posting lists: targets and topics of each term, and the scored phrases that hold it.
    const targetsOfTerm = new Map<string, number[]>();
    const topicsOfTerm = new Map<string, Set<number>>();
    const phrasesOfTerm = new Map<string, number[]>();
    const phraseTerms: string[][] = [];
    targets.forEach((target, position) => {
      const topic = this.topicOfTarget[position] ?? 0;
      for (const phrase of target.phrases) {
        const terms = termsOf(phrase.text);
        for (const term of terms) {
          addOnce(targetsOfTerm, term, position);
          const topics = topicsOfTerm.get(term) ?? new Set<number>();
          topics.add(topic);
          topicsOfTerm.set(term, topics);
        }
        if (phrase.kind === 'title' || terms.length === 0) continue;
        const id = this.phrases.length;
        this.phrases.push({ target: position, weight: 0 });
        phraseTerms.push(terms);
        for (const term of terms) addOnce(phrasesOfTerm, term, id);
      }
    });

    let maxIdf = 0;
    for (const [term, topics] of topicsOfTerm) {
      const idf = Math.log(1 + topicNames.length / topics.size);
      maxIdf = Math.max(maxIdf, idf);
      this.postings.set(term, {
        number: this.postings.size,
        idf,
        targets: targetsOfTerm.get(term) ?? [],
        topics: [...topics].sort((a, b) => a - b),
        phrases: phrasesOfTerm.get(term) ?? [],
      });
    }
    this.phrases.forEach((phrase, id) => {
      phrase.weight = (phraseTerms[id] ?? []).reduce((sum, term) => sum + this.idfOf(term), 0);
    });
    this.unknownWeight = UNKNOWN_WORD_WEIGHT_SHARE * maxIdf;
    this.specificIdf = Math.log(1 + 1 / SPECIFIC_WORD_TOPIC_SHARE);
    this.fullPhraseWeight = FULL_PHRASE_WEIGHT_SHARE * maxIdf;
    this.vocabularySize = this.postings.size;
    this.candidates = new CandidateIndex([...this.postings.keys()].filter((t) => !isConcept(t) && !isNumber(t)));
    this.work = {
      targetEvidence: new Float64Array(targets.length),
      topicEvidence: new Float64Array(topicNames.length),
      bestForTarget: new Float64Array(targets.length),
      bestForTopic: new Float64Array(topicNames.length),
      phraseFound: new Float64Array(this.phrases.length),
      phrasesFound: new Int32Array(this.phrases.length),
      phraseShare: new Float64Array(targets.length),
      terms: [],
      matchStart: [],
      matchEnd: [],
      matchTerms: [],
      matchSims: [],
      targetsMet: [],
      topicsMet: [],
      bestSim: new Float64Array(this.postings.size),
      bestSimStamp: new Uint32Array(this.postings.size),
      postingsMet: [],
    };
  }

  private idfOf(term: string): number {
    return this.postings.get(term)?.idf ?? 0;
  }

  /**
   * True when `term` (a stemmed word) is, or is a spelling of, a word specific to a few targets'
   * topics ("donors", "passport"), not a word many topics share ("kind", "project").
   */
  isSpecific(term: string): boolean {
    if (this.specificWeight(term) >= this.specificIdf) return true;
    const { terms, sims } = this.spellings(term);
    for (let k = 0; k < terms.length; k++) if (this.specificWeight(terms[k] ?? '') * (sims[k] ?? 0) >= this.specificIdf) return true;
    return false;
  }

  /** True when `term` (or a spelling of it) is a word of the knowledge topic `topic`'s phrases. */
  isWordOf(term: string, topic: string): boolean {
    const number = this.topicNumbers.get(topic);
    if (number === undefined) return false;
    const { terms } = this.spellings(term);
    for (const t of terms) if (this.postings.get(t)?.topics.includes(number)) return true;
    return false;
  }

  /** Working lists of `spellings` (one call at a time; `search` has its own). */
  private readonly spelt = { terms: [] as string[], sims: [] as number[] };

  /** `lookup(term)` in the working lists `spelt` (cleared first), read before the next call. */
  private spellings(term: string): { terms: string[]; sims: number[] } {
    const spelt = this.spelt;
    spelt.terms.length = 0;
    spelt.sims.length = 0;
    this.lookupInto(term, spelt.terms, spelt.sims);
    return spelt;
  }

  /** A term's weight as a topic word: its weight, or 0 if it occurs in too few phrases to say a topic ("doing", "part"). */
  private specificWeight(term: string): number {
    const posting = this.postings.get(term);
    if (!posting) return 0;
    return posting.phrases.length >= SPECIFIC_WORD_MIN_PHRASES || isConcept(term) ? posting.idf : 0;
  }

  /** Known terms that `term` may be a spelling of, with a similarity in (0, 1]; itself (sim 1) when known. */
  lookup(term: string): TermMatch[] {
    const terms: string[] = [];
    const sims: number[] = [];
    this.lookupInto(term, terms, sims);
    return terms.map((t, k) => ({ term: t, sim: sims[k] ?? 0 }));
  }

  /** `lookup(term)`, added to the ends of two lists (the terms, their similarities) instead of made into objects. */
  private lookupInto(term: string, terms: string[], sims: number[]): void {
    const known = this.postings.has(term);
    // Concept tokens, numbers, and words too short or too long for fuzzy matching: exact only.
    if (isConcept(term) || isNumber(term) || term.length < MIN_FUZZY_LENGTH || term.length > MAX_FUZZY_LENGTH) {
      if (known) {
        terms.push(term);
        sims.push(1);
      }
      return;
    }
    const from = terms.length;
    this.candidates.candidatesInto(term, terms, sims);
    if (!known) return;
    // A word the index knows is not a misspelling: only its inflections ("retour", "retourne")
    // stay candidates, never another word ("training" is not "trafficking").
    let kept = from;
    for (let k = from; k < terms.length; k++) {
      const word = terms[k] ?? '';
      if (word !== term && !sharesStem(term, word)) continue;
      terms[kept] = word;
      sims[kept] = sims[k] ?? 0;
      kept++;
    }
    terms.length = kept;
    sims.length = kept;
    if (kept === from) {
      terms.push(term);
      sims.push(1);
    }
  }

  /** How much a message's term weighs: its best match's weight (matches `from` to `to` of the working lists), or the weight of an unknown word. */
  private weightOf(term: string, from: number, to: number): number {
    if (to === from) {
      // A concept the knowledge base never names adds nothing: the words that named it count already.
      if (isConcept(term)) return 0;
      const short = isNumber(term) || term.length < MIN_FUZZY_LENGTH;
      return short ? this.unknownWeight * SHORT_UNKNOWN_WORD_FACTOR : this.unknownWeight;
    }
    const { matchTerms, matchSims } = this.work;
    let weight = -Infinity;
    for (let k = from; k < to; k++) weight = Math.max(weight, this.idfOf(matchTerms[k] ?? '') * (matchSims[k] ?? 0));
    return weight;
  }

  /**
   * Every target that shares a term with the message, best first. Only the first MAX_TERMS_SCORED
   * distinct terms count.
   */
  search(terms: readonly string[]): TargetScore[] {
    const w = this.work;
    const { matchStart, matchEnd, matchTerms, matchSims } = w;
    // The first MAX_TERMS_SCORED distinct terms, in the message's order, and their matches: kept in
    // working lists of the index (no object per term or match).
    const scored = w.terms;
    scored.length = 0;
    for (const term of terms) {
      if (scored.length >= MAX_TERMS_SCORED) break;
      if (!scored.includes(term)) scored.push(term);
    }
    matchTerms.length = 0;
    matchSims.length = 0;
    matchStart.length = 0;
    matchEnd.length = 0;
    let total = 0;
    for (const term of scored) {
      const from = matchTerms.length;
      this.lookupInto(term, matchTerms, matchSims);
      matchStart.push(from);
      matchEnd.push(matchTerms.length);
      total += this.weightOf(term, from, matchTerms.length);
    }
    if (total === 0) return [];

    // Coverage: for each target (and each topic), the sum over the message's terms of the weight of
    // the term's best match among the target's (topic's) terms. The sums live in working arrays of
    // the index, by target and topic number (cleared here): no map grows with every message.
    const { targetEvidence, topicEvidence, bestForTarget, bestForTopic, phraseFound, phrasesFound, phraseShare } = w;
    targetEvidence.fill(0);
    topicEvidence.fill(0);
    bestForTarget.fill(0);
    bestForTopic.fill(0);
    phraseShare.fill(0);
    // Phrase: the weight of each phrase's terms that the message holds (each known term once, at its best similarity).
    const { bestSim, bestSimStamp, postingsMet, targetsMet, topicsMet } = w;
    const stamp = this.nextStamp();
    postingsMet.length = 0;
    targetsMet.length = 0;
    topicsMet.length = 0;
    for (let i = 0; i < scored.length; i++) {
      const end = matchEnd[i] ?? 0;
      for (let k = matchStart[i] ?? end; k < end; k++) {
        const posting = this.postings.get(matchTerms[k] ?? '');
        if (!posting) continue;
        const sim = matchSims[k] ?? 0;
        const weight = posting.idf * sim;
        for (const t of posting.targets) {
          if (bestForTarget[t] === 0) targetsMet.push(t);
          bestForTarget[t] = Math.max(bestForTarget[t] ?? 0, weight);
        }
        for (const t of posting.topics) {
          if (bestForTopic[t] === 0) topicsMet.push(t);
          bestForTopic[t] = Math.max(bestForTopic[t] ?? 0, weight);
        }
        const n = posting.number;
        if (bestSimStamp[n] !== stamp) {
          bestSimStamp[n] = stamp;
          bestSim[n] = 0;
          postingsMet.push(posting);
        }
        bestSim[n] = Math.max(bestSim[n] ?? 0, sim);
      }
      for (const t of targetsMet) {
        targetEvidence[t] = (targetEvidence[t] ?? 0) + (bestForTarget[t] ?? 0);
        bestForTarget[t] = 0;
      }
      for (const t of topicsMet) {
        topicEvidence[t] = (topicEvidence[t] ?? 0) + (bestForTopic[t] ?? 0);
        bestForTopic[t] = 0;
      }
      targetsMet.length = 0;
      topicsMet.length = 0;
    }

    let phrasesMet = 0;
    for (const posting of postingsMet) {
      const sim = bestSim[posting.number] ?? 0;
      for (const id of posting.phrases) {
        if (phraseFound[id] === 0) phrasesFound[phrasesMet++] = id;
        phraseFound[id] = (phraseFound[id] ?? 0) + posting.idf * sim;
      }
    }
    // Each target's best phrase share; a phrase of common words only ("help me") says less than one
    // rare name ("FORSATY").
    for (let k = 0; k < phrasesMet; k++) {
      const id = phrasesFound[k] ?? 0;
      const found = phraseFound[id] ?? 0;
      phraseFound[id] = 0;
      const phrase = this.phrases[id];
      if (!phrase || phrase.weight === 0) continue;
      const share = (found / phrase.weight) * Math.min(1, phrase.weight / this.fullPhraseWeight);
      phraseShare[phrase.target] = Math.max(phraseShare[phrase.target] ?? 0, share);
    }

    const results: TargetScore[] = [];
    for (let position = 0; position < this.targets.length; position++) {
      const target = this.targets[position];
      const evidence = targetEvidence[position] ?? 0;
      if (!target || evidence === 0) continue;
      const entryCoverage = Math.min(1, evidence / total);
      const topicCoverage = Math.min(1, (topicEvidence[this.topicOfTarget[position] ?? -1] ?? 0) / total);
      const coverage = ENTRY_COVERAGE_SHARE * entryCoverage + (1 - ENTRY_COVERAGE_SHARE) * topicCoverage;
      const phrase = phraseShare[position] ?? 0;
      const score = COVERAGE_WEIGHT * coverage + PHRASE_WEIGHT * phrase;
      results.push({ key: target.key, topic: target.topic, coverage, phrase, score });
    }
    // Ties keep the targets' order (the sort is stable, and results are in target order), so that
    // results do not depend on the order of the message's words.
    // (-1, 0 or 1 rather than the difference: a small integer, where a fractional number is an allocation per comparison.)
    results.sort((a, b) => (b.score > a.score ? 1 : b.score < a.score ? -1 : 0));
    postingsMet.length = 0;
    return results;
  }

  /** A fresh mark for `bestSimStamp` (every posting unmarked). */
  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.work.bestSimStamp.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}
