import { languageProblems, type OfferedButton, readable } from './reply-reading';
import { type Expect, SCRIPT_REGEX_FLAGS } from './script';

/** One message activity of the bot's reply, as the evaluation reads it. */
export interface ObservedReply {
  locale: string | null;
  /** The readable text. */
  text: string;
  buttons: OfferedButton[];
  /** The content types of its attachments. */
  attachments: string[];
}

const regex = (source: string) => new RegExp(source, SCRIPT_REGEX_FLAGS);

/**
 * Why a turn's reply does not meet its expectations (empty when it does).
 * `firstReplyOfConversation`: no earlier turn got a reply, so first_must skips a leading welcome
 * when more messages follow it.
 */
export function turnProblems(expect: Expect, replies: ObservedReply[], firstReplyOfConversation: boolean): string[] {
  const problems: string[] = [];
  const withText = replies.filter((r) => r.text.trim() !== '');
  const allText = replies.map((r) => r.text).join('\n\n');
  const buttons = replies.flatMap((r) => r.buttons);
  const titles = buttons.map((b) => readable(b.title)).join(' | ');

  if (expect.none) {
    if (replies.length > 0) problems.push('expected no reply');
  } else if (withText.length === 0) {
    problems.push('no text reply');
  }
  for (const reply of withText) {
    for (const p of languageProblems(reply.locale, reply.text, expect.lang)) problems.push(`lang: ${p}`);
  }
  for (const source of expect.must ?? []) {
    if (!regex(source).test(allText)) problems.push(`must /${source}/ not found`);
  }
  for (const source of expect.must_not ?? []) {
    const found = regex(source).exec(allText);
    if (found) problems.push(`must_not /${source}/ found: "${found[0]}"`);
  }
  if (expect.first_must) {
    const first = firstReplyOfConversation && withText.length > 1 ? withText[1] : withText[0];
    for (const source of expect.first_must) {
      if (!first || !regex(source).test(first.text)) problems.push(`first reply lacks /${source}/`);
    }
  }
  for (const source of expect.buttons_must ?? []) {
    if (!regex(source).test(titles)) problems.push(`no button /${source}/`);
  }
  for (const source of expect.buttons_must_not ?? []) {
    const re = regex(source);
    const offered = buttons.find((b) => re.test(readable(b.title)));
    if (offered) problems.push(`button_must_not /${source}/ offered: "${offered.title}"`);
  }
  return problems;
}
