/**
 * Which known words a message's word may be a spelling of, found in bounded time.
 *
 * A SymSpell-style deletion index: every known word is filed under each string obtained by deleting
 * up to MAX_EDITS letters from its first INDEXED_PREFIX_LENGTH letters. Two words within a few edits
 * of each other have such a deletion string in common, so a lookup generates the (at most 29) deletion
 * strings of the message's word, reads their lists, and verifies each known word found with a banded
 * Damerau-Levenshtein distance. Built once; a lookup reads it and reuses a few working arrays of the
 * index (marks, keys, distance tables), so that it allocates little more than its answer.
 */
import {
  FUZZY_SIMILARITY,
  INDEXED_PREFIX_LENGTH,
  MAX_CANDIDATES_PER_WORD,
  MAX_EDITS,
  MAX_FUZZY_LENGTH,
  MIN_FUZZY_LENGTH,
  MIN_LENGTH_RATIO,
  TWO_EDITS_FROM_LENGTH,
  UNTYPED_END_WEIGHT,
} from './tuning';

/** A known word a message's word may be a spelling of. */
export interface Candidate {
  word: string;
  /** Edits between the message's word and the part of the known word it spells. */
  edits: number;
  /** Letters of the known word after the part spelt (0: the whole word). */
  untyped: number;
  /** In (0, 1): see `similarity`. */
  similarity: number;
}

/** Edits a word of `length` letters may carry and still be recognised (tuning.ts). */
export function maxEdits(length: number): number {
  if (length < MIN_FUZZY_LENGTH) return 0;
  return length >= TWO_EDITS_FROM_LENGTH ? MAX_EDITS : 1;
}

/** True when a word of this length is looked up fuzzily at all. */
export function isFuzzyLength(length: number): boolean {
  return length >= MIN_FUZZY_LENGTH && length <= MAX_FUZZY_LENGTH;
}

/**
 * How alike a message's word (`queryLength` letters) is to a known word (`wordLength` letters) it
 * spells with `edits` edits, leaving `untyped` letters of the known word's end unwritten. The one
 * formula of tuning.ts: FUZZY_SIMILARITY × (1 − edits/|q|) × (1 − UNTYPED_END_WEIGHT × untyped/|w|).
 */
export function similarity(queryLength: number, wordLength: number, edits: number, untyped: number): number {
  return FUZZY_SIMILARITY * (1 - edits / queryLength) * (1 - (UNTYPED_END_WEIGHT * untyped) / wordLength);
}

/** Every string made by deleting up to `deletions` characters of `text` (itself included), each once. */
export function deletionStrings(text: string, deletions: number): Set<string> {
  const found = new Set<string>([text]);
  let frontier = [text];
  for (let round = 0; round < deletions; round++) {
    const next: string[] = [];
    for (const s of frontier) {
      for (let i = 0; i < s.length; i++) {
        const shorter = s.slice(0, i) + s.slice(i + 1);
        if (shorter.length === 0 || found.has(shorter)) continue;
        found.add(shorter);
        next.push(shorter);
      }
    }
    frontier = next;
  }
  return found;
}

/**
 * Working space of `prefixDistances` for queries of `queryLength` letters: a table of
 * (queryLength + 1) rows and (queryLength + limit + 1) columns, all "more than limit" to start with.
 * Only cells within `limit` of the diagonal are ever written, so one table serves every word
 * compared with the same query.
 */
export function distanceTable(queryLength: number, limit: number): Int32Array {
  return new Int32Array((queryLength + 1) * (queryLength + limit + 1)).fill(limit + 1);
}

/**
 * Optimal-string-alignment distance (Damerau-Levenshtein where a transposed pair is not edited again)
 * between `query` and each beginning of `word` of up to `query.length + limit` letters, computed only
 * within `limit` of the diagonal: entry j of the result is the distance to `word.slice(0, j)`, or
 * limit + 1 when it is larger than `limit`.
 */
export function prefixDistances(
  query: string,
  word: string,
  limit: number,
  table: Int32Array = distanceTable(query.length, limit),
): number[] {
  const n = query.length;
  const m = fillDistances(query, word, limit, table);
  const last: number[] = [];
  for (let j = 0; j <= m; j++) last.push(distanceAt(table, n, j, limit));
  return last;
}

/** Fills `table` (see `distanceTable`) for `query` against the beginnings of `word`; returns the longest beginning measured. */
function fillDistances(query: string, word: string, limit: number, table: Int32Array): number {
  const n = query.length;
  const width = n + limit + 1;
  const m = Math.min(word.length, n + limit);
  const over = limit + 1;
  for (let i = 0; i <= n; i++) {
    const row = i * width;
    const to = Math.min(m, i + limit);
    for (let j = Math.max(0, i - limit); j <= to; j++) {
      let d = i + j;
      if (i > 0 && j > 0) {
        const cost = query.charCodeAt(i - 1) === word.charCodeAt(j - 1) ? 0 : 1;
        const substitute = (table[row - width + j - 1] ?? over) + cost;
        const skipQueryLetter = (table[row - width + j] ?? over) + 1;
        const skipWordLetter = (table[row + j - 1] ?? over) + 1;
        d = Math.min(substitute, skipQueryLetter, skipWordLetter);
        if (i > 1 && j > 1 && query.charCodeAt(i - 1) === word.charCodeAt(j - 2) && query.charCodeAt(i - 2) === word.charCodeAt(j - 1)) {
          d = Math.min(d, (table[row - 2 * width + j - 2] ?? over) + 1);
        }
      }
      table[row + j] = Math.min(d, over);
    }
  }
  return m;
}

/** The distance between a query of `n` letters and the beginning of j letters, from a filled table. */
function distanceAt(table: Int32Array, n: number, j: number, limit: number): number {
  const over = limit + 1;
  return Math.abs(n - j) > limit ? over : (table[n * (n + limit + 1) + j] ?? over);
}

/**
 * The strings of `deletionStrings(text, deletions)`, in the same order, written into `out` (cleared
 * first): a short array instead of a set, as a lookup makes at most 1 + 7 + 21 of them.
 */
function deletionKeys(text: string, deletions: number, out: string[]): string[] {
  out.length = 0;
  out.push(text);
  let from = 0;
  for (let round = 0; round < deletions; round++) {
    const to = out.length;
    for (let k = from; k < to; k++) {
      const s = out[k] ?? '';
      for (let i = 0; i < s.length; i++) {
        const shorter = s.slice(0, i) + s.slice(i + 1);
        if (shorter.length === 0 || out.includes(shorter)) continue;
        out.push(shorter);
      }
    }
    from = to;
  }
  return out;
}

/** A 32-bit hash of `text`'s first `length` characters, leaving out those at `skipA` and `skipB` (-1: none). */
function hashWithout(text: string, length: number, skipA: number, skipB: number): number {
  let h = 0;
  for (let i = 0; i < length; i++) {
    if (i === skipA || i === skipB) continue;
    h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  }
  return h;
}

/** `text`'s first `length` characters, without those at `a` and `b` (a < b; -1: none). */
function without(text: string, length: number, a: number, b: number): string {
  if (a < 0) return text.slice(0, length);
  if (b < 0) return text.slice(0, a) + text.slice(a + 1, length);
  return text.slice(0, a) + text.slice(a + 1, b) + text.slice(b + 1, length);
}

/** Bits of the filter of the deletion strings filed (`keyBits`): 2^20 bits, 128 KB, for some 35,000 strings. */
const KEY_FILTER_BITS = 20;
const KEY_FILTER_MASK = (1 << KEY_FILTER_BITS) - 1;

export class CandidateIndex {
  /** The known words, by number. */
  private readonly words: string[] = [];
  /** Posting lists: a deletion string of a word's beginning -> the numbers of the words that yield it, ascending. */
  private readonly wordsByKey = new Map<string, number[]>();
  /**
   * Working space of a lookup, reused from one to the next (lookups never run at the same time):
   * the stamp of the last lookup that met each word, the deletion strings, and distance tables by size.
   */
  private readonly seen: Uint32Array;
  private stamp = 0;
  private readonly keys: string[] = [];
  /**
   * A filter of the deletion strings filed: the bit of each one's hash (`hashWithout`). A lookup
   * makes a deletion string of the message's word (an allocation) only when its bit is set: most
   * are filed under no word, and a bit set by another string only costs the look-up it saves.
   */
  private readonly keyBits = new Int32Array(1 << (KEY_FILTER_BITS - 5));
  /** The numbers of the words a lookup meets (`wordsSharingAKey` says how many). */
  private readonly ids = new Int32Array(MAX_CANDIDATES_PER_WORD);
  private readonly tables = new Map<number, Int32Array>();
  /** The number of each indexed word. */
  private readonly numberOfWord = new Map<string, number>();
  /** `candidates(word)` of every indexed word, worked out when the index is built: (word number, edits, untyped) triples. */
  private readonly knownAnswers: Int32Array;
  /** Where the triples of the word numbered i start in `knownAnswers` (those of i + 1 end there). */
  private readonly answerStart: Int32Array;

  /** `words`: the known words; only those of a fuzzy length are indexed (others match exactly only). */
  constructor(words: Iterable<string>) {
    for (const word of new Set(words)) {
      if (!isFuzzyLength(word.length)) continue;
      const id = this.words.length;
      this.words.push(word);
      // Every word is filed with MAX_EDITS deletions whatever its length, so that a shorter message
      // word that spells its beginning ("vocation" for "vocational") meets it.
      for (const key of deletionStrings(word.slice(0, INDEXED_PREFIX_LENGTH), MAX_EDITS)) {
        const list = this.wordsByKey.get(key);
        if (list) list.push(id);
        else this.wordsByKey.set(key, [id]);
      }
    }
    for (const key of this.wordsByKey.keys()) {
      const h = hashWithout(key, key.length, -1, -1) & KEY_FILTER_MASK;
      this.keyBits[h >>> 5] = (this.keyBits[h >>> 5] ?? 0) | (1 << (h & 31));
    }
    this.seen = new Uint32Array(this.words.length);
    // The answers for the known words themselves, worked out once (most words of a message are
    // known), packed as numbers: for each candidate its word's number, edits and untyped letters.
    const packed: number[] = [];
    this.answerStart = new Int32Array(this.words.length + 1);
    this.words.forEach((word, id) => this.numberOfWord.set(word, id));
    this.words.forEach((word, id) => {
      this.answerStart[id] = packed.length;
      for (const c of this.lookUp(word)) packed.push(this.numberOfWord.get(c.word) ?? -1, c.edits, c.untyped);
    });
    this.answerStart[this.words.length] = packed.length;
    this.knownAnswers = Int32Array.from(packed);
  }

  /** Number of words indexed. */
  get size(): number {
    return this.words.length;
  }

  /** Number of deletion strings filed (for the bench's memory figure). */
  get keyCount(): number {
    return this.wordsByKey.size;
  }

  /**
   * The known words `query` may be a spelling of (itself included when known), with their similarity,
   * in vocabulary order. Empty for a word too short or too long for fuzzy matching.
   */
  candidates(query: string): Candidate[] {
    const known = this.numberOfWord.get(query);
    return known === undefined ? this.lookUp(query) : this.knownAnswer(known, query);
  }

  /**
   * `candidates(query)`, added to the ends of two lists (the words, their similarities) without an
   * object per candidate for a known word (the search's path).
   */
  candidatesInto(query: string, words: string[], similarities: number[]): void {
    const id = this.numberOfWord.get(query);
    if (id === undefined) {
      for (const c of this.lookUp(query)) {
        words.push(c.word);
        similarities.push(c.similarity);
      }
      return;
    }
    const end = this.answerStart[id + 1] ?? 0;
    for (let k = this.answerStart[id] ?? end; k < end; k += 3) {
      const word = this.words[this.knownAnswers[k] ?? -1] ?? '';
      words.push(word);
      similarities.push(
        word === query ? 1 : similarity(query.length, word.length, this.knownAnswers[k + 1] ?? 0, this.knownAnswers[k + 2] ?? 0),
      );
    }
  }

  /** The answer worked out for the known word `query` (numbered `id`) when the index was built. */
  private knownAnswer(id: number, query: string): Candidate[] {
    const found: Candidate[] = [];
    const end = this.answerStart[id + 1] ?? 0;
    for (let k = this.answerStart[id] ?? end; k < end; k += 3) {
      const word = this.words[this.knownAnswers[k] ?? -1] ?? '';
      const edits = this.knownAnswers[k + 1] ?? 0;
      const untyped = this.knownAnswers[k + 2] ?? 0;
      // As `verify` says it: the word itself is similarity 1, another by the formula.
      const sim = word === query ? 1 : similarity(query.length, word.length, edits, untyped);
      found.push({ word, edits, untyped, similarity: sim });
    }
    return found;
  }

  private lookUp(query: string): Candidate[] {
    if (!isFuzzyLength(query.length)) return [];
    const limit = maxEdits(query.length);
    // A known word that query spells the beginning of has at most this many letters.
    const longest = Math.floor(query.length / MIN_LENGTH_RATIO);
    const count = this.wordsSharingAKey(query, limit);
    if (count === 0) return [];
    const table = this.tableFor(query.length, limit);
    const found: Candidate[] = [];
    for (let k = 0; k < count; k++) {
      const word = this.words[this.ids[k] ?? -1];
      if (word === undefined || word.length < query.length - limit || word.length > longest) continue;
      const best = this.verify(query, word, limit, table);
      if (best) found.push(best);
    }
    return found;
  }

  /**
   * The numbers of the words filed under a deletion string of `query`'s beginning, ascending: the
   * first MAX_CANDIDATES_PER_WORD distinct ones met, reading the keys in `deletionStrings` order.
   * Written in the working array `ids`; returns how many.
   */
  private wordsSharingAKey(query: string, limit: number): number {
    const stamp = this.nextStamp();
    this.idCount = 0;
    if (limit > 2) {
      for (const key of deletionKeys(query.slice(0, INDEXED_PREFIX_LENGTH), limit, this.keys)) this.meet(key, stamp);
    } else {
      // The keys of `deletionKeys`, in its order (a key met again adds no word), each made only when the filter may hold it.
      const length = Math.min(query.length, INDEXED_PREFIX_LENGTH);
      this.meetWithout(query, length, -1, -1, stamp);
      for (let i = 0; i < length; i++) this.meetWithout(query, length, i, -1, stamp);
      if (limit === 2) {
        for (let i = 0; i < length; i++) {
          // The key without letter i, without its letter p (the letter q of the query's beginning).
          for (let p = 0; p < length - 1; p++) {
            const q = p < i ? p : p + 1;
            this.meetWithout(query, length, Math.min(i, q), Math.max(i, q), stamp);
          }
        }
      }
    }
    const count = this.idCount;
    // Ascending (a typed array sorts numbers as numbers, in place).
    this.ids.subarray(0, count).sort();
    return count;
  }

  /** How many numbers `ids` holds while `wordsSharingAKey` runs. */
  private idCount = 0;

  /** `meet` for the deletion string of the query's first `length` letters without those at `a` and `b`, if the filter may hold it. */
  private meetWithout(query: string, length: number, a: number, b: number, stamp: number): void {
    if (length - (a < 0 ? 0 : 1) - (b < 0 ? 0 : 1) === 0) return;
    const h = hashWithout(query, length, a, b) & KEY_FILTER_MASK;
    if (((this.keyBits[h >>> 5] ?? 0) & (1 << (h & 31))) === 0) return;
    this.meet(without(query, length, a, b), stamp);
  }

  /** Adds to `ids` the words filed under `key` not met yet in this lookup, up to MAX_CANDIDATES_PER_WORD. */
  private meet(key: string, stamp: number): void {
    const list = this.wordsByKey.get(key);
    if (list === undefined) return;
    for (let k = 0; k < list.length && this.idCount < MAX_CANDIDATES_PER_WORD; k++) {
      const id = list[k] ?? 0;
      if (this.seen[id] === stamp) continue;
      this.seen[id] = stamp;
      this.ids[this.idCount++] = id;
    }
  }

  /** A fresh mark for `seen` (every word unmarked). */
  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** The distance table for queries of `queryLength` letters and `limit` edits, made once (see `distanceTable`). */
  private tableFor(queryLength: number, limit: number): Int32Array {
    const key = queryLength * (MAX_EDITS + 1) + limit;
    let table = this.tables.get(key);
    if (!table) {
      table = distanceTable(queryLength, limit);
      this.tables.set(key, table);
    }
    return table;
  }

  /** The best reading of `query` as `word` or as its beginning, within the allowed edits; undefined if none. */
  private verify(query: string, word: string, limit: number, table: Int32Array): Candidate | undefined {
    if (query === word) return { word, edits: 0, untyped: 0, similarity: 1 };
    const m = fillDistances(query, word, limit, table);
    let best: Candidate | undefined;
    for (let j = Math.max(1, query.length - limit); j <= m; j++) {
      const edits = distanceAt(table, query.length, j, limit);
      // Edits allowed by the shorter of the two spellings compared.
      if (edits > maxEdits(Math.min(query.length, j))) continue;
      const untyped = word.length - j;
      if (untyped > 0 && query.length < MIN_LENGTH_RATIO * word.length) continue;
      const sim = similarity(query.length, word.length, edits, untyped);
      if (sim > 0 && (!best || sim > best.similarity)) best = { word, edits, untyped, similarity: sim };
    }
    return best;
  }
}
