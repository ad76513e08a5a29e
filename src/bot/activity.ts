import { ActionTypes, type Activity, ActivityTypes, CardFactory, type CardAction } from 'botbuilder';
import type { Brain } from '../app';
import { isLinkOption, type Reply, type ReplyOption, replyAsText } from '../reply/render';
import { callableNumbers, dialable, hardLineBreaks, isolateLines, markdownWithPhoneLinks } from './phone-links';

/** How a channel shows choices: quick replies, a hero card's buttons, or numbered lines of text. */
export type ChoiceStyle = 'suggested-actions' | 'card' | 'text';

/**
 * How a channel offers "call this number":
 * - open-url: a card button opening "tel:+212…" (Web Chat calls window.open(value); a card "call"
 *   with "tel:+212…" there opens "tel:tel:+212…", measured with Web Chat 4.18.1);
 * - call-tel: a card "call" button with "tel:+212…", as the Bot Framework card schema says;
 * - call-number: a card "call" button with "+212…" (Messenger's phone_number button);
 * - text: a line of the message with the number (a Markdown tel: link where the text is Markdown).
 */
export type CallStyle = 'open-url' | 'call-tel' | 'call-number' | 'text';

/** markdown: Markdown with callable numbers as tel: links; telegram: escaped Markdown, numbers as digits; plain: as written. */
export type TextStyle = 'markdown' | 'telegram' | 'plain';

/** What a channel's clients can show, and so what the bot sends there. */
export interface ChannelProfile {
  choices: ChoiceStyle;
  call: CallStyle;
  text: TextStyle;
  /**
   * The client lays text out in the page's direction whatever its script (Web Chat): each line goes inside
   * isolates of its language's direction (RLI…PDI for Arabic, LRI…PDI otherwise), on its own Markdown line.
   */
  isolateLines: boolean;
  /** Longest quick-reply label the client shows whole: with a longer one, the message lists the choices in full too. */
  labelMax?: number;
  /** Most buttons a card can hold: further links become lines of the message. */
  cardMax?: number;
}

/** The channel id of the bot's own chat page (src/web, served at /): not Azure's "webchat". */
export const OWN_PAGE_CHANNEL_ID = 'iom-page';

/** Microsoft's Web Chat over Direct Line, and the Bot Framework Emulator (the same renderer). */
const WEB_CHAT: ChannelProfile = { choices: 'suggested-actions', call: 'open-url', text: 'markdown', isolateLines: true, labelMax: 24 };

const PROFILES: Readonly<Record<string, ChannelProfile>> = {
  directline: WEB_CHAT,
  emulator: WEB_CHAT,
  // Azure Bot Service's Web Chat channel (and its "Test in Web Chat") is Microsoft's Web Chat too.
  webchat: WEB_CHAT,
  // The bot's own page (src/web/app.js): it shows text as text, sets the direction itself, links the
  // numbers itself and uses a card button's value as its link.
  [OWN_PAGE_CHANNEL_ID]: { choices: 'suggested-actions', call: 'open-url', text: 'plain', isolateLines: false },
  // Teams has no "call" card action; a tel: button works on its phone apps only, a tel: link in the text on every client.
  msteams: { choices: 'card', call: 'text', text: 'markdown', isolateLines: false },
  // Telegram refuses a tel: URL button (the whole message fails) and links "+212537652881" written in the text itself.
  telegram: { choices: 'suggested-actions', call: 'text', text: 'telegram', isolateLines: false, labelMax: 24 },
  // Messenger: quick reply titles are cut at 20 characters, a button template holds 3 buttons.
  facebook: { choices: 'suggested-actions', call: 'call-number', text: 'plain', isolateLines: false, labelMax: 20, cardMax: 3 },
  line: { choices: 'suggested-actions', call: 'call-tel', text: 'plain', isolateLines: false },
  test: { choices: 'suggested-actions', call: 'call-tel', text: 'plain', isolateLines: false },
  skype: { choices: 'card', call: 'call-tel', text: 'plain', isolateLines: false },
  slack: { choices: 'card', call: 'call-tel', text: 'plain', isolateLines: false },
  kik: { choices: 'card', call: 'call-tel', text: 'plain', isolateLines: false },
  webex: { choices: 'card', call: 'call-tel', text: 'plain', isolateLines: false },
  omni: { choices: 'card', call: 'call-tel', text: 'plain', isolateLines: false },
};

/** SMS and any channel not listed: numbered text, numbers as digits. */
const TEXT_ONLY: ChannelProfile = { choices: 'text', call: 'text', text: 'plain', isolateLines: false };

export function channelProfile(channelId: string | undefined): ChannelProfile {
  return PROFILES[(channelId ?? '').toLowerCase()] ?? TEXT_ONLY;
}

export function choiceStyle(channelId: string | undefined): ChoiceStyle {
  return channelProfile(channelId).choices;
}

/** Telegram reads bot text as Markdown: escape the characters that would start formatting. */
export function escapeTelegramMarkdown(text: string): string {
  return text.replace(/([_*[\]`\\])/g, '\\$1');
}

const isCall = (option: ReplyOption) => option.value.startsWith('tel:');

function cardAction(option: ReplyOption, call: CallStyle): CardAction {
  if (isCall(option)) {
    if (call === 'open-url') return { type: ActionTypes.OpenUrl, title: option.label, value: option.value };
    if (call === 'call-number') return { type: ActionTypes.Call, title: option.label, value: option.value.slice('tel:'.length) };
    return { type: ActionTypes.Call, title: option.label, value: option.value };
  }
  if (isLinkOption(option)) return { type: ActionTypes.OpenUrl, title: option.label, value: option.value };
  return { type: ActionTypes.ImBack, title: option.label, value: option.label };
}

/** Options a card button can carry on this channel (calls only where the channel has a call button). */
const onCard = (profile: ChannelProfile) => (option: ReplyOption) => !isCall(option) || profile.call !== 'text';

/** "Call IOM: +212537652881", "Site web de l'OIM: https://…": a link or call written out in the message. */
const linkLine = (option: ReplyOption) => `${option.label}: ${isCall(option) ? dialable(option.value) : option.value}`;

/** The reply's text in the channel's format: Markdown links, Telegram escapes, directional isolates. */
function formatText(brain: Brain, reply: Reply, text: string, profile: ChannelProfile): string {
  let out = text;
  if (profile.text === 'markdown') out = markdownWithPhoneLinks(text, callableNumbers(brain.contact));
  else if (profile.text === 'telegram') out = escapeTelegramMarkdown(text);
  if (!profile.isolateLines) return out;
  const isolated = isolateLines(out, reply.lang === 'ar' ? 'rtl' : 'ltr');
  return profile.text === 'markdown' ? hardLineBreaks(isolated) : isolated;
}

/**
 * The message activity for a reply on a given channel (see the channel table in the README):
 * choices as quick replies or card buttons, links on a card, calls as the channel can make them,
 * and numbered text where the channel has no buttons. Nothing the channel would cut or drop is
 * left out of the message: a label too long for its quick reply and a link or call without a button
 * are written in the text too.
 */
export function replyActivity(brain: Brain, reply: Reply, channelId: string | undefined): Partial<Activity> {
  const profile = channelProfile(channelId);
  const base: Partial<Activity> = {
    type: ActivityTypes.Message,
    locale: reply.locale,
    textFormat: profile.text === 'plain' ? 'plain' : 'markdown',
  };
  const format = (text: string) => formatText(brain, reply, text, profile);
  const choices = reply.options.length === 0 ? 'suggested-actions' : profile.choices;
  if (choices === 'text') return { ...base, text: format(replyAsText(brain, reply)) };

  const cardOptions = (choices === 'card' ? reply.options : reply.options.filter(isLinkOption)).filter(onCard(profile));
  const onButtons = cardOptions.slice(0, profile.cardMax ?? cardOptions.length);
  const written = reply.options.filter((o) => isLinkOption(o) && !onButtons.includes(o));
  const quick = choices === 'suggested-actions' ? reply.options.filter((o) => !isLinkOption(o)) : [];
  const labelsCut = profile.labelMax !== undefined && quick.some((o) => o.label.length > (profile.labelMax ?? 0));

  // A label the quick replies would cut: the message lists every choice in full, numbered as the bot understands them.
  const body = labelsCut ? replyAsText(brain, reply) : [reply.text, written.map(linkLine).join('\n')].filter(Boolean).join('\n\n');
  return {
    ...base,
    text: format(body),
    ...(onButtons.length > 0
      ? {
          attachments: [
            CardFactory.heroCard(
              '',
              undefined,
              onButtons.map((o) => cardAction(o, profile.call)),
            ),
          ],
        }
      : {}),
    ...(quick.length > 0 ? { suggestedActions: { actions: quick.map((o) => cardAction(o, profile.call)), to: [] } } : {}),
  };
}
