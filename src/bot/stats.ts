import { normalizeText } from '../nlu/normalize';

/** A source tag as accepted in links and "/start TAG". */
export const SOURCE_TAG = /^[A-Za-z0-9_-]{1,64}$/;

export interface StatsSnapshot {
  since: string;
  conversationsBySource: Record<string, number>;
  /** topic -> language -> questions. */
  questions: Record<string, Record<string, number>>;
  /** Questions the bot could not answer, normalised and masked, most recent last; never who asked. */
  unanswered: Array<{ text: string; lang: string }>;
}

const MAX_UNANSWERED = 500;
const NO_SOURCE = '(none)';
/** Tags beyond the configured list, or beyond this many distinct ones when there is no list. */
const OTHER_SOURCE = '(other)';
const MAX_SOURCE_TAGS = 200;

/** An e-mail address in any script (NFKC has already turned fullwidth ＠ and ． into @ and .). */
const EMAIL = /[\p{L}\p{M}\p{N}._%+-]+\s*@\s*[\p{L}\p{M}\p{N}-]+(?:\s*\.\s*[\p{L}\p{M}\p{N}-]+)+/gu;
/** A phone number: 8 or more digits with the usual separators (digits of every script are 0 here). */
const PHONE = /\+?0[0\s().-]{6,}0/g;

/**
 * Masks what could identify someone in a question before it is kept: e-mail addresses, phone
 * numbers and every other digit, in any script (Arabic-Indic, Persian, fullwidth, mathematical);
 * then normalises it (lower case, no punctuation). NFKC comes first, so that look-alike characters
 * (fullwidth @, dots and digits) are masked like their ASCII forms.
 */
export function maskQuestion(text: string): string {
  const masked = text
    .slice(0, 500)
    .normalize('NFKC')
    .replace(/\p{Nd}/gu, '0')
    .replace(EMAIL, ' emailmask ')
    .replace(PHONE, ' phonemask ');
  return normalizeText(masked)
    .replace(/emailmask/g, '[email]')
    .replace(/phonemask/g, '[phone]')
    .replace(/\p{Nd}+/gu, '#');
}

export interface StatsOptions {
  /** The source tags counted by name; others count as "(other)". Empty: any tag, up to 200 distinct. */
  sourceTags?: readonly string[];
}

/** Anonymous counts for the staff report, kept by this process since it started. */
export class StatsRecorder {
  private readonly since = new Date().toISOString();
  private readonly bySource = new Map<string, number>();
  private readonly questions = new Map<string, Map<string, number>>();
  private readonly unanswered: Array<{ text: string; lang: string }> = [];
  private readonly allowed: ReadonlySet<string> | undefined;

  constructor(options: StatsOptions = {}) {
    this.allowed = options.sourceTags && options.sourceTags.length > 0 ? new Set(options.sourceTags) : undefined;
  }

  /**
   * The name a source is counted under: anyone can make up a tag (a link, "/start TAG", the web chat),
   * so only configured tags are counted by name, or, without a list, the first 200 distinct ones.
   */
  private sourceKey(source: string | undefined): string {
    if (!source || !SOURCE_TAG.test(source)) return NO_SOURCE;
    if (this.allowed) return this.allowed.has(source) ? source : OTHER_SOURCE;
    return this.bySource.has(source) || this.bySource.size < MAX_SOURCE_TAGS ? source : OTHER_SOURCE;
  }

  conversationStarted(source: string | undefined): void {
    const key = this.sourceKey(source);
    this.bySource.set(key, (this.bySource.get(key) ?? 0) + 1);
  }

  /** A conversation counted without source learns it later (a channel's "/start TAG" after its join event). */
  conversationSourced(source: string): void {
    const none = this.bySource.get(NO_SOURCE) ?? 0;
    if (none > 0) this.bySource.set(NO_SOURCE, none - 1);
    if (none === 1) this.bySource.delete(NO_SOURCE);
    const key = this.sourceKey(source);
    this.bySource.set(key, (this.bySource.get(key) ?? 0) + 1);
  }

  question(topic: string, lang: string): void {
    const byLang = this.questions.get(topic) ?? new Map<string, number>();
    byLang.set(lang, (byLang.get(lang) ?? 0) + 1);
    this.questions.set(topic, byLang);
  }

  notAnswered(text: string, lang: string): void {
    const masked = maskQuestion(text);
    if (!masked) return;
    this.unanswered.push({ text: masked, lang });
    if (this.unanswered.length > MAX_UNANSWERED) this.unanswered.shift();
  }

  snapshot(): StatsSnapshot {
    return {
      since: this.since,
      conversationsBySource: Object.fromEntries(this.bySource),
      questions: Object.fromEntries([...this.questions].map(([t, m]) => [t, Object.fromEntries(m)])),
      unanswered: [...this.unanswered],
    };
  }
}
