import { type Activity, MemoryStorage, TestAdapter } from 'botbuilder';
import type { Brain } from '../../src/app';
import { IomBot } from '../../src/bot/iom-bot';
import { createBotState } from '../../src/bot/state';
import { createLogger } from '../../src/log';

export interface Chat {
  adapter: TestAdapter;
  bot: IomBot;
  storage: MemoryStorage;
  /** Sends a message (text or activity) and returns every reply of that turn. */
  say(input: string | Partial<Activity>): Promise<Partial<Activity>[]>;
}

/** A conversation with the real bot on botbuilder's TestAdapter (channel "test" unless told). */
export function chat(brain: Brain, template: Partial<Activity> = {}): Chat {
  const storage = new MemoryStorage();
  const bot = new IomBot({ brain, state: createBotState(storage), log: createLogger('silent') });
  const adapter = new TestAdapter(async (context) => bot.run(context), template);
  adapter.onTurnError = async (context, error) => {
    await bot.recoverFromError(context);
    throw error;
  };
  return {
    adapter,
    bot,
    storage,
    async say(input) {
      await adapter.receiveActivity(input);
      return adapter.activeQueue.splice(0);
    },
  };
}

/** The labels of the quick replies of the last reply. */
export function buttons(replies: Partial<Activity>[]): string[] {
  const last = replies[replies.length - 1];
  return (last?.suggestedActions?.actions ?? []).map((a) => String(a.title));
}

/** All reply texts of a turn, joined. */
export function texts(replies: Partial<Activity>[]): string {
  return replies.map((r) => r.text ?? '').join('\n---\n');
}

export const ARABIC = /[\u0600-\u06ff]{3,}/;
