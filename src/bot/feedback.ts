import type { Storage } from 'botbuilder';
import { z } from 'zod';

/** Storage key of the anonymous feedback counts: per entry, no user id, no text. */
export const FEEDBACK_KEY = 'iom-bot/feedback-counts';

export const FeedbackCountsSchema = z.record(z.string(), z.object({ helpful: z.number().int(), notHelpful: z.number().int() }));
export type FeedbackCounts = z.infer<typeof FeedbackCountsSchema>;

/** Attempts at one update when other instances write the counts at the same time (eTag conflicts). */
const MAX_ATTEMPTS = 8;

async function readItem(storage: Storage): Promise<{ counts: FeedbackCounts; eTag: string | undefined }> {
  const item = (await storage.read([FEEDBACK_KEY]))[FEEDBACK_KEY] as { counts?: unknown; eTag?: unknown } | undefined;
  const parsed = FeedbackCountsSchema.safeParse(item?.counts ?? {});
  return { counts: parsed.success ? parsed.data : {}, eTag: typeof item?.eTag === 'string' ? item.eTag : undefined };
}

export async function readFeedback(storage: Storage): Promise<FeedbackCounts> {
  return (await readItem(storage)).counts;
}

/** Updates of this process, one after the other per store: no two read the same counts. */
const queues = new WeakMap<Storage, Promise<unknown>>();

function serially<T>(storage: Storage, work: () => Promise<T>): Promise<T> {
  const before = queues.get(storage) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(work);
  queues.set(
    storage,
    mine.catch(() => undefined),
  );
  return mine;
}

const isConflict = (err: unknown) => /eTag conflict|precondition|condition.*not met/i.test(String((err as Error | undefined)?.message));

/**
 * Adds one "helpful" or "not helpful" to an entry's counts. Updates in this process are serialised;
 * against other instances the write carries the eTag it read, and a conflict reads and tries again.
 */
export function recordFeedback(storage: Storage, entryId: string, helpful: boolean): Promise<void> {
  return serially(storage, async () => {
    for (let attempt = 1; ; attempt++) {
      const { counts, eTag } = await readItem(storage);
      const current = counts[entryId] ?? { helpful: 0, notHelpful: 0 };
      counts[entryId] = helpful ? { ...current, helpful: current.helpful + 1 } : { ...current, notHelpful: current.notHelpful + 1 };
      try {
        await storage.write({ [FEEDBACK_KEY]: { counts, eTag: eTag ?? '*' } });
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  });
}
