import type { Activity, CardAction } from 'botbuilder';
import { choiceStyle } from '../bot/activity';

/**
 * How the evaluation reads the bot's replies: their text as a person sees it, their buttons, and
 * their language. The same reading as the shared HTTP tool (/work/shared/tools/converse.mjs), so
 * that in-process and over-HTTP figures agree.
 */

/** A button offered with a reply: a suggested action, a card button, or a numbered line of a text reply. */
export interface OfferedButton {
  /** The card action type, or "numbered" for a line "N. label" of a reply without buttons. */
  type: string;
  title: string;
  value: unknown;
  /** What a postBack / messageBack button sends as text. */
  text?: string;
}

/** Card actions that open something on the device instead of sending a message back. */
const NOT_PRESSABLE = new Set(['openUrl', 'call', 'signin', 'playAudio', 'playVideo', 'showImage', 'downloadFile']);

/** Text as a reader sees it: Telegram Markdown escapes, bidi marks and odd spaces removed, curly apostrophes straightened. */
export function readable(text: unknown): string {
  return String(text ?? '')
    .replace(/\\([_*[\]`\\])/g, '$1')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/\u2019/g, "'");
}

function fromAction(action: Partial<CardAction>): OfferedButton {
  const title = typeof action.title === 'string' ? action.title : typeof action.text === 'string' ? action.text : '';
  return {
    type: String(action.type ?? ''),
    title,
    value: action.value,
    ...(typeof action.text === 'string' ? { text: action.text } : {}),
  };
}

/** A numbered choice line of a text reply; a link's target follows its label after ": ". */
const NUMBERED_LINE = /^(\d{1,2})\. (.+)$/;
const LINK_SUFFIX = /^(.+?): (https?:\/\/\S+|\+[\d ()]+)$/;

/**
 * The numbered choices that end a reply on a channel without buttons ("1. Retour volontaire" ...):
 * the last lines of the text, numbered 1, 2, 3... in order.
 */
export function numberedChoices(text: string): OfferedButton[] {
  const lines = text.split('\n');
  const tail: Array<{ number: string; label: string }> = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = NUMBERED_LINE.exec((lines[i] ?? '').trim());
    if (!match) break;
    tail.unshift({ number: match[1] ?? '', label: match[2] ?? '' });
  }
  if (!tail.every((line, i) => Number(line.number) === i + 1)) return [];
  return tail.map(({ number, label }) => {
    const link = LINK_SUFFIX.exec(label);
    if (!link) return { type: 'numbered', title: label, value: number };
    const target = link[2] ?? '';
    return { type: target.startsWith('+') ? 'call' : 'openUrl', title: link[1] ?? label, value: target };
  });
}

/**
 * The buttons of one reply activity: suggested actions, then card buttons; on a channel the bot
 * gives numbered text choices (no buttons), the numbered lines that end the text.
 */
export function buttonsOf(activity: Partial<Activity>, channelId: string): OfferedButton[] {
  const out: OfferedButton[] = (activity.suggestedActions?.actions ?? []).map(fromAction);
  for (const attachment of activity.attachments ?? []) {
    const buttons: unknown = (attachment?.content as { buttons?: unknown } | undefined)?.buttons;
    if (Array.isArray(buttons)) for (const b of buttons) out.push(fromAction(b as Partial<CardAction>));
  }
  if (out.length > 0 || choiceStyle(channelId) !== 'text') return out;
  return numberedChoices(readable(activity.text ?? ''));
}

/** True for a button that sends a message back when pressed. */
export function isPressable(button: OfferedButton): boolean {
  return !NOT_PRESSABLE.has(button.type);
}

/** What pressing a button sends: the text (and, for postBack / messageBack, a non-text value), as a channel does. */
export function pressedMessage(button: OfferedButton): { text: string; value?: unknown } {
  const stringValue = typeof button.value === 'string' ? button.value : undefined;
  if (button.type === 'postBack' || button.type === 'messageBack') {
    const text = button.text ?? stringValue ?? button.title;
    return button.value !== undefined && stringValue === undefined ? { text, value: button.value } : { text };
  }
  return { text: stringValue ?? button.text ?? button.title };
}

// ---------- the language of a reply ----------

/** Common French words (and elided forms) that tell a French text from an English one. */
const FRENCH_WORDS = new Set([
  ...'le la les de des du un une et est pour vous votre vos je ne pas que qui dans sur avec au aux ce cette ces'.split(' '),
  ...'il elle nous où ou si sont été par plus mais leur leurs ses son sa se très aussi comme être avoir peut pouvez'.split(' '),
  ...['bonjour', 'merci', "d'accord", 'voici', 'suite', 'oui', 'non', "l'oim", "c'est", "n'ai", "j'ai", "qu'il", "aujourd'hui"],
  ...['depuis', "jusqu'à", 'entre', 'chez'],
]);
/** Common English words. */
const ENGLISH_WORDS = new Set([
  ...'the an and is are for you your to of in on with this that it we our be can not no if or from at as by'.split(' '),
  ...'please thank thanks hello here next yes who what how which was were has have do does will would there their'.split(' '),
  ...'they them its about since more than today only'.split(' '),
]);
const FRENCH_ELISION = /^(l|d|j|c|n|qu|s)'/;
const FRENCH_ACCENTS = /[éèêàçùâîôû]/gi;

export type TextLanguage = 'fr' | 'en' | 'unknown';

/** French or English by counting common words (and accents); "unknown" when neither wins. */
export function textLanguage(text: string): TextLanguage {
  const words =
    text
      .toLowerCase()
      .replace(/\u2019/g, "'")
      .match(/[\p{L}']+/gu) ?? [];
  let fr = 0;
  let en = 0;
  for (const word of words) {
    if (FRENCH_WORDS.has(word)) fr++;
    if (ENGLISH_WORDS.has(word)) en++;
    if (FRENCH_ELISION.test(word)) fr++;
  }
  if ((text.match(FRENCH_ACCENTS) ?? []).length > 2) fr++;
  if (fr > en) return 'fr';
  if (en > fr) return 'en';
  return 'unknown';
}

/** The share of letters that are Arabic (0 when the text has no letters). */
export function arabicShare(text: string): number {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return 0;
  return letters.filter((c) => /\p{Script=Arabic}/u.test(c)).length / letters.length;
}

const percent = (x: number) => `${(x * 100).toFixed(0)}%`;

/**
 * Why a reply message is not in `lang` (empty when it is). Arabic: mostly Arabic letters and an
 * ar* locale. French / English: the locale's language, no Arabic majority, and the text's own
 * language by common words when they tell.
 */
export function languageProblems(locale: string | null | undefined, text: string, lang: string | undefined): string[] {
  if (!lang || lang === 'any') return [];
  const shown = locale ?? '';
  const lowered = shown.toLowerCase();
  const share = arabicShare(text);
  const problems: string[] = [];
  if (lang === 'ar') {
    if (share < 0.5) problems.push(`text not Arabic (Arabic letters ${percent(share)})`);
    if (!lowered.startsWith('ar')) problems.push(`locale "${shown}" is not ar`);
    return problems;
  }
  if (share >= 0.3) problems.push(`text is Arabic (${percent(share)}), expected ${lang}`);
  if (!lowered.startsWith(lang)) problems.push(`locale "${shown}" is not ${lang}`);
  const read = textLanguage(text);
  if (read !== 'unknown' && read !== lang) problems.push(`text reads as ${read}, expected ${lang}`);
  return problems;
}
