import type { ConversationState, Storage, UserState } from 'botbuilder';
import { z } from 'zod';
import { LangSchema } from '../kb/schema';
import { ReplyOptionSchema } from '../reply/render';
import { LeanConversationState, LeanUserState } from './lean-state';

/** What the bot remembers about a conversation: no text, no name, no identifier of the person. */
export const ConversationDataSchema = z.object({
  lang: LangSchema.optional(),
  /** The user picked the language (button or request): detection no longer changes it. */
  langChosen: z.boolean().default(false),
  welcomed: z.boolean().default(false),
  /** The choices offered last, so that "2" or a button's label picks one. */
  options: z.array(ReplyOptionSchema).default([]),
  /** Which poster or link brought the conversation (a tag such as "rabat-office"), if any. */
  source: z.string().optional(),
  /** The knowledge entry answered last: a follow-up without a topic word ("is it still open?") is about it. */
  lastEntry: z.string().optional(),
  /** A question the bot asked and waits for ("are you in danger right now?"). */
  asked: z.enum(['danger']).optional(),
});
export type ConversationData = z.infer<typeof ConversationDataSchema>;

/** What the bot remembers about a user across conversations: only the chosen language. */
export const UserProfileSchema = z.object({ lang: LangSchema.optional() });
export type UserProfile = z.infer<typeof UserProfileSchema>;

export interface BotState {
  storage: Storage;
  conversationState: ConversationState;
  userState: UserState;
}

export function createBotState(storage: Storage): BotState {
  return { storage, conversationState: new LeanConversationState(storage), userState: new LeanUserState(storage) };
}
