import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadDotEnv } from '../config';
import { buildTeamsPackage } from '../manifest/package';
import { formatPackageProblem, PackageError } from '../manifest/types';
import { projectRoot } from '../paths';
import { invocationDir, parseOptions, UsageError } from './options';

const USAGE = `usage: npm run manifest:package [-- --out DIR] [--manifest DIR]
  --out DIR       folder for iom-morocco-assistant-teams.zip (default: dist/teams, created if missing)
  --manifest DIR  folder holding manifest.json, its icons and localization files (default: manifest/)
environment: MicrosoftAppId (the Azure Bot's app id, required) and TEAMS_APP_ID (default: the bot id), both GUIDs`;

const OPTIONS = ['out', 'manifest'] as const;
type Args = Partial<Record<(typeof OPTIONS)[number], string>>;

function parseArgs(argv: readonly string[]): Args | 'help' {
  return parseOptions(argv, OPTIONS);
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
  const outDir = args.out !== undefined ? path.resolve(invocationDir('manifest:package'), args.out) : path.join(root, 'dist/teams');
  const manifestDir =
    args.manifest !== undefined ? path.resolve(invocationDir('manifest:package'), args.manifest) : path.join(root, 'manifest');
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    process.stderr.write(`manifest:package: --out ${args.out ?? outDir} exists and is not a folder\n${USAGE}\n`);
    return 2;
  }

  loadDotEnv();
  try {
    const result = await buildTeamsPackage({ manifestDir, outDir, env: process.env });
    process.stdout.write(
      `manifest:package OK: wrote ${result.zipPath} (manifest ${result.manifestVersion}: ${result.entries.join(', ')})\n`,
    );
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
