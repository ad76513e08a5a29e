/**
 * Every tuning constant of the understanding pipeline, in one place. Each says what it decides
 * and how its value was chosen. Change one only with `npm run eval:kfold` (held-out variants of
 * our own) before and after, and read the dev sets last.
 */

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
