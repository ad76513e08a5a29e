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

/** The commands whose phrasings hold a word, as bit masks over the commands (bit i: `CommandMatcher.commands[i]`). */
interface CommandBits {
  /** Commands with the word in one of their phrasings. */
  words: number;
  /**
   * Commands that the word says on its own: one of their phrasings has it as its only word that is
   * not grammar ("forget me", "thanks", "menu please"). A word met only beside another one ("my
   * data" in "delete my data", "information" in "thanks for the information") says nothing alone.
   */
  keys: number;
}

const NO_BITS: CommandBits = { words: 0, keys: 0 };

/**
 * Recognises greetings, thanks, help requests and language switches in all three languages.
 *
 * Built once: every word of every phrasing (stemmed) is filed with the commands that use it, so a
 * message's word is looked up once for all commands (exactly, and for 6+ letters among the
 * phrasings' words one edit away of the same length ± 1), not once per command.
 */
export class CommandMatcher {
  /** The commands, in the order that breaks ties. */
  private readonly commands: CommandId[];
  /** Each whole phrasing, normalised, with the first command (in order) that has it. */
  private readonly exactPhrases = new Map<string, CommandId>();
  /** Every word of the phrasings (stemmed), with its commands. */
  private readonly bitsOfWord = new Map<string, CommandBits>();
  /** The words of 6+ letters of `bitsOfWord`, by length: only lengths n-1, n, n+1 can be one edit from a word of n letters. */
  private readonly longWordsByLength = new Map<number, string[]>();
  /** The greeting's phrasings, normalised. */
  private readonly greetings = new Set<string>();

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
    this.commands = [...byCommand.keys()];
    [...byCommand].forEach(([command, phrases], position) => {
      const bit = 1 << position;
      for (const phrase of phrases) {
        const normalized = normalizeText(phrase);
        if (!this.exactPhrases.has(normalized)) this.exactPhrases.set(normalized, command);
        if (command === 'greeting') this.greetings.add(normalized);
        const plain = words(normalized);
        const ws = plain.map(stem);
        // A phrasing of grammar words only ("how are you") is matched whole, never by its words.
        const content = new Set(ws.filter((_, i) => !functionWords.has(plain[i] ?? '')));
        const keys = content.size === 1 ? content : new Set<string>();
        for (const w of ws) {
          const bits = this.bitsOfWord.get(w) ?? this.fileWord(w);
          bits.words |= bit;
          if (keys.has(w)) bits.keys |= bit;
        }
      }
    });
  }

  private fileWord(word: string): CommandBits {
    const bits: CommandBits = { words: 0, keys: 0 };
    this.bitsOfWord.set(word, bits);
    if (word.length >= MIN_SIMILAR_LENGTH) {
      const list = this.longWordsByLength.get(word.length) ?? [];
      list.push(word);
      this.longWordsByLength.set(word.length, list);
    }
    return bits;
  }

  /** The commands whose phrasings hold the (stemmed) word itself or, from 6 letters, a word one edit away. */
  private bitsOf(word: string): CommandBits {
    const exact = this.bitsOfWord.get(word);
    if (word.length < MIN_SIMILAR_LENGTH) return exact ?? NO_BITS;
    let wordBits = exact?.words ?? 0;
    let keyBits = exact?.keys ?? 0;
    for (let n = word.length - 1; n <= word.length + 1; n++) {
      for (const candidate of this.longWordsByLength.get(n) ?? []) {
        if (candidate === word || !similar(word, candidate)) continue;
        const bits = this.bitsOfWord.get(candidate) ?? NO_BITS;
        wordBits |= bits.words;
        keyBits |= bits.keys;
      }
    }
    return { words: wordBits, keys: keyBits };
  }

  /** How many leading words of a normalised message are a greeting ("salam", "bonjour madame"); 0 if none. */
  greetingPrefix(normalized: string): number {
    const plain = words(normalized);
    for (let k = Math.min(MAX_GREETING_WORDS, plain.length); k >= 1; k--) {
      if (this.greetings.has(plain.slice(0, k).join(' '))) return k;
    }
    return 0;
  }

  /**
   * The command the whole message amounts to, if any. `isTopicWord` tells the words that belong to
   * a knowledge topic: one of them in the message means it asks about that topic, not the command.
   * It is asked only about the words that decide (those of a message otherwise covered enough by a
   * command), each at most once: it must answer the same for the same word.
   */
  match(normalized: string, isTopicWord: (word: string) => boolean): CommandMatch | undefined {
    const plain = words(normalized);
    if (plain.length === 0) return undefined;
    const exact = this.exactPhrases.get(normalized);
    if (exact) return { command: exact, exact: true, coverage: 1 };
    const stemmed = plain.map(stem);
    const bits = stemmed.map((w) => this.bitsOf(w));
    const grammar = plain.map((w) => this.functionWords.has(w));
    /** Per word: undefined until asked, then whether it is a topic word. */
    const topical: Array<boolean | undefined> = [];
    let best: CommandMatch | undefined;
    this.commands.forEach((command, position) => {
      const bit = 1 << position;
      let covered = 0;
      let keyHits = 0;
      for (let i = 0; i < plain.length; i++) {
        const b = bits[i] ?? NO_BITS;
        const inCommand = (b.words & bit) !== 0;
        if (inCommand && (b.keys & bit) !== 0) keyHits++;
        if (inCommand || grammar[i]) covered++;
      }
      const coverage = covered / plain.length;
      if (keyHits === 0 || coverage < MIN_COVERAGE || (best && coverage <= best.coverage)) return;
      // A knowledge word that is not part of the command means the message asks about a topic
      // ("help me, I am a victim...", "who are your donors"); other stray words are tolerated
      // within the coverage limit ("hello there my friend").
      for (let i = 0; i < plain.length; i++) {
        if (((bits[i] ?? NO_BITS).words & bit) !== 0 || grammar[i]) continue;
        const topic = (topical[i] ??= isTopicWord(stemmed[i] as string));
        if (topic) return;
      }
      best = { command, exact: false, coverage };
    });
    return best;
  }
}
