import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadDotEnv } from '../config';
import { buildTeamsPackage } from '../manifest/package';
import { formatPackageProblem, PackageError } from '../manifest/types';
import { projectRoot } from '../paths';

const USAGE = `usage: npm run manifest:package [-- --out DIR] [--manifest DIR]
  --out DIR       folder for iom-morocco-assistant-teams.zip (default: dist/teams, created if missing)
  --manifest DIR  folder holding manifest.json, its icons and localization files (default: manifest/)
environment: MicrosoftAppId (the Azure Bot's app id, required) and TEAMS_APP_ID (default: the bot id), both GUIDs`;

const OPTIONS = ['out', 'manifest'] as const;
type OptionName = (typeof OPTIONS)[number];
type Args = Partial<Record<OptionName, string>>;

/** A problem with the command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

const isOption = (name: string): name is OptionName => (OPTIONS as readonly string[]).includes(name);

/** Parses `--name value` and `--name=value`; every option is optional, once. */
function parseArgs(argv: readonly string[]): Args | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const found: Args = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"`);
    const name = match[1] as string;
    if (!isOption(name)) throw new UsageError(`unknown option --${name}`);
    let value = match[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (found[name] !== undefined) throw new UsageError(`--${name} is given more than once`);
    if (value.trim() === '') throw new UsageError(`--${name} must not be empty`);
    found[name] = value;
  }
  return found;
}

/** npm runs scripts from the project folder; a relative path is meant from where `npm run` was typed. */
function baseDir(): string {
  const { INIT_CWD, npm_lifecycle_event } = process.env;
  return npm_lifecycle_event === 'manifest:package' && INIT_CWD ? INIT_CWD : process.cwd();
}

async function main(argv: readonly string[]): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`manifest:package: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (args === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const root = projectRoot();
  const outDir = args.out !== undefined ? path.resolve(baseDir(), args.out) : path.join(root, 'dist/teams');
  const manifestDir = args.manifest !== undefined ? path.resolve(baseDir(), args.manifest) : path.join(root, 'manifest');
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    process.stderr.write(`manifest:package: --out ${args.out ?? outDir} exists and is not a folder\n${USAGE}\n`);
    return 2;
  }

  loadDotEnv();
  try {
    const result = await buildTeamsPackage({ manifestDir, outDir, env: process.env });
    process.stdout.write(`manifest:package OK: wrote ${result.zipPath} (manifest ${result.manifestVersion}: ${result.entries.join(', ')})\n`);
    return 0;
  } catch (err) {
    if (err instanceof PackageError) {
      process.stderr.write(`manifest:package: no package written, ${err.problems.length} problem(s):\n`);
      for (const p of err.problems) process.stderr.write(`  - ${formatPackageProblem(p)}\n`);
      return 1;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`manifest:package: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
