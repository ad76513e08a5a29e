/**
 * Every constant that shapes how a message is matched to the knowledge base, in one place, each with
 * what it means and how its value was chosen.
 *
 * "k-fold" below means `npm run eval:kfold` (5 folds by entry over the knowledge base's 1,429 question
 * variants; one question is 0.07 points) and "k-fold with typos" `npm run eval:kfold -- --typos` (the
 * same questions with one typo each). Figures are resolved / wrong, measured on 2026-12-01 with the
 * other constants at their values here. Values are never chosen on the evaluation files
 * (eval/dev*.jsonl): those are read only as a final check.
 */

/* ------------------------------------------------------------------------------------------------
 * Fuzzy matching of a message's word to the words the knowledge base knows (candidate-index.ts)
 * ---------------------------------------------------------------------------------------------- */

/**
 * Words shorter than this are matched exactly only: in 1-3 letters one edit makes another word
 * ("oim"/"oie", "من"/"ما"). Kept from the fuse.js matcher it replaces. K-fold with typos: 4 gives
 * 87.1% / 4.0%, 5 gives 86.3% / 4.5%; 3 changes nothing on k-fold and admits more look-alikes.
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
 * turns most words into other words. K-fold with typos: from 8 letters 87.1% / 4.0%, from 6 letters
 * 87.1% / 4.1%, from 10 letters 86.9% / 4.1%.
 */
export const TWO_EDITS_FROM_LENGTH = 8;
export const MAX_EDITS = 2;

/**
 * The candidate index keys every known word by the deletions of its first letters only (SymSpell's
 * "prefix length"): a word of any length yields at most 1 + 7 + 21 = 29 keys, and so does a message's
 * word, so one lookup costs a bounded number of Map reads. The candidates are then checked on the
 * whole word. 7 is SymSpell's default: two words within 2 edits still share a deletion string of
 * their first 7 letters.
 */
export const INDEXED_PREFIX_LENGTH = 7;

/**
 * At most this many known words are verified per message word (in the order of the deletion strings
 * and of the lists, so the result is deterministic). A safety bound: the longest list of the knowledge
 * base's 35,000 deletion strings holds 29 words (2026-12-01), so a word meets at most a few dozen.
 */
export const MAX_CANDIDATES_PER_WORD = 200;

/**
 * A message's word may also be the beginning of a longer known word, typed short or cut ("vocation"
 * for "vocational", "traffick" for "trafficking", but not "traffic": 7 of 11 letters), when it
 * spells at least this share of the known word (the fuse.js matcher found these from 0.6).
 * K-fold with typos: 0.5 → 87.1% / 4.0%,
 * 0.6 → 87.1% / 4.0%, 0.7 → 87.1% / 3.8%; k-fold: 0.6 → 89.7% / 3.6%, 0.7 → 89.6% / 3.4%.
 */
export const MIN_LENGTH_RATIO = 0.7;

/**
 * Similarity of a message's word q to a known word w, in (0, 1]:
 *
 *   sim = 1                                                     when q = w
 *   sim = FUZZY_SIMILARITY × (1 − edits / |q|) × (1 − UNTYPED_END_WEIGHT × untyped / |w|)   otherwise
 *
 * where `edits` is the Damerau-Levenshtein distance between q and the part of w it spells (the whole
 * of w, or its beginning), and `untyped` the letters of w after that part (0 for a whole-word match).
 * FUZZY_SIMILARITY keeps any misspelling below the exact word (0.95: an exact word always wins; 0.85
 * gives the same k-fold with typos, 87.1% / 4.0%). UNTYPED_END_WEIGHT: each letter missing at the end
 * counts half as much as a wrong letter. K-fold with typos: 0.25 → 86.8% / 4.0%, 0.5 → 87.1% / 4.0%,
 * 1 → 87.1% / 3.9%; k-fold: 0.25 → 89.6%, 0.5 → 89.7%, 1 → 89.5% (wrong 3.6% for all three).
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
 * or keyword has more than 9 distinct content words (2026-12-01).
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
 * ...and when it occurs in at least this many of the knowledge base's phrases: a word that names a
 * topic recurs in the ways that topic is asked about, while a word found once is there by chance
 * ("doing", "part", "helped" were in one question each, and made "how are you doing?" a topic
 * question). K-fold is the same from 1 to 4 (90.9% / 3.7%). On 47 thanks, greetings and "what can
 * you do" phrasings of our own (not in the tests): 1 → 40 understood as such, 2 → 41, 3 → 45. 2: from
 * 3 on, a real topic word found in only two questions ("électricien") would no longer count as one.
 */
export const SPECIFIC_WORD_MIN_PHRASES = 2;

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

/* ------------------------------------------------------------------------------------------------
 * Decisions (routes.ts): answer, clarify or decline; follow-ups; commands in words; picks
 * ---------------------------------------------------------------------------------------------- */

/** Thresholds of the search decision, on the 0..1 search score. */
export const DECISION_THRESHOLDS = {
  /** A knowledge entry this good is answered... */
  answer: 0.5,
  /** ...when no other topic comes this close. */
  margin: 0.06,
  /** Below the answer threshold, candidates this good are offered as "did you mean". */
  clarify: 0.3,
  /** Share of the message a knowledge entry must explain before it is answered. */
  minCoverage: 0.4,
  /**
   * ...and the share of one of its phrases the message must hold: a message of incidental words can
   * be fully "covered" by an entry without saying anything of it ("hi there, how are you doing?").
   * K-fold: 0 → 90.9% / 3.8%, 0.2 to 0.4 → 90.9% / 3.7%, 0.5 → 90.8% / 3.7%. K-fold of the
   * situations (`eval:kfold -- --situations`, long descriptions): 0.2 → 81.0% / 7.0%, 0.3 → 80.8% /
   * 6.8%, 0.35 → 80.4% / 6.8%, 0.4 → 79.7% / 6.8%, 0.5 → 78.2% / 6.8%.
   */
  minPhrase: 0.3,
  /** An out-of-scope subject named in full (phrase share) and scoring this close to the best entry means "decline". */
  outOfScopePhrase: 0.8,
  outOfScopeMargin: 0.15,
  /** Candidates offered in a clarification. */
  maxSuggestions: 3,
} as const;

/** Follow-ups, commands in words, and answers to the bot's questions. */
export const FOLLOW_UP = {
  /** A message this long may be a new question rather than an answer to "are you in danger?". */
  takeOverMinWords: 4,
  /** ...when the search answers another topic at least this confidently. */
  takeOverScore: 0.7,
  /** A longer message with a follow-up word may be about something else the bot declines. */
  maxPlainFollowUpWords: 8,
  /** A command said in words ("please delete everything you know about me") is a short message. */
  maxCommandWords: 12,
} as const;

/** Picking one of the options offered. */
export const PICK = {
  /** "yes", "ok", "ايه عافاك": a yes/no answer is short. */
  maxAnswerWords: 4,
  /** The words of a label typed back ("the eligibility one"). */
  maxLabelWords: 6,
  /** ...covering more than this share of the label's words ("OIM" alone does not pick "Contacter l'OIM"). */
  minLabelShare: 0.5,
} as const;
