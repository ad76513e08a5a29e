/**
 * Every constant that shapes how a message is matched to the knowledge base, in one place, each with
 * what it means and how its value was chosen.
 *
 * "k-fold" below means `npm run eval:kfold` (5 folds by entry over the knowledge base's own question
 * variants). Values are never chosen on the evaluation files (eval/dev*.jsonl): those are read only
 * as a final check.
 */

/* ------------------------------------------------------------------------------------------------
 * Fuzzy matching of a message's word to the words the knowledge base knows (candidate-index.ts)
 * ---------------------------------------------------------------------------------------------- */

/**
 * Words shorter than this are matched exactly only: in 1-3 letters one edit makes another word
 * ("oim"/"oie", "من"/"ما"). Kept from the fuse.js matcher it replaces (no k-fold change at 3 or 5).
 */
export const MIN_FUZZY_LENGTH = 4;

/**
 * Longest word that gets fuzzy matching; a longer one is matched exactly or counts as unknown. The
 * knowledge base's longest word has fewer letters (see the test), and the bound keeps the cost of one
 * word constant whatever the message holds (a 10,000-letter "word" costs one Map lookup).
 */
export const MAX_FUZZY_LENGTH = 24;

/**
 * Edits (insertion, deletion, substitution, transposition of two neighbours) allowed between a
 * misspelt word and a known word, by the length of the shorter of the two: 1 for 4-7 letters, 2
 * from 8 letters. The usual spell-checking bounds (SymSpell, Norvig): a 2nd edit in a 5-letter word
 * turns most words into other words. Checked on k-fold: 2 edits from 6 letters gave more wrong answers.
 */
export const TWO_EDITS_FROM_LENGTH = 8;
export const MAX_EDITS = 2;

/**
 * The candidate index keys every known word by the deletions of its first letters only (SymSpell's
 * "prefix length"): a word of any length yields at most 1 + 7 + 21 = 29 keys, and so does a message's
 * word, so one lookup costs a bounded number of Map reads. The candidates are then checked on the
 * whole word. 7 is SymSpell's default; recall loss is nil for words within 2 edits.
 */
export const INDEXED_PREFIX_LENGTH = 7;

/**
 * At most this many known words are verified per message word (in vocabulary order, so the result
 * is deterministic). A safety bound: the most crowded key of the knowledge base's vocabulary holds
 * far fewer (the bench prints the largest candidate list seen).
 */
export const MAX_CANDIDATES_PER_WORD = 200;

/**
 * A message's word may also be the beginning of a longer known word, typed short or cut ("traffic"
 * for "trafficking", "vocation" for "vocational"), when it spells at least this share of the known
 * word (the fuse.js matcher found these too). 0.6, as before; k-fold: 0.5 admitted more wrong answers,
 * 0.7 lost right ones.
 */
export const MIN_LENGTH_RATIO = 0.6;

/**
 * Similarity of a message's word q to a known word w, in (0, 1]:
 *
 *   sim = 1                                                     when q = w
 *   sim = FUZZY_SIMILARITY × (1 − edits / |q|) × (1 − UNTYPED_END_WEIGHT × untyped / |w|)   otherwise
 *
 * where `edits` is the Damerau-Levenshtein distance between q and the part of w it spells (the whole
 * of w, or its beginning), and `untyped` the letters of w after that part (0 for a whole-word match).
 * FUZZY_SIMILARITY keeps any misspelling below the exact word (0.95: an exact word always wins).
 * UNTYPED_END_WEIGHT: each letter missing at the end counts half as much as a wrong letter; chosen on
 * k-fold among 0.25, 0.5 and 1.
 */
export const FUZZY_SIMILARITY = 0.95;
export const UNTYPED_END_WEIGHT = 0.5;

/**
 * A known word is a spelling of another known word only if both share their beginning (all their
 * letters but the last two, and at least this many): "retour"/"retourne" are one word, "training"
 * and "trafficking" are not.
 */
export const SHARED_STEM_MIN_LENGTH = 4;
export const SHARED_STEM_FREE_END = 2;

/* ------------------------------------------------------------------------------------------------
 * Weighing a message's words and scoring targets (search-index.ts)
 * ---------------------------------------------------------------------------------------------- */

/**
 * At most this many distinct words of a message are scored (the first ones): a question is short, and
 * the bound keeps the cost of a 1,000-character paste linear and small. No knowledge-base question
 * has more than 30 content words.
 */
export const MAX_TERMS_SCORED = 64;

/**
 * A word the knowledge base does not know weighs this share of the rarest known word's weight: it
 * dilutes the coverage of every target (a message mostly about something else is not answered), but
 * less than a known rare word. Kept from the previous matcher; k-fold and the decision thresholds
 * were set with it.
 */
export const UNKNOWN_WORD_WEIGHT_SHARE = 0.5;
/** An unknown number or word of under MIN_FUZZY_LENGTH letters weighs this share of an unknown word. */
export const SHORT_UNKNOWN_WORD_FACTOR = 0.5;

/**
 * A word is "specific" (names a topic of its own, so a message holding it asks about that topic,
 * not for a command) when its weight reaches that of a word found in this share of the topics: the
 * inverse topic frequency log(1 + 1/share). One sixth: about 3 of the 17 knowledge topics.
 */
export const SPECIFIC_WORD_TOPIC_SHARE = 1 / 6;

/**
 * A phrase counts in full when the message contains it and its words weigh at least this share of
 * the rarest word's weight; a phrase of common words only ("help me") counts in proportion. 0.9: one
 * rare name ("FORSATY") is a whole phrase.
 */
export const FULL_PHRASE_WEIGHT_SHARE = 0.9;

/**
 * A target's score mixes two views of the message: coverage (how much of the message's weight the
 * target's words explain) and phrase (the best share of one of its phrases found in the message).
 * 0.6 / 0.4, kept from the previous matcher: the decision thresholds (understand.ts) were set on it.
 */
export const COVERAGE_WEIGHT = 0.6;
export const PHRASE_WEIGHT = 0.4;

/**
 * Coverage is the mean of the entry's own coverage and its whole topic's (a topic's entries share a
 * subject): this is the entry's share.
 */
export const ENTRY_COVERAGE_SHARE = 0.5;

/** Terms that start with this are concept tokens ("§return-home"): matched exactly only, never fuzzily. */
export const CONCEPT_PREFIX = '§';
