import { z } from 'zod';
import type { Brain } from '../app';
import { type Lang, LANGS } from '../kb/schema';
import { facetEntry } from '../kb/facets';
import { REQUIRED_ENTRIES } from '../kb/required-ids';
import type { Decision, Facet } from '../nlu/decision';

/**
 * A choice offered with a reply: a button where the channel has them, a numbered line elsewhere.
 * value: "entry:<id>", "command:<help|menu>", "lang:<fr|ar|en>", "feedback:<yes|no>:<entry id>",
 * "dialog:<next|yes|no>", or a link the channel opens itself ("https://...", "tel:+...").
 */
export const ReplyOptionSchema = z.object({ label: z.string(), value: z.string() });
export type ReplyOption = z.infer<typeof ReplyOptionSchema>;

/** True for options that open a link or a call instead of sending a message back. */
export function isLinkOption(option: ReplyOption): boolean {
  return /^(https:|tel:)/.test(option.value);
}

/** What the bot says back: text in one language and the choices it offers. */
export interface Reply {
  lang: Lang;
  /** The activity locale: fr-MA, ar-MA or en. */
  locale: string;
  text: string;
  options: ReplyOption[];
}

/** The main menu: the four main needs, then every topic. Labels live in locales/ (menu.*). */
export const MENU: ReadonlyArray<{ labelKey: string; value: string }> = [
  { labelKey: 'menu.avrr', value: `entry:${REQUIRED_ENTRIES.menuAvrr.id}` },
  { labelKey: 'menu.training', value: `entry:${REQUIRED_ENTRIES.menuTraining.id}` },
  { labelKey: 'menu.trafficking', value: `entry:${REQUIRED_ENTRIES.menuTrafficking.id}` },
  { labelKey: 'menu.contact', value: `entry:${REQUIRED_ENTRIES.menuContact.id}` },
  { labelKey: 'menu.help', value: 'command:help' },
  { labelKey: 'menu.forget', value: 'command:forget' },
];

/** The entry whose answer says how to reach IOM. */
export const CONTACT_ENTRY = REQUIRED_ENTRIES.contact.id;

/** The menu in `lang`, then the other two languages, each named in its own language. */
export function menuOptions(brain: Brain, lang: Lang): ReplyOption[] {
  const t = brain.locales.translator(lang);
  const languages = LANGS.filter((l) => l !== lang).map((l) => ({
    label: brain.locales.translator(l)('meta.languageName'),
    value: `lang:${l}`,
  }));
  return [...MENU.map((m) => ({ label: t(m.labelKey), value: m.value })), ...languages];
}

/** Tap-to-call, website and map actions for IOM's contact details. */
export function contactActions(brain: Brain, lang: Lang): ReplyOption[] {
  const t = brain.locales.translator(lang);
  return [
    { label: t('contact.call'), value: `tel:${brain.contact.phone}` },
    { label: t('contact.website'), value: brain.contact.website },
    { label: t('contact.map'), value: brain.contact.map },
  ];
}

export function entryOption(brain: Brain, lang: Lang, id: string): ReplyOption | undefined {
  const entry = brain.kb.byId.get(id);
  // Buttons carry the short label where the entry has one: Web Chat cuts long ones.
  return entry ? { label: entry[lang].short ?? entry[lang].title, value: `entry:${id}` } : undefined;
}

/** The reply to an entry: its short answer, its follow-ups and the menu. */
export function renderEntry(brain: Brain, lang: Lang, id: string): Reply {
  const t = brain.locales.translator(lang);
  const entry = brain.kb.byId.get(id);
  const locale = t('meta.locale');
  if (!entry) return renderNone(brain, lang);
  const options = entry.topic === CONTACT_ENTRY ? contactActions(brain, lang) : [];
  options.push(...entry.followups.map((f) => entryOption(brain, lang, f)).filter((o): o is ReplyOption => !!o));
  options.push({ label: t('menu.menu'), value: 'command:menu' });
  return { lang, locale, text: entry[lang].answer, options };
}

/** Month-and-year formatters by locale: building one costs far more than using it (the locales are the three of locales/). */
const monthYearFormats = new Map<string, Intl.DateTimeFormat>();

function monthYearFormat(locale: string): Intl.DateTimeFormat {
  let format = monthYearFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' });
    monthYearFormats.set(locale, format);
  }
  return format;
}

/** "2014-07" as "juillet 2014" / "July 2014" in the reply's language; a bare year stays a year. */
function formatYearMonth(value: string, locale: string): string {
  const [year, month] = value.split('-');
  if (!month) return value;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, 1));
  return monthYearFormat(locale).format(date);
}

/** "Is it still open?" for an entry without an entry of its own for that: its period, as the sheet gives it. */
function periodText(brain: Brain, lang: Lang, id: string): string {
  const t = brain.locales.translator(lang);
  const entry = brain.kb.byId.get(id);
  const locale = t('meta.locale');
  const period = entry?.period;
  const title = entry?.[lang].title ?? '';
  if (period?.status === 'ended' && period.end) {
    return t('facet.when.ended', { title, start: formatYearMonth(period.start ?? '', locale), end: formatYearMonth(period.end, locale) });
  }
  if (period?.status === 'ongoing' && period.start) return t('facet.when.ongoing', { title, start: formatYearMonth(period.start, locale) });
  return t('facet.when.unknown');
}

/**
 * A follow-up question about an entry ("is it still open?", "how much?", "who can ask?"): the
 * entry that answers it for the entry's topic, else what the sheet says (its period) or does not
 * say (no cost, hours, e-mail or documents), with IOM's phone number.
 */
export function renderFacet(brain: Brain, lang: Lang, id: string, facet: Facet): Reply {
  const t = brain.locales.translator(lang);
  const entry = brain.kb.byId.get(id);
  const target = entry ? facetEntry(brain.facets, facet, entry.topic) : undefined;
  if (target) return renderEntry(brain, lang, target);
  const text = facet === 'when' ? periodText(brain, lang, id) : t(`facet.${facet}`);
  const options = facet === 'hours' || facet === 'email' ? contactActions(brain, lang) : [];
  options.push(...(entry?.followups ?? []).map((f) => entryOption(brain, lang, f)).filter((o): o is ReplyOption => !!o));
  options.push({ label: t('menu.menu'), value: 'command:menu' });
  return { lang, locale: t('meta.locale'), text, options };
}

/** One option per knowledge topic (its first entry), for "all topics". */
export function allTopicsReply(brain: Brain, lang: Lang): Reply {
  const t = brain.locales.translator(lang);
  const seen = new Set<string>();
  const options: ReplyOption[] = [];
  for (const entry of brain.kb.entries) {
    if (seen.has(entry.topic)) continue;
    seen.add(entry.topic);
    options.push({ label: entry[lang].short ?? entry[lang].title, value: `entry:${entry.id}` });
  }
  options.push({ label: t('menu.menu'), value: 'command:menu' });
  return { lang, locale: t('meta.locale'), text: `${t('reply.help')}\n\n${t('reply.allTopics')}`, options };
}

/** The honest "I don't have that information", with the menu and how to reach IOM. */
export function renderNone(brain: Brain, lang: Lang): Reply {
  const t = brain.locales.translator(lang);
  const contact = brain.kb.byId.get(CONTACT_ENTRY);
  const text = [t('reply.none'), contact?.[lang].answer].filter(Boolean).join('\n\n');
  return { lang, locale: t('meta.locale'), text, options: menuOptions(brain, lang) };
}

/** Turns a decision into the reply the bot gives. */
export function renderDecision(brain: Brain, decision: Decision): Reply {
  const { lang } = decision;
  const t = brain.locales.translator(lang);
  const locale = t('meta.locale');
  if (decision.kind === 'answer' && decision.entry && decision.facet) return renderFacet(brain, lang, decision.entry, decision.facet);
  if (decision.kind === 'answer' && decision.entry) return renderEntry(brain, lang, decision.entry);
  if (decision.kind === 'answer' && decision.command) {
    const key = decision.command === 'language' ? 'reply.languageSwitched' : `reply.${decision.command}`;
    const options = decision.command === 'thanks' ? [{ label: t('menu.menu'), value: 'command:menu' }] : menuOptions(brain, lang);
    return { lang, locale, text: t(key), options };
  }
  if (decision.kind === 'clarify') {
    const options = decision.suggestions.map((s) => entryOption(brain, lang, s.entry)).filter((o): o is ReplyOption => !!o);
    options.push({ label: t('menu.menu'), value: 'command:menu' });
    return { lang, locale, text: t('reply.clarify'), options };
  }
  if (decision.outOfScope) return renderOutOfScope(brain, lang, decision.outOfScope);
  return renderNone(brain, lang);
}

/**
 * A subject the bot does not cover (a visa, a job abroad, a boat to Spain): its own honest reply,
 * saying what the bot cannot do and what it can where that is true, with those entries offered.
 */
export function renderOutOfScope(brain: Brain, lang: Lang, subjectId: string): Reply {
  const subject = brain.outOfScope.get(subjectId);
  if (!subject) return renderNone(brain, lang);
  const t = brain.locales.translator(lang);
  const options = subject.pointTo.map((id) => entryOption(brain, lang, id)).filter((o): o is ReplyOption => !!o);
  options.push({ label: t('menu.contact'), value: `entry:${CONTACT_ENTRY}` }, { label: t('menu.menu'), value: 'command:menu' });
  return { lang, locale: t('meta.locale'), text: `${subject.reply[lang]}\n\n${t('reply.outOfScopeMore')}`, options };
}

/** Plain-text form of a reply, options numbered: for the CLI and channels without buttons. */
export function replyAsText(brain: Brain, reply: Reply): string {
  if (reply.options.length === 0) return reply.text;
  const t = brain.locales.translator(reply.lang);
  const lines = reply.options.map((o, i) => `${i + 1}. ${o.label}${isLinkOption(o) ? `: ${o.value.replace(/^tel:/, '')}` : ''}`);
  return `${reply.text}\n\n${t('reply.chooseOption')}\n${lines.join('\n')}`;
}
