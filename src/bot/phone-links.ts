import type { ContactChannels, EmergencyNumber } from '../kb/contact-channels';

/** The numbers a reply may offer to call: IOM's phone (never its fax) and the emergency numbers. */
export interface CallableNumbers {
  /** International numbers, "+" and digits. */
  phones: string[];
  emergency: EmergencyNumber[];
}

export function callableNumbers(contact: Pick<ContactChannels, 'phone' | 'emergency'>): CallableNumbers {
  return { phones: [contact.phone], emergency: contact.emergency };
}

/** A callable number found in a text: where it is and the number to dial. */
export interface PhoneSpan {
  start: number;
  end: number;
  /** "+212537652881" or "19". */
  dial: string;
}

/** A Moroccan number as the sheet writes it: "+212 (0)5 37 65 28 81", "+212537652881". */
const INTERNATIONAL = /\+ ?212[ \t\u00a0\d().-]{8,}\d/g;
/** A short number standing alone: not inside a longer number, a date or a word. */
const SHORT = /(?<![\p{L}\p{N}+.,/-])\d{2,4}(?![\p{L}\p{N}]|[.,/:-]\p{N})/gu;
/** How far before a short number its service's name may be ("appelez la police au 19"). */
const NAME_WINDOW = 45;
/** The service named in brackets right after the number ("appelez le 15 (protection civile)"). */
const NAME_AFTER = /^\s*\(([^()]{1,45})\)/;
const FAX = /(fax|فاكس)[\s:.]*$/i;
/** A short number followed by a unit is an age, a duration, an amount: "19 ans", "15 jours", "15 %". */
const UNIT_AFTER =
  /^\s*(ans?|years?|jours?|days?|heures?|hours?|mois|months?|km|dh|dirhams?|%|سنة|سنوات|عام|عاما|يوم|أيام|ساعة|درهم)(?![\p{L}])/iu;

/** "+212 (0)5 37 65 28 81" → "+212537652881": the trunk "(0)" is not dialled from abroad. */
export function dialable(written: string): string {
  const digits = written.replace(/\(0\)/g, '').replace(/\D/g, '');
  return `+${digits.replace(/^2120/, '212')}`;
}

function names(text: string, names: string[]): boolean {
  const lower = text.toLowerCase();
  return names.some((n) => lower.includes(n.toLowerCase()));
}

/**
 * The callable numbers in a text: IOM's international number(s) from the list (so never the fax,
 * nor one written after "Fax"), and each emergency number when its service is named right before
 * it or in brackets right after it (so "15 ans" or "2015" are left alone). Linear in the text.
 */
export function findPhoneNumbers(text: string, callable: CallableNumbers): PhoneSpan[] {
  const spans: PhoneSpan[] = [];
  for (const m of text.matchAll(INTERNATIONAL)) {
    const dial = dialable(m[0]);
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (callable.phones.includes(dial) && !FAX.test(before)) spans.push({ start: m.index, end: m.index + m[0].length, dial });
  }
  for (const m of text.matchAll(SHORT)) {
    const number = callable.emergency.find((e) => e.number === m[0]);
    if (!number) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (spans.some((s) => start < s.end && end > s.start) || UNIT_AFTER.test(text.slice(end, end + 12))) continue;
    const before = text.slice(Math.max(0, start - NAME_WINDOW), start);
    const after = NAME_AFTER.exec(text.slice(end))?.[1] ?? '';
    if (names(before, number.names) || names(after, number.names)) spans.push({ start, end, dial: number.number });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** CommonMark's characters that would start formatting or a link in Web Chat and Teams. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>~|])/g, '\\$1');
}

/** The text as Markdown, each callable number a `tel:` link: "[19](tel:19)". */
export function markdownWithPhoneLinks(text: string, callable: CallableNumbers): string {
  let out = '';
  let last = 0;
  for (const span of findPhoneNumbers(text, callable)) {
    out += escapeMarkdown(text.slice(last, span.start));
    out += `[${escapeMarkdown(text.slice(span.start, span.end))}](tel:${span.dial})`;
    last = span.end;
  }
  return out + escapeMarkdown(text.slice(last));
}

/** Directional isolates: LRI or RLI ... PDI keeps a line's own order whatever the direction of the view around it. */
const LRI = '\u2066';
const RLI = '\u2067';
const PDI = '\u2069';

/**
 * Each non-empty line inside isolates of its language's direction, for clients whose layout direction
 * is the page's, not the text's (Web Chat): Arabic keeps its punctuation order on a left-to-right page,
 * French and English on a right-to-left one.
 */
export function isolateLines(text: string, direction: 'rtl' | 'ltr'): string {
  const open = direction === 'rtl' ? RLI : LRI;
  return (
    text
      .split('\n')
      // A space before PDI: Markdown renderers would otherwise take the PDI into a URL ending the line.
      .map((line) => (line.trim() ? `${open}${line} ${PDI}` : line))
      .join('\n')
  );
}

/** Markdown hard line breaks: renderers that join single newlines into one paragraph (Web Chat) keep the lines. */
export function hardLineBreaks(markdown: string): string {
  return markdown.replace(/([^\n])\n(?!\n)/g, '$1  \n');
}
