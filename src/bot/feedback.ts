import type { Storage } from 'botbuilder';
import { z } from 'zod';

/** Storage key of the anonymous feedback counts: per entry, no user id, no text. */
export const FEEDBACK_KEY = 'iom-bot/feedback-counts';

export const FeedbackCountsSchema = z.record(z.string(), z.object({ helpful: z.number().int(), notHelpful: z.number().int() }));
export type FeedbackCounts = z.infer<typeof FeedbackCountsSchema>;

export async function readFeedback(storage: Storage): Promise<FeedbackCounts> {
  const items = await storage.read([FEEDBACK_KEY]);
  const parsed = FeedbackCountsSchema.safeParse(items[FEEDBACK_KEY]?.counts ?? {});
  return parsed.success ? parsed.data : {};
}

/** Adds one "helpful" or "not helpful" to an entry's counts. */
export async function recordFeedback(storage: Storage, entryId: string, helpful: boolean): Promise<void> {
  const counts = await readFeedback(storage);
  const current = counts[entryId] ?? { helpful: 0, notHelpful: 0 };
  counts[entryId] = helpful ? { ...current, helpful: current.helpful + 1 } : { ...current, notHelpful: current.notHelpful + 1 };
  await storage.write({ [FEEDBACK_KEY]: { counts, eTag: '*' } });
}
