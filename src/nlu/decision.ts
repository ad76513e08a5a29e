import { z } from 'zod';
import { LangSchema } from '../kb/schema';
import type { LanguageContext } from './language';

export const DecisionKindSchema = z.enum(['answer', 'clarify', 'none']);

export const SuggestionSchema = z.object({
  entry: z.string(),
  topic: z.string(),
  score: z.number(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** Conversational commands, answered from locales/ rather than the knowledge base. */
export const COMMANDS = ['greeting', 'thanks', 'help', 'language', 'menu', 'forget', 'cancel'] as const;
export const CommandSchema = z.enum(COMMANDS);
export type Command = z.infer<typeof CommandSchema>;

/**
 * Follow-up questions that need no topic word ("is it still open?", "how much is it?"): they are
 * answered for the topic the conversation is about.
 */
export const FACETS = ['when', 'cost', 'funders', 'place', 'who', 'documents', 'how', 'where', 'hours', 'email', 'phone'] as const;
export const FacetSchema = z.enum(FACETS);
export type Facet = z.infer<typeof FacetSchema>;

/** What a message says about danger: the bot answers with the emergency numbers first. */
export const SafetySchema = z.object({
  /** immediate: the person (or someone with them) is in danger now; exploitation: signs of trafficking. */
  level: z.enum(['immediate', 'exploitation']),
  /** The person is outside Morocco: the emergency services of the country where they are come first. */
  abroad: z.boolean(),
  /** The message speaks of someone else (a friend, a sister). */
  forOther: z.boolean(),
});
export type Safety = z.infer<typeof SafetySchema>;

/** How a reply to "are you in danger right now?" reads: anything but a clear "no" is a "yes". */
export const DangerAnswerSchema = z.enum(['yes', 'no', 'no-but']);
export type DangerAnswer = z.infer<typeof DangerAnswerSchema>;

/** What the bot understood of one message, and what it will do. */
export const DecisionSchema = z.object({
  /** The reply language. */
  lang: LangSchema,
  kind: DecisionKindSchema,
  /** Topic id (TOPICS.md), or "none". */
  topic: z.string(),
  /** The knowledge entry answered, for a knowledge answer. */
  entry: z.string().optional(),
  /** The command answered, for a command. */
  command: CommandSchema.optional(),
  /** The value of the option the user chose (button, its label, its number, or words that say it). */
  pick: z.string().optional(),
  /** A follow-up question about `entry` (its period, cost, who can ask...). */
  facet: FacetSchema.optional(),
  /**
   * The answer is IOM's contact (office, phone, hours, e-mail) asked beside the conversation's topic
   * ("I'm in Milan, can I e-mail you?"): the conversation stays on its topic.
   */
  aside: z.boolean().optional(),
  /** The message signals danger or possible trafficking. */
  safety: SafetySchema.optional(),
  /** The answer to "are you in danger right now?". */
  dangerAnswer: DangerAnswerSchema.optional(),
  /** An out-of-scope subject the message is about (its own honest reply). */
  outOfScope: z.string().optional(),
  /** The message also asked for the reply language ("can you answer in French? ..."): `lang` is that language. */
  languageRequested: z.boolean().optional(),
  /** The message also greeted the bot. */
  greeted: z.boolean().optional(),
  score: z.number(),
  /** Candidate entries for a clarification, best first. */
  suggestions: z.array(SuggestionSchema),
  /** The route of the pipeline that decided. */
  route: z.string().optional(),
  /** Why, for debugging: never shown to users. */
  reason: z.string(),
});
export type Decision = z.infer<typeof DecisionSchema>;

/** A choice the bot offered with its last reply. */
export interface OfferedOption {
  label: string;
  value: string;
}

/** What the conversation knows when a message arrives. */
export interface UnderstandContext extends LanguageContext {
  /** The knowledge entry the bot answered last: follow-ups without a topic word are about it. */
  lastEntry?: string;
  /** A question the bot asked and is waiting for. */
  asked?: 'danger';
  /** The choices offered with the last reply ("2" or a label picks one). */
  options?: OfferedOption[];
}
