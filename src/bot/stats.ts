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

/**
 * Masks what could identify someone in a question before it is kept: e-mail addresses, phone
 * numbers and every other digit; then normalises it (lower case, no punctuation).
 */
export function maskQuestion(text: string): string {
  const masked = text
    .slice(0, 500)
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' emailmask ')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, ' phonemask ')
    .replace(/\d/g, '0');
  return normalizeText(masked).replace(/emailmask/g, '[email]').replace(/phonemask/g, '[phone]').replace(/0+/g, '#');
}

/** Anonymous counts for the staff report, kept by this process since it started. */
export class StatsRecorder {
  private readonly since = new Date().toISOString();
  private readonly bySource = new Map<string, number>();
  private readonly questions = new Map<string, Map<string, number>>();
  private readonly unanswered: Array<{ text: string; lang: string }> = [];

  conversationStarted(source: string | undefined): void {
    const key = source && SOURCE_TAG.test(source) ? source : NO_SOURCE;
    this.bySource.set(key, (this.bySource.get(key) ?? 0) + 1);
  }

  /** A conversation counted without source learns it later (a channel's "/start TAG" after its join event). */
  conversationSourced(source: string): void {
    const none = this.bySource.get(NO_SOURCE) ?? 0;
    if (none > 0) this.bySource.set(NO_SOURCE, none - 1);
    if (none === 1) this.bySource.delete(NO_SOURCE);
    this.bySource.set(source, (this.bySource.get(source) ?? 0) + 1);
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
