import { z } from 'zod';
import type { Lang } from '../kb/schema';
import { normalizeText, stem, words } from './normalize';

/** Conversational commands: answered from locales/, not from the knowledge base. */
export type CommandId = 'forget' | 'cancel' | 'greeting' | 'thanks' | 'help' | 'switch-fr' | 'switch-ar' | 'switch-en';

const phrases = z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'needs at least one phrase');

/** The phrasings of each command in one language (locales/<lang>.json, "triggers"). */
export const CommandTriggersSchema = z
  .object({
    greeting: phrases,
    thanks: phrases,
    help: phrases,
    switchTo: z.object({ fr: phrases, ar: phrases, en: phrases }).strict(),
    /** Stops a guided dialog. */
    cancel: phrases,
    /** Deletes what the bot keeps about the user and the conversation. */
    forget: phrases,
    /** Answers to a yes/no question. */
    yes: phrases,
    no: phrases,
    /** Goes on to the next step of a guided dialog. */
    next: phrases,
  })
  .strict();
export type CommandTriggers = z.infer<typeof CommandTriggersSchema>;

export interface CommandMatch {
  command: CommandId;
  /** The message is one of the command's phrasings, word for word. */
  exact: boolean;
  /** Share of the message's words that belong to the command's phrasings (0..1). */
  coverage: number;
}

interface CommandModel {
  command: CommandId;
  /** Every word of the command's phrasings (stemmed). */
  words: WordSet;
  /** The words that say what the command is (not grammar): at least one must be in the message. */
  keys: WordSet;
  /** Whole phrasings, normalised, for exact matches. */
  phrases: Set<string>;
}

/** How much of a message must be the command for the message to be that command. */
const MIN_COVERAGE = 0.75;

/** The longest greeting looked for at the start of a message ("bonjour comment allez vous"). */
const MAX_GREETING_WORDS = 4;

/** Words shorter than this only match exactly. */
const MIN_SIMILAR_LENGTH = 6;

function similar(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < MIN_SIMILAR_LENGTH || Math.abs(a.length - b.length) > 1) return false;
  // One edit apart (substitution, insertion or deletion).
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** A set of words that also tells whether it holds one within one edit of a given word. */
class WordSet {
  private readonly exact = new Set<string>();
  /** Words long enough for a one-edit match, by length: only lengths n-1, n, n+1 can match a word of n letters. */
  private readonly byLength = new Map<number, string[]>();

  add(word: string): void {
    if (this.exact.has(word)) return;
    this.exact.add(word);
    if (word.length < MIN_SIMILAR_LENGTH) return;
    const list = this.byLength.get(word.length) ?? [];
    list.push(word);
    this.byLength.set(word.length, list);
  }

  /** The word itself, or (6+ letters) one a single edit away. */
  hasSimilar(word: string): boolean {
    if (this.exact.has(word)) return true;
    if (word.length < MIN_SIMILAR_LENGTH) return false;
    for (let n = word.length - 1; n <= word.length + 1; n++) {
      for (const candidate of this.byLength.get(n) ?? []) if (similar(word, candidate)) return true;
    }
    return false;
  }
}

/** Recognises greetings, thanks, help requests and language switches in all three languages. */
export class CommandMatcher {
  private readonly models: CommandModel[];

  constructor(
    triggersByLang: Record<Lang, CommandTriggers>,
    private readonly functionWords: Set<string>,
  ) {
    const byCommand = new Map<CommandId, string[]>();
    const add = (id: CommandId, list: string[]) => byCommand.set(id, [...(byCommand.get(id) ?? []), ...list]);
    // Order breaks ties: "forget" and "cancel" first (they end something), "help" before "thanks",
    // so that "I need help" asks for help even though "thanks for your help" is a way to say thanks.
    for (const t of Object.values(triggersByLang)) {
      add('forget', t.forget);
      add('cancel', t.cancel);
      add('greeting', t.greeting);
      add('help', t.help);
      add('thanks', t.thanks);
      add('switch-fr', t.switchTo.fr);
      add('switch-ar', t.switchTo.ar);
      add('switch-en', t.switchTo.en);
    }
    this.models = [...byCommand].map(([command, phrases]) => {
      const model: CommandModel = { command, words: new WordSet(), keys: new WordSet(), phrases: new Set() };
      for (const phrase of phrases) {
        const normalized = normalizeText(phrase);
        model.phrases.add(normalized);
        const ws = words(normalized).map(stem);
        ws.forEach((w) => model.words.add(w));
        // A phrasing of grammar words only ("how are you") is matched whole, never by its words.
        ws.filter((w) => !functionWords.has(w)).forEach((w) => model.keys.add(w));
      }
      return model;
    });
  }

  /** How many leading words of a normalised message are a greeting ("salam", "bonjour madame"); 0 if none. */
  greetingPrefix(normalized: string): number {
    const plain = words(normalized);
    const greeting = this.models.find((m) => m.command === 'greeting');
    if (!greeting) return 0;
    for (let k = Math.min(MAX_GREETING_WORDS, plain.length); k >= 1; k--) {
      if (greeting.phrases.has(plain.slice(0, k).join(' '))) return k;
    }
    return 0;
  }

  /**
   * The command the whole message amounts to, if any. `isTopicWord` tells the words that belong to
   * a knowledge topic: one of them in the message means it asks about that topic, not the command.
   */
  match(normalized: string, isTopicWord: (word: string) => boolean): CommandMatch | undefined {
    const plain = words(normalized);
    if (plain.length === 0) return undefined;
    const stemmed = plain.map(stem);
    let best: CommandMatch | undefined;
    for (const model of this.models) {
      if (model.phrases.has(normalized)) return { command: model.command, exact: true, coverage: 1 };
      let covered = 0;
      let keyHits = 0;
      let topicWords = 0;
      plain.forEach((word, i) => {
        const w = stemmed[i] as string;
        const inCommand = model.words.hasSimilar(w);
        if (inCommand && model.keys.hasSimilar(w)) keyHits++;
        if (inCommand || this.functionWords.has(word)) covered++;
        else if (isTopicWord(w)) topicWords++;
      });
      const coverage = covered / plain.length;
      // A knowledge word that is not part of the command means the message asks about a topic
      // ("help me, I am a victim...", "who are your donors"); other stray words are tolerated
      // within the coverage limit ("hello there my friend").
      if (keyHits > 0 && topicWords === 0 && coverage >= MIN_COVERAGE && (!best || coverage > best.coverage)) {
        best = { command: model.command, exact: false, coverage };
      }
    }
    return best;
  }
}
