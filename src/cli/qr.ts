import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../data/data-error';
import { loadLocales } from '../i18n/locales';
import { projectRoot } from '../paths';
import { invocationDir, parseOptions, UsageError } from './options';
import { LinkError, tagLink } from '../qr/link';
import { posterHtml, posterTexts, QR_SVG_ATTRIBUTES } from '../qr/poster';
import { PRINT_QR_OPTIONS, renderQr } from '../qr/render';

const USAGE = `usage: npm run qr -- --url URL --source TAG --out DIR
  --url URL     the bot's link, http:// or https:// (a Telegram link https://t.me/<bot> gets ?start=TAG)
  --source TAG  where the code is put up: 1 to 64 letters, digits, "_" or "-" (added to the link as src=TAG)
  --out DIR     folder for qr.png, qr.svg and poster.html (created if missing)`;

const OPTIONS = ['url', 'source', 'out'] as const;
type Args = Record<(typeof OPTIONS)[number], string>;

/** Every option is required, once. */
function parseArgs(argv: readonly string[]): Args | 'help' {
  const found = parseOptions(argv, OPTIONS);
  if (found === 'help') return found;
  const missing = OPTIONS.filter((o) => found[o] === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((o) => `--${o}`).join(', ')}`);
  return found as Args;
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

  const out = path.resolve(invocationDir('qr'), args.out);
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
