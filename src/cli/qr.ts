import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../data/data-error';
import { loadLocales } from '../i18n/locales';
import { projectRoot } from '../paths';
import { LinkError, tagLink } from '../qr/link';
import { posterHtml, posterTexts, QR_SVG_ATTRIBUTES } from '../qr/poster';
import { PRINT_QR_OPTIONS, renderQr } from '../qr/render';

const USAGE = `usage: npm run qr -- --url URL --source TAG --out DIR
  --url URL     the bot's link, http:// or https:// (a Telegram link https://t.me/<bot> gets ?start=TAG)
  --source TAG  where the code is put up: 1 to 64 letters, digits, "_" or "-" (added to the link as src=TAG)
  --out DIR     folder for qr.png, qr.svg and poster.html (created if missing)`;

const OPTIONS = ['url', 'source', 'out'] as const;
type OptionName = (typeof OPTIONS)[number];
type Args = Record<OptionName, string>;

/** A problem with the command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

const isOption = (name: string): name is OptionName => (OPTIONS as readonly string[]).includes(name);

/** Parses `--name value` and `--name=value`; every option is required, once. */
function parseArgs(argv: readonly string[]): Args | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const found: Partial<Args> = {};
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
  const missing = OPTIONS.filter((o) => found[o] === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((o) => `--${o}`).join(', ')}`);
  return found as Args;
}

/** npm runs scripts from the project folder; a relative --out is meant from where `npm run qr` was typed. */
function baseDir(): string {
  const { INIT_CWD, npm_lifecycle_event } = process.env;
  return npm_lifecycle_event === 'qr' && INIT_CWD ? INIT_CWD : process.cwd();
}

async function main(argv: readonly string[]): Promise<number> {
  let args: Args | 'help';
  let link: ReturnType<typeof tagLink>;
  try {
    args = parseArgs(argv);
    if (args === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    link = tagLink(args.url, args.source);
  } catch (err) {
    if (err instanceof UsageError || err instanceof LinkError) {
      process.stderr.write(`qr: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }

  const out = path.resolve(baseDir(), args.out);
  if (existsSync(out) && !statSync(out).isDirectory()) {
    process.stderr.write(`qr: --out ${args.out} exists and is not a folder\n${USAGE}\n`);
    return 2;
  }

  const locales = loadLocales(path.join(projectRoot(), 'locales'));
  const images = await renderQr(link.url, PRINT_QR_OPTIONS, QR_SVG_ATTRIBUTES);
  const html = posterHtml({ link: link.url, qrSvg: images.inlineSvg, texts: posterTexts(locales) });

  mkdirSync(out, { recursive: true });
  const files: Array<[string, string | Buffer]> = [
    ['qr.png', images.png],
    ['qr.svg', images.svg],
    ['poster.html', html],
  ];
  for (const [name, content] of files) writeFileSync(path.join(out, name), content);

  process.stdout.write(
    `QR code for ${link.url} (${link.channel === 'telegram' ? 'Telegram, start' : 'src'}=${link.tag}; ` +
      `version ${images.version}, error correction ${PRINT_QR_OPTIONS.errorCorrectionLevel}, PNG ${images.pngWidth} px):\n` +
      files.map(([name]) => `  ${path.join(out, name)}\n`).join(''),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof DataError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`qr: ${message}\n`);
    process.exitCode = 1;
  },
);
