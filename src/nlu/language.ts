import type { Lang } from '../kb/schema';
import type { CueFamily } from './lexicon';
import { normalizeText } from './normalize';

/** What the conversation already knows about language. */
export interface LanguageContext {
  /** The language the conversation has been using. */
  conversationLang?: Lang;
  /** True when the user chose that language (button or "English please"): only a new request changes it. */
  langChosen?: boolean;
  /** The channel's locale ("fr-FR", "ar", "en-US"...), used when a message gives no clue. */
  channelLocale?: string;
}

export interface LanguageGuess {
  lang: Lang;
  /** True when the message itself decided (script or enough cue words). */
  fromMessage: boolean;
  reason: string;
}

/** Detects French vs English on text without cue words (franc, limited to the two). */
export type FrenchEnglishDetector = (text: string) => 'fr' | 'en' | undefined;

/** A word that points to one cue family, and how strongly (grammar words more than vocabulary). */
export interface Cue {
  family: CueFamily;
  weight: number;
}
/** Words that point to one cue family only (function words and knowledge-base vocabulary). */
export type CueIndex = Map<string, Cue>;

export const DEFAULT_LANG: Lang = 'fr';

/**
 * The characters of the Arabic script (U+0600-06FF, 0750-077F, 08A0-08FF, FB50-FDFF, FE70-FEFF)
 * and of the Latin one (a-z, A-Z, U+00C0-024F) in a text, counted by UTF-16 code unit.
 */
function countLetters(text: string): { arabic: number; latin: number } {
  let arabic = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
    } else if (c >= 0xc0 && c <= 0x24f) latin++;
    else if (
      (c >= 0x600 && c <= 0x6ff) ||
      (c >= 0x750 && c <= 0x77f) ||
      (c >= 0x8a0 && c <= 0x8ff) ||
      (c >= 0xfb50 && c <= 0xfdff) ||
      (c >= 0xfe70 && c <= 0xfeff)
    )
      arabic++;
  }
  return { arabic, latin };
}
const ARABIZI_DIGIT = /[23579]/;
/** A Latin word with an Arabizi digit inside or at its end: "3afak", "nrje3", "t9der", "wa7d". */
const ARABIZI_WORD = /^(?=.*[a-z])(?=.*[23579])[a-z23579']+$/i;

/**
 * franc reads at most this many characters: its trigram counts settle long before (a question is
 * short), and its cost grows with the text (about 1 ms for 1,000 characters).
 */
const FRANC_MAX_CHARS = 200;

/** Cue counts that must separate two languages before a known conversation language flips. */
const FLIP_MARGIN = 2;

export function localeToLang(locale: string | undefined): Lang | undefined {
  const prefix = locale?.toLowerCase().split(/[-_]/)[0];
  return prefix === 'fr' || prefix === 'ar' || prefix === 'en' ? prefix : undefined;
}

function fallback(context: LanguageContext, why: string): LanguageGuess {
  if (context.conversationLang)
    return { lang: context.conversationLang, fromMessage: false, reason: `${why}; kept the conversation's language` };
  const channel = localeToLang(context.channelLocale);
  if (channel) return { lang: channel, fromMessage: false, reason: `${why}; used the channel locale` };
  return { lang: DEFAULT_LANG, fromMessage: false, reason: `${why}; default language` };
}

/**
 * The reply language for a message: the script first (Arabic script -> Arabic), then cue words
 * (French, English, Darija written in Latin letters), then franc for French vs English, then the
 * conversation's language, the channel locale, and French. A known conversation language only
 * flips on clear evidence, and never when the user chose it.
 */
export function detectLanguage(
  raw: string,
  normalizedWords: string[],
  cues: CueIndex,
  detectFrenchEnglish: FrenchEnglishDetector,
  context: LanguageContext = {},
): LanguageGuess {
  if (context.langChosen && context.conversationLang) {
    return { lang: context.conversationLang, fromMessage: false, reason: 'language chosen by the user' };
  }
  const { arabic, latin } = countLetters(raw);
  if (arabic === 0 && latin === 0) return fallback(context, 'no letters');
  if (arabic >= latin) return { lang: 'ar', fromMessage: true, reason: 'Arabic script' };
  // Arabic words around a name in capitals ("مشروع MOTUSE", "واش OIM كتعاون"): Arabic.
  if (arabic > 0 && arabicWordsOutnumber(raw)) return { lang: 'ar', fromMessage: true, reason: 'Arabic script around Latin names' };

  const counts: Record<'fr' | 'en' | 'dz', number> = { fr: 0, en: 0, dz: 0 };
  const arabiziWords = new Set<string>();
  // An Arabizi word holds one of its digits: without any, no word of the message is one.
  if (ARABIZI_DIGIT.test(raw)) {
    for (const token of raw.split(/[^\p{L}\p{N}']+/u)) {
      if (!ARABIZI_WORD.test(token)) continue;
      counts.dz += 1;
      arabiziWords.add(normalizeText(token));
    }
  }
  for (const w of normalizedWords) {
    if (arabiziWords.has(w)) continue;
    const cue = cues.get(w);
    if (!cue) continue;
    if (cue.family === 'fr' || cue.family === 'en') counts[cue.family] += cue.weight;
    else if (cue.family === 'arabizi' || cue.family === 'darija') counts.dz += cue.weight;
  }
  const ranked = (Object.entries(counts) as Array<[keyof typeof counts, number]>).sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked as [[keyof typeof counts, number], [keyof typeof counts, number]];
  const summary = `cues fr=${counts.fr} en=${counts.en} darija=${counts.dz}`;
  const toLang = (k: keyof typeof counts): Lang => (k === 'dz' ? 'ar' : k);

  if (context.conversationLang) {
    const current = context.conversationLang === 'ar' ? 'dz' : context.conversationLang;
    if (top[0] !== current && top[1] - counts[current] >= FLIP_MARGIN) {
      return { lang: toLang(top[0]), fromMessage: true, reason: summary };
    }
    return { lang: context.conversationLang, fromMessage: false, reason: `${summary}; not enough to change the conversation's language` };
  }
  if (top[1] > second[1]) return { lang: toLang(top[0]), fromMessage: true, reason: summary };
  if (top[1] > 0 && counts.dz === top[1] && ranked.filter(([, n]) => n === top[1]).length > 1) {
    // A tie that involves Darija: a mixed message; the other language's grammar wins.
    const other = ranked.find(([k, n]) => k !== 'dz' && n === top[1]);
    if (other) return { lang: toLang(other[0]), fromMessage: true, reason: `${summary}; tie with Darija` };
  }
  const guess = detectFrenchEnglish(raw.slice(0, FRANC_MAX_CHARS));
  if (guess) return { lang: guess, fromMessage: true, reason: `${summary}; franc` };
  return fallback(context, summary);
}

/** True when Arabic-script words are at least as many as the Latin words that are not names in capitals. */
function arabicWordsOutnumber(raw: string): boolean {
  let arabicWords = 0;
  let latinWords = 0;
  for (const token of raw.split(/[^\p{L}\p{N}]+/u)) {
    if (/[\u0600-\u06ff]/.test(token)) arabicWords++;
    else if (/[a-z\u00c0-\u024f]/.test(token)) latinWords++;
  }
  return arabicWords > 0 && arabicWords >= latinWords;
}
