import { ActionTypes, type Activity, ActivityTypes, CardFactory, type CardAction } from 'botbuilder';
import type { Brain } from '../app';
import { isLinkOption, type Reply, type ReplyOption, replyAsText } from '../reply/render';

/** How a channel shows choices. */
export type ChoiceStyle = 'suggested-actions' | 'card' | 'text';

/** Channels whose clients show suggested actions (quick replies). */
const SUGGESTED_ACTIONS = new Set(['emulator', 'directline', 'webchat', 'facebook', 'telegram', 'line', 'test']);
/** Channels without quick replies that render a hero card's buttons. */
const CARDS = new Set(['msteams', 'skype', 'slack', 'kik', 'webex', 'omni']);

export function choiceStyle(channelId: string | undefined): ChoiceStyle {
  const id = (channelId ?? '').toLowerCase();
  if (SUGGESTED_ACTIONS.has(id)) return 'suggested-actions';
  if (CARDS.has(id)) return 'card';
  return 'text';
}

/** Telegram reads bot text as Markdown: escape the characters that would start formatting. */
export function escapeTelegramMarkdown(text: string): string {
  return text.replace(/([_*[\]`\\])/g, '\\$1');
}

function action(option: ReplyOption): CardAction {
  if (isLinkOption(option)) {
    const type = option.value.startsWith('tel:') ? ActionTypes.Call : ActionTypes.OpenUrl;
    return { type, title: option.label, value: option.value };
  }
  return { type: ActionTypes.ImBack, title: option.label, value: option.label };
}

/** The message activity for a reply on a given channel: buttons where it has them, numbered text elsewhere. */
export function replyActivity(brain: Brain, reply: Reply, channelId: string | undefined): Partial<Activity> {
  const style = reply.options.length === 0 ? 'suggested-actions' : choiceStyle(channelId);
  const telegram = (channelId ?? '').toLowerCase() === 'telegram';
  const format = (text: string) => (telegram ? escapeTelegramMarkdown(text) : text);
  const base: Partial<Activity> = {
    type: ActivityTypes.Message,
    locale: reply.locale,
    textFormat: telegram ? 'markdown' : 'plain',
  };
  if (style === 'text') return { ...base, text: format(replyAsText(brain, reply)) };
  if (style === 'card') {
    return {
      ...base,
      text: format(reply.text),
      attachments: [CardFactory.heroCard('', undefined, reply.options.map(action))],
    };
  }
  const links = reply.options.filter(isLinkOption);
  // Quick replies cannot open links on every channel: links go to a card, choices stay quick replies.
  const actions = reply.options.filter((o) => !isLinkOption(o)).map(action);
  return {
    ...base,
    text: format(reply.text),
    ...(links.length > 0 ? { attachments: [CardFactory.heroCard('', undefined, links.map(action))] } : {}),
    ...(actions.length > 0 ? { suggestedActions: { actions, to: [] } } : {}),
  };
}
