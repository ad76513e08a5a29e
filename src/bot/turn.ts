import type { TurnContext } from 'botbuilder';
import type { Brain } from '../app';
import type { Lang } from '../kb/schema';
import type { Reply } from '../reply/render';
import { replyActivity } from './activity';
import type { ConversationData } from './state';

/** What the bot and its dialogs share during one turn. */
export interface Turn {
  brain: Brain;
  /** The reply language of this turn: every message of the turn uses its translator. */
  lang: Lang;
  data: ConversationData;
  /** The option value the user chose this turn (button, its label, or its number), if any. */
  pick?: string;
  /** Sends a reply in the channel's way; its options become the ones a number can pick. */
  send(reply: Reply): Promise<void>;
}

const TURN_KEY = Symbol('iom-bot-turn');

/** Lines shorter than this ("Menu", a title) may well repeat; longer ones are sentences. */
const MIN_DEDUPLICATED_LINE = 24;

/** The reply without the lines already sent this turn: no sentence is said twice in one reply. */
function withoutRepeats(reply: Reply, said: Set<string>): Reply {
  const kept: string[] = [];
  for (const line of reply.text.split('\n')) {
    // Repeats come from the data (an entry's line said again by another): the same text, trimmed.
    const key = line.trim();
    if (key.length >= MIN_DEDUPLICATED_LINE) {
      if (said.has(key)) continue;
      said.add(key);
    }
    kept.push(line);
  }
  return {
    ...reply,
    text: kept
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  };
}

export function startTurn(context: TurnContext, brain: Brain, lang: Lang, data: ConversationData, pick?: string): Turn {
  const said = new Set<string>();
  const turn: Turn = {
    brain,
    lang,
    data,
    pick,
    async send(reply) {
      const once = withoutRepeats(reply, said);
      await context.sendActivity(replyActivity(brain, once, context.activity.channelId));
      data.options = once.options;
    },
  };
  context.turnState.set(TURN_KEY, turn);
  return turn;
}

export function getTurn(context: TurnContext): Turn {
  const turn = context.turnState.get<Turn | undefined>(TURN_KEY);
  if (!turn) throw new Error('no turn started for this context');
  return turn;
}
