import Fuse from 'fuse.js';
import { BoundedCache } from '../util/bounded-cache';
import { normalizeText, stem, words } from './normalize';

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

/** A message reduced to the words that carry meaning, as search keys. */
export function contentTerms(normalized: string, functionWords: Set<string>): string[] {
  return words(normalized)
    .filter((w) => !functionWords.has(w))
    .map(stem)
    .filter((w) => w.length > 1 || /\d/.test(w));
}

interface TermMatch {
  term: string;
  sim: number;
}

interface IndexedPhrase {
  terms: string[];
  total: number;
}

/** Shortest word that may be matched fuzzily; shorter ones must match exactly. */
const MIN_FUZZY_LENGTH = 4;
/** Fuse score above which a vocabulary word is not a spelling of the message's word. */
const FUZZY_THRESHOLD = 0.34;
/** Words whose lengths differ more than this ratio are different words, whatever Fuse says. */
const MIN_LENGTH_RATIO = 0.6;
const LOOKUP_CACHE_SIZE = 20_000;

/** Two words that differ only after a common beginning of all but their last two letters. */
function sharesStem(a: string, b: string): boolean {
  const n = Math.max(4, Math.min(a.length, b.length) - 2);
  return a.slice(0, n) === b.slice(0, n);
}

/**
 * Fuzzy search over the normalised words of every target's phrases: fuse.js finds the known
 * words a message's word may be a spelling of, each word weighs by how specific it is (inverse
 * topic frequency), and a target scores by how much of the message it explains and how much of
 * one of its phrases the message contains.
 */
export class SearchIndex {
  private readonly idf = new Map<string, number>();
  private readonly fuse: Fuse<string>;
  private readonly targetTerms = new Map<string, Set<string>>();
  private readonly topicTerms = new Map<string, Set<string>>();
  /** Inverted indexes: the targets (by position) whose words include a term, and the phrases (by number) that hold it. */
  private readonly targetsOfTerm = new Map<string, number[]>();
  private readonly phrasesOfTerm = new Map<string, number[]>();
  private readonly targetPhrases = new Map<string, IndexedPhrase[]>();
  /** Every scored phrase, numbered: its target's position and its words' total weight. */
  private readonly phraseTarget: Int32Array;
  private readonly phraseTotal: Float64Array;
  /** Scratch space of search(), reset after each call: weight found per phrase, best phrase share per target. */
  private readonly phraseGot: Float64Array;
  private readonly targetPhraseShare: Float64Array;
  private readonly targetSeen: Uint8Array;
  /** The topics (by position) whose words include a term, and each target's topic position. */
  private readonly topicsOfTerm = new Map<string, number[]>();
  private readonly topicOfTarget: Int32Array;
  private readonly targetScratch: Float64Array;
  private readonly topicScratch: Float64Array;
  private readonly lookupCache = new BoundedCache<string, TermMatch[]>(LOOKUP_CACHE_SIZE);
  private readonly unknownWeight: number;
  /** Inverse topic frequency of a word found in about a sixth of the topics. */
  private readonly specificIdf: number;
  /** A phrase whose words weigh this much (or more) counts fully when the message contains it. */
  private readonly fullPhraseWeight: number;
  readonly vocabularySize: number;

  constructor(
    private readonly targets: SearchTarget[],
    private readonly functionWords: Set<string>,
    options: { extraTerms?: (normalizedPhrase: string) => string[] } = {},
  ) {
    const topicsOfTerm = new Map<string, Set<string>>();
    for (const target of targets) {
      const all = new Set<string>();
      const phrases: IndexedPhrase[] = [];
      for (const phrase of target.phrases) {
        const normalizedPhrase = normalizeText(phrase.text);
        const terms = [...new Set([...contentTerms(normalizedPhrase, functionWords), ...(options.extraTerms?.(normalizedPhrase) ?? [])])];
        if (terms.length === 0) continue;
        terms.forEach((t) => all.add(t));
        if (phrase.kind !== 'title') phrases.push({ terms, total: 0 });
      }
      this.targetTerms.set(target.key, all);
      const topicSet = this.topicTerms.get(target.topic) ?? new Set<string>();
      all.forEach((t) => topicSet.add(t));
      this.topicTerms.set(target.topic, topicSet);
      this.targetPhrases.set(target.key, phrases);
      for (const t of all) {
        const topics = topicsOfTerm.get(t) ?? new Set<string>();
        topics.add(target.topic);
        topicsOfTerm.set(t, topics);
      }
    }
    const topicCount = new Set(targets.map((t) => t.topic)).size;
    let maxIdf = 0;
    for (const [term, topics] of topicsOfTerm) {
      const idf = Math.log(1 + topicCount / topics.size);
      this.idf.set(term, idf);
      maxIdf = Math.max(maxIdf, idf);
    }
    this.unknownWeight = 0.5 * maxIdf;
    this.specificIdf = Math.log(1 + 6);
    this.fullPhraseWeight = 0.9 * maxIdf;
    for (const phrases of this.targetPhrases.values()) {
      for (const p of phrases) p.total = p.terms.reduce((sum, t) => sum + (this.idf.get(t) ?? 0), 0);
    }
    const phraseTarget: number[] = [];
    const phraseTotal: number[] = [];
    targets.forEach((target, position) => {
      for (const t of this.targetTerms.get(target.key) ?? []) {
        const list = this.targetsOfTerm.get(t) ?? [];
        list.push(position);
        this.targetsOfTerm.set(t, list);
      }
      for (const p of this.targetPhrases.get(target.key) ?? []) {
        const id = phraseTarget.length;
        phraseTarget.push(position);
        phraseTotal.push(p.total);
        for (const t of p.terms) {
          const list = this.phrasesOfTerm.get(t) ?? [];
          list.push(id);
          this.phrasesOfTerm.set(t, list);
        }
      }
    });
    this.phraseTarget = Int32Array.from(phraseTarget);
    this.phraseTotal = Float64Array.from(phraseTotal);
    this.phraseGot = new Float64Array(phraseTarget.length);
    this.targetPhraseShare = new Float64Array(targets.length);
    this.targetSeen = new Uint8Array(targets.length);
    const topicNames = [...new Set(targets.map((t) => t.topic))];
    this.topicOfTarget = Int32Array.from(targets.map((t) => topicNames.indexOf(t.topic)));
    topicNames.forEach((topic, position) => {
      for (const t of this.topicTerms.get(topic) ?? []) {
        const list = this.topicsOfTerm.get(t) ?? [];
        list.push(position);
        this.topicsOfTerm.set(t, list);
      }
    });
    this.targetScratch = new Float64Array(targets.length);
    this.topicScratch = new Float64Array(topicNames.length);
    const vocabulary = [...topicsOfTerm.keys()];
    this.vocabularySize = vocabulary.length;
    this.fuse = new Fuse(vocabulary, {
      includeScore: true,
      threshold: FUZZY_THRESHOLD,
      location: 0,
      distance: 8,
      minMatchCharLength: 2,
    });
  }

  /**
   * True when `term` (a stemmed word) is, or is a spelling of, a word specific to a few targets'
   * topics ("donors", "passport"), not a word many topics share ("kind", "project").
   */
  isSpecific(term: string): boolean {
    return this.lookup(term).some((m) => (this.idf.get(m.term) ?? 0) * m.sim >= this.specificIdf);
  }

  /** Known words that `term` may be a spelling of, with a similarity in (0, 1]. */
  lookup(term: string): TermMatch[] {
    const cached = this.lookupCache.get(term);
    if (cached) return cached;
    let matches: TermMatch[];
    if (term.length < MIN_FUZZY_LENGTH || /^\d+$/.test(term) || term.startsWith('§')) {
      matches = this.idf.has(term) ? [{ term, sim: 1 }] : [];
    } else {
      matches = [];
      const known = this.idf.has(term);
      for (const r of this.fuse.search(term)) {
        const ratio = Math.min(term.length, r.item.length) / Math.max(term.length, r.item.length);
        if (ratio < MIN_LENGTH_RATIO) continue;
        // A word the index knows is not a misspelling: only its inflections ("retour", "retourne")
        // stay candidates, never another word ("training" is not "trafficking").
        if (known && r.item !== term && !sharesStem(term, r.item)) continue;
        const sim = r.item === term ? 1 : (1 - (r.score ?? 1)) * (0.85 + 0.15 * ratio) * 0.95;
        matches.push({ term: r.item, sim });
      }
    }
    this.lookupCache.set(term, matches);
    return matches;
  }

  private weightOf(term: string, matches: TermMatch[]): number {
    if (matches.length === 0) return /^\d+$/.test(term) || term.length < MIN_FUZZY_LENGTH ? this.unknownWeight / 2 : this.unknownWeight;
    return Math.max(...matches.map((m) => (this.idf.get(m.term) ?? 0) * m.sim));
  }

  /** Every target that shares a word with the message, best first. */
  search(terms: string[]): TargetScore[] {
    const unique = [...new Set(terms)];
    const perTerm = unique.map((t) => ({ term: t, matches: this.lookup(t) }));
    const total = perTerm.reduce((sum, p) => sum + this.weightOf(p.term, p.matches), 0);
    if (total === 0) return [];

    // How much of the message each target's words, and each topic's words, explain: per message
    // word, the weight of its best match among the group's words, summed over the message's words.
    const targetEvidence = this.evidence(perTerm, this.targetsOfTerm, this.targetScratch);
    const topicEvidence = this.evidence(perTerm, this.topicsOfTerm, this.topicScratch);

    // The known words the message may contain, each with its best similarity; only the targets and
    // phrases that hold one of them are scored (inverted indexes, numbers in reused arrays).
    const termSim = new Map<string, number>();
    for (const { matches } of perTerm) for (const m of matches) termSim.set(m.term, Math.max(termSim.get(m.term) ?? 0, m.sim));
    const candidates: number[] = [];
    const touchedPhrases: number[] = [];
    const { phraseGot, phraseTotal, phraseTarget, targetPhraseShare, targetSeen } = this;
    for (const [term, sim] of termSim) {
      for (const position of this.targetsOfTerm.get(term) ?? []) {
        if (targetSeen[position] === 0) {
          targetSeen[position] = 1;
          candidates.push(position);
        }
      }
      const weight = (this.idf.get(term) ?? 0) * sim;
      for (const id of this.phrasesOfTerm.get(term) ?? []) {
        if (phraseGot[id] === 0) touchedPhrases.push(id);
        phraseGot[id] = (phraseGot[id] as number) + weight;
      }
    }
    for (const id of touchedPhrases) {
      const phraseWeight = phraseTotal[id] as number;
      const got = phraseGot[id] as number;
      phraseGot[id] = 0;
      if (phraseWeight === 0) continue;
      // A phrase of common words only ("help me") says less than one rare name ("FORSATY").
      const specificity = Math.min(1, phraseWeight / this.fullPhraseWeight);
      const position = phraseTarget[id] as number;
      targetPhraseShare[position] = Math.max(targetPhraseShare[position] as number, (got / phraseWeight) * specificity);
    }

    const results: TargetScore[] = [];
    for (const position of candidates) {
      const target = this.targets[position] as SearchTarget;
      const phrase = targetPhraseShare[position] as number;
      targetSeen[position] = 0;
      targetPhraseShare[position] = 0;
      const entryCoverage = Math.min(1, (targetEvidence.get(position) ?? 0) / total);
      if (entryCoverage === 0) continue;
      const topicCoverage = Math.min(1, (topicEvidence.get(this.topicOfTarget[position] as number) ?? 0) / total);
      // The entry's own words, and those of its whole topic (a topic's entries share a subject).
      const coverage = (entryCoverage + topicCoverage) / 2;
      results.push({ key: target.key, topic: target.topic, coverage, phrase, score: 0.6 * coverage + 0.4 * phrase });
    }
    return results.sort((a, b) => b.score - a.score);
  }

  /**
   * For each group (target or topic, by position) holding a word of the message: the sum over the
   * message's words of the weight of the word's best match among the group's words.
   */
  private evidence(perTerm: Array<{ matches: TermMatch[] }>, groupsOfTerm: Map<string, number[]>, best: Float64Array): Map<number, number> {
    const sums = new Map<number, number>();
    const touched: number[] = [];
    for (const { matches } of perTerm) {
      for (const m of matches) {
        const w = (this.idf.get(m.term) ?? 0) * m.sim;
        for (const group of groupsOfTerm.get(m.term) ?? []) {
          const current = best[group] as number;
          if (current === 0) touched.push(group);
          if (w > current) best[group] = w;
        }
      }
      for (const group of touched) {
        sums.set(group, (sums.get(group) ?? 0) + (best[group] as number));
        best[group] = 0;
      }
      touched.length = 0;
    }
    return sums;
  }
}
