import { z } from 'zod';

/** What GET /api/report returns. */
export const ReportSchema = z.object({
  storage: z.string(),
  since: z.string(),
  conversationsBySource: z.record(z.string(), z.number()),
  questions: z.record(z.string(), z.record(z.string(), z.number())),
  unanswered: z.array(z.object({ text: z.string(), lang: z.string() })),
  feedback: z.record(z.string(), z.object({ helpful: z.number(), notHelpful: z.number() })),
});
export type Report = z.infer<typeof ReportSchema>;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function table(head: string[], rows: Array<Array<string | number>>): string {
  if (rows.length === 0) return '  (none)';
  const all = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

/** The staff report as plain text: sources, topics by language, feedback, unanswered questions. */
export function formatReport(r: Report): string {
  const scope =
    r.storage === 'memory'
      ? `Scope: this running bot process only, since ${r.since} (state is in memory: a restart starts from zero, other instances are not counted).`
      : `Scope: since ${r.since}.`;
  const langs = ['fr', 'ar', 'en'];
  const topics = Object.entries(r.questions)
    .map(([topic, byLang]) => [topic, ...langs.map((l) => byLang[l] ?? 0), sum(Object.values(byLang))] as Array<string | number>)
    .sort((a, b) => Number(b[4]) - Number(a[4]));
  const unanswered = new Map<string, number>();
  for (const q of r.unanswered) unanswered.set(`[${q.lang}] ${q.text}`, (unanswered.get(`[${q.lang}] ${q.text}`) ?? 0) + 1);
  return [
    'IOM Morocco assistant: staff report',
    scope,
    '',
    'New conversations per source tag:',
    table(
      ['source', 'conversations'],
      Object.entries(r.conversationsBySource).sort((a, b) => b[1] - a[1]),
    ),
    '',
    'Questions per topic and language:',
    table(['topic', 'fr', 'ar', 'en', 'total'], topics),
    '',
    'Feedback per entry ("Was this helpful?"):',
    table(
      ['entry', 'helpful', 'not helpful'],
      Object.entries(r.feedback).map(([id, f]) => [id, f.helpful, f.notHelpful]),
    ),
    '',
    'Questions the bot could not answer (normalised; digits, e-mails and phone numbers masked; never who asked):',
    unanswered.size === 0
      ? '  (none)'
      : [...unanswered]
          .sort((a, b) => b[1] - a[1])
          .map(([q, n]) => `  ${n} x ${q}`)
          .join('\n'),
  ].join('\n');
}
