import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadBrain } from '../app';
import { DataError } from '../data/data-error';
import { type ConversationReport, conversationReport, playScripts, type ScriptResult } from '../eval/conversations';
import { parseEvalFile } from '../eval/eval-file';
import { type EvalReport, evaluate } from '../eval/evaluate';
import { EvalFileError } from '../eval/jsonl';
import { transcript } from '../eval/transcript';
import { projectRoot } from '../paths';
import { invocationDir, UsageError } from './options';
import { pct, scoreTable } from '../eval/score-table';

const USAGE = [
  'usage: npm run eval -- [FILE.jsonl] [--json] [--only ID,ID] [--transcript FILE]',
  '  FILE: labelled messages (id, text, lang, topic, slice) or conversation scripts (objects with "turns");',
  '        examples/eval/messages.jsonl when not given',
  '  --json        print one JSON object with the figures',
  '  --only        only the cases or scripts with these ids',
  '  --transcript  write every turn of the conversation scripts, with the replies, to FILE',
].join('\n');

const DEFAULT_FILE = 'examples/eval/messages.jsonl';

interface EvalArgs {
  file: string;
  json: boolean;
  only?: Set<string>;
  transcript?: string;
}

function parseArgs(argv: string[]): EvalArgs | 'help' {
  const files: string[] = [];
  let json = false;
  let only: Set<string> | undefined;
  let transcriptFile: string | undefined;
  const value = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--') || v.trim() === '') throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json') json = true;
    else if (arg === '--only') {
      only = new Set(
        value(i++, arg)
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      );
    } else if (arg === '--transcript') transcriptFile = value(i++, arg);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length > 1) throw new UsageError('give one file');
  const here = invocationDir('eval');
  const file = files[0] ? path.resolve(here, files[0]) : path.join(projectRoot(), DEFAULT_FILE);
  return {
    file,
    json,
    ...(only ? { only } : {}),
    ...(transcriptFile ? { transcript: path.resolve(here, transcriptFile) } : {}),
  };
}

function printMessages(report: EvalReport): void {
  const out: string[] = [];
  out.push(scoreTable('slice', report.by_slice), '', scoreTable('language', report.by_lang), '', scoreTable('topic', report.by_topic), '');
  out.push(`failures (${report.failures.length}):`);
  for (const f of report.failures) {
    const got = f.kind === 'clarify' ? `clarify [${f.suggestions.join(', ')}]` : `${f.kind} ${f.topic}`;
    out.push(`  ${f.id} [${f.slice}] expected ${f.expected_topic}/${f.expected_lang}, got ${got}/${f.lang}: ${f.text}`);
    out.push(`      ${f.reason}`);
  }
  out.push('');
  out.push(
    `overall: ${report.cases} cases, resolved ${pct(report.resolved).trim()}, helpful ${pct(report.helpful).trim()}, ` +
      `wrong ${pct(report.wrong).trim()}, language ${pct(report.lang_accuracy).trim()}`,
  );
  console.log(out.join('\n'));
}

function printConversations(results: ScriptResult[], report: ConversationReport): void {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${r.pass ? 'PASS' : 'FAIL'} ${r.id} (${r.turns.filter((t) => t.pass).length}/${r.turns.length} turns)`);
    for (const t of r.turns.filter((x) => !x.pass)) out.push(`    turn ${t.index} "${t.sent.slice(0, 70)}": ${t.problems.join('; ')}`);
  }
  const width = Math.max('language'.length, ...Object.keys(report.by_lang).map((k) => k.length)) + 2;
  out.push('', `${'language'.padEnd(width)}scripts  passed   turns  passed`);
  for (const [lang, c] of Object.entries(report.by_lang)) {
    out.push(`${lang.padEnd(width)}${[c.scripts, c.passed, c.turns, c.turns_passed].map((n) => String(n).padStart(7)).join(' ')}`);
  }
  out.push('', `overall: ${report.scripts} scripts, ${report.passed} passed; ${report.turns} turns, ${report.turns_passed} passed`);
  console.log(out.join('\n'));
}

async function main(argv: string[]): Promise<number> {
  let args: EvalArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch {
    console.error(`cannot read ${args.file}\n${USAGE}`);
    return 2;
  }
  const parsed = parseEvalFile(text, args.file);
  const only = args.only;
  const keep = (id: string) => !only || only.has(id);
  const ids = new Set(parsed.kind === 'messages' ? parsed.cases.map((c) => c.id) : parsed.scripts.map((s) => s.id));
  const unknown = [...(only ?? [])].filter((id) => !ids.has(id));
  if (unknown.length > 0)
    console.error(`--only: no ${parsed.kind === 'messages' ? 'case' : 'script'} with id ${unknown.join(', ')} in ${args.file}`);
  if (parsed.kind === 'messages') {
    if (args.transcript) {
      console.error(`--transcript is for conversation scripts; ${args.file} holds single messages\n${USAGE}`);
      return 2;
    }
    const brain = await loadBrain();
    const report = evaluate(
      brain.engine,
      parsed.cases.filter((c) => keep(c.id)),
    );
    if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else printMessages(report);
    return 0;
  }
  const brain = await loadBrain();
  const results = await playScripts(
    brain,
    parsed.scripts.filter((s) => keep(s.id)),
  );
  const report = conversationReport(results);
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else printConversations(results, report);
  if (args.transcript) {
    try {
      writeFileSync(args.transcript, transcript(results));
    } catch {
      console.error(`cannot write the transcript to ${args.transcript}`);
      return 1;
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Bad data (DataError, EvalFileError) names its file and line: the message is the whole story.
    console.error(err instanceof DataError || err instanceof EvalFileError ? err.message : err);
    process.exit(1);
  },
);
