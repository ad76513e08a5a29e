/**
 * The node options `npm start` gives the bot (garbage collector and heap sizing), read from
 * package.json's start script, so that the benches run the code the way the bot runs: bench/http.ts
 * starts the bot and the echo bot with them, bench/nlu.ts runs itself under them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** package.json's start script must read "... node [--option ...] dist/src/main.js". */
export function startOptions(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const match = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/src\/main\.js\b/.exec(pkg.scripts?.start ?? '');
  if (!match) throw new Error('package.json: the start script does not run "node [options] dist/src/main.js"');
  return (match[1] ?? '').split(/\s+/).filter(Boolean);
}

/**
 * Runs this script again under the start script's node options when the current process lacks one
 * of them (some, like --single-threaded-gc, cannot be given through NODE_OPTIONS), and returns its
 * exit code; undefined when the process already has them all (then the caller measures).
 * The node options of the current process (tsx's loader) are kept, before the start script's.
 */
export function rerunWithStartOptions(root: string): number | undefined {
  const wanted = startOptions(root);
  const missing = wanted.filter((option) => !process.execArgv.includes(option));
  if (missing.length === 0) return undefined;
  const script = process.argv[1];
  if (script === undefined) throw new Error('cannot tell which script runs: process.argv[1] is missing');
  const child = spawnSync(process.execPath, [...process.execArgv, ...wanted, script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.error) throw child.error;
  return child.status ?? 1;
}
