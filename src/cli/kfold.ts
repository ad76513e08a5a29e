/**
 * npm run eval:kfold [-- --k 5] [--typos | --situations] [--json] [--knowledge DIR] [--locales DIR]
 *
 * k-fold evaluation by entry (src/eval/kfold.ts): every fold leaves out about 1/k of each entry's
 * question variants per language, builds the engine without them and asks them. --typos asks them
 * with one typo each (the same every run): how well misspellings are matched. --situations does the
 * same with the situations people describe (knowledge/situations/), and asks every situation of the
 * out-of-scope subjects, expecting "none": how well descriptions nobody indexed are understood.
 */
import path from 'node:path';
import { DataError } from '../data/data-error';
import type { EvalReport } from '../eval/evaluate';
import { DEFAULT_FOLDS, type KfoldReport, loadEngineParts, runKfold, runSituationKfold } from '../eval/kfold';
import { projectRoot } from '../paths';
import { invocationDir, parseOptions, UsageError } from './options';
import { pct, scoreTable } from '../eval/score-table';

const USAGE = 'usage: npm run eval:kfold -- [--k N] [--typos | --situations] [--json] [--knowledge DIR] [--locales DIR]';

function printSituations(report: EvalReport, k: number): void {
  console.log(
    [
      scoreTable('kind', report.by_slice),
      '',
      scoreTable('topic', report.by_topic),
      '',
      `${k}-fold of the situations by entry, and the out-of-scope subjects' situations: ${report.cases} held-out descriptions, ` +
        `resolved ${pct(report.resolved).trim()}, helpful ${pct(report.helpful).trim()}, wrong ${pct(report.wrong).trim()} ` +
        `(${report.failures.length} failures: --json lists them)`,
    ].join('\n'),
  );
}

function printText(report: KfoldReport): void {
  console.log(
    [
      scoreTable('fold', report.by_slice),
      '',
      scoreTable('language', report.by_lang),
      '',
      scoreTable('topic', report.by_topic),
      '',
      `${report.k}-fold by entry${report.typos ? ', one typo per question' : ''}: ${report.cases} held-out questions, resolved ${pct(report.resolved).trim()}, ` +
        `helpful ${pct(report.helpful).trim()}, wrong ${pct(report.wrong).trim()}, language ${pct(report.lang_accuracy).trim()} ` +
        `(${report.failures.length} failures: --json lists them)`,
    ].join('\n'),
  );
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const typos = argv.includes('--typos');
  const situations = argv.includes('--situations');
  let options;
  try {
    options = parseOptions(
      argv.filter((a) => a !== '--json' && a !== '--typos' && a !== '--situations'),
      ['k', 'knowledge', 'locales'] as const,
    );
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const k = options.k === undefined ? DEFAULT_FOLDS : Number(options.k);
  if (!Number.isInteger(k) || k < 2) {
    console.error(`--k must be an integer of at least 2\n${USAGE}`);
    return 2;
  }
  const root = projectRoot();
  const from = invocationDir('eval:kfold');
  const knowledgeDir = options.knowledge === undefined ? path.join(root, 'knowledge') : path.resolve(from, options.knowledge);
  const localesDir = options.locales === undefined ? path.join(root, 'locales') : path.resolve(from, options.locales);
  if (typos && situations) {
    console.error(`--typos and --situations are two different runs\n${USAGE}`);
    return 2;
  }
  const parts = await loadEngineParts(knowledgeDir, localesDir);
  if (situations) {
    const report = runSituationKfold(parts, k);
    if (json) process.stdout.write(JSON.stringify({ k, ...report }) + '\n');
    else printSituations(report, k);
    return 0;
  }
  const report = runKfold(parts, k, { typos });
  if (json) process.stdout.write(JSON.stringify(report) + '\n');
  else printText(report);
  return 0;
}

// exitCode, not exit(): a piped --json report is written asynchronously and must not be cut short.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof DataError ? err.message : err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
