import type { ScriptResult } from './conversations';

const RULE = '-'.repeat(100);

/** A readable record of every turn: what was sent, every reply with its buttons, the expectation and the verdict. */
export function transcript(results: ScriptResult[]): string {
  const lines: string[] = [];
  for (const s of results) {
    lines.push('='.repeat(100));
    lines.push(`SCRIPT ${s.id}  [${s.pass ? 'PASS' : 'FAIL'}]  lang=${s.lang} channel=${s.channel} locale=${s.locale}`);
    if (s.desc) lines.push(`  ${s.desc}`);
    for (const t of s.turns) {
      lines.push(RULE);
      lines.push(`#${t.index} (${t.cat ?? '-'}) USER: ${t.sent}`);
      for (const r of t.replies) {
        lines.push(`  BOT [${r.locale ?? ''}]: ${r.text.replace(/\n/g, '\n        ')}`);
        const buttons = r.buttons.map((b) => (b.type === 'imBack' ? b.title : `${b.title} <${b.type}:${String(b.value)}>`));
        if (buttons.length > 0) lines.push(`        buttons: ${buttons.join(' | ')}`);
        if (r.attachments.length > 0) lines.push(`        attachments: ${r.attachments.join(', ')}`);
      }
      if (t.replies.length === 0) lines.push('  BOT: (no reply)');
      lines.push(`  expect lang=${t.expect.lang ?? '-'}: ${t.expect.judge ?? ''}`);
      lines.push(`  auto: ${t.pass ? 'PASS' : `FAIL: ${t.problems.join('; ')}`}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
