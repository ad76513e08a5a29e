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

export function startTurn(context: TurnContext, brain: Brain, lang: Lang, data: ConversationData, pick?: string): Turn {
  const turn: Turn = {
    brain,
    lang,
    data,
    pick,
    async send(reply) {
      await context.sendActivity(replyActivity(brain, reply, context.activity.channelId));
      data.options = reply.options;
    },
  };
  context.turnState.set(TURN_KEY, turn);
  return turn;
}

export function getTurn(context: TurnContext): Turn {
  const turn = context.turnState.get(TURN_KEY) as Turn | undefined;
  if (!turn) throw new Error('no turn started for this context');
  return turn;
}
