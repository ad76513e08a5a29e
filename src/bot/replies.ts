import type { Brain } from '../app';
import type { Lang } from '../kb/schema';
import { contactActions, entryOption, menuOptions, type Reply, type ReplyOption } from '../reply/render';

function locale(brain: Brain, lang: Lang): string {
  return brain.locales.translator(lang)('meta.locale');
}

/** A locale text followed by the menu. */
export function menuReply(brain: Brain, lang: Lang, textKey = 'reply.menu'): Reply {
  const t = brain.locales.translator(lang);
  return { lang, locale: locale(brain, lang), text: t(textKey), options: menuOptions(brain, lang) };
}

/** First contact: who the bot is, the privacy promise, and the menu. */
export function welcomeReply(brain: Brain, lang: Lang, withMenu: boolean): Reply {
  const t = brain.locales.translator(lang);
  return {
    lang,
    locale: locale(brain, lang),
    text: `${t('reply.greeting')}\n${t('reply.privacy')}`,
    options: withMenu ? menuOptions(brain, lang) : [],
  };
}

/** "Was this helpful?" after an answer, with the entry's follow-ups and the menu. */
export function feedbackReply(brain: Brain, lang: Lang, entryId: string): Reply {
  const t = brain.locales.translator(lang);
  const entry = brain.kb.byId.get(entryId);
  const followups = (entry?.followups ?? []).map((f) => entryOption(brain, lang, f)).filter((o): o is ReplyOption => !!o);
  return {
    lang,
    locale: locale(brain, lang),
    text: t('feedback.question'),
    options: [
      { label: t('feedback.yes'), value: `feedback:yes:${entryId}` },
      { label: t('feedback.no'), value: `feedback:no:${entryId}` },
      ...followups,
      { label: t('menu.menu'), value: 'command:menu' },
    ],
  };
}

/** A plain text reply from a locale key, with the given options. */
export function textReply(brain: Brain, lang: Lang, textKey: string, options: ReplyOption[] = []): Reply {
  return { lang, locale: locale(brain, lang), text: brain.locales.translator(lang)(textKey), options };
}

export { contactActions };
