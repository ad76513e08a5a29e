import { z } from 'zod';

/** Regexes in scripts are read case-insensitive and unicode-aware. */
export const SCRIPT_REGEX_FLAGS = 'iu';

function isRegex(source: string): boolean {
  try {
    new RegExp(source, SCRIPT_REGEX_FLAGS);
    return true;
  } catch {
    return false;
  }
}

const Regex = z.string().refine(isRegex, { message: 'is not a valid regular expression' });
const Regexes = z.array(Regex);

/** What a turn's reply must satisfy; every check is optional. */
export const ExpectSchema = z.object({
  /** Every message of the reply is in this language ("any": not checked). */
  lang: z.enum(['fr', 'ar', 'en', 'any']).optional(),
  /** Regexes that must (not) match the reply's texts, joined. */
  must: Regexes.optional(),
  must_not: Regexes.optional(),
  /** Regexes that must match the first message of the reply (the welcome skipped on the conversation's first reply). */
  first_must: Regexes.optional(),
  /** Regexes on the titles of the buttons offered. */
  buttons_must: Regexes.optional(),
  buttons_must_not: Regexes.optional(),
  /** What a human reviewer checks: shown in the transcript, not checked. */
  judge: z.string().optional(),
  /** The turn expects no reply at all. */
  none: z.boolean().optional(),
});
export type Expect = z.infer<typeof ExpectSchema>;

/** What the user sends in a turn. */
export const SendSchema = z.union([
  z.string(),
  z.object({ conversationUpdate: z.literal(true) }),
  z.object({ button: Regex, fallback: z.string().optional() }),
  z.object({ attachments: z.array(z.looseObject({ contentType: z.string() })).min(1), text: z.string().optional() }),
]);
export type Send = z.infer<typeof SendSchema>;

export const TurnSchema = z.object({
  send: SendSchema,
  expect: ExpectSchema.default({}),
  /** A free label for the kind of turn, shown in the transcript. */
  cat: z.string().optional(),
});
export type ScriptTurn = z.infer<typeof TurnSchema>;

/** A conversation script: one JSON object per line of a .jsonl file. */
export const ConversationScriptSchema = z.object({
  id: z.string().min(1),
  /** The language the script is reported under (fr, ar, en, mixed...). */
  lang: z.string().min(1).default('unknown'),
  channel: z.string().min(1).default('webchat'),
  locale: z.string().min(1).default('fr-FR'),
  desc: z.string().optional(),
  turns: z.array(TurnSchema).min(1),
});
export type ConversationScript = z.infer<typeof ConversationScriptSchema>;
