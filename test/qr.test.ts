import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { LinkError, tagLink } from '../src/qr/link';
import { escapeHtml, posterHtml } from '../src/qr/poster';
import { PRINT_QR_OPTIONS, renderQr } from '../src/qr/render';
import type { PosterTexts, PosterTextsByLang } from '../src/qr/types';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const LANGS = ['fr', 'ar', 'en'] as const;

// Each CLI run starts tsx (about a second; more on a busy machine).
jest.setTimeout(30_000);

function qrCli(...args: string[]) {
  return spawnSync(process.execPath, [TSX, path.join(ROOT, 'src/cli/qr.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** The text a PNG's QR code holds, or null when none can be read. */
function decodePng(bytes: Buffer): { text: string | null; width: number; png: PNG } {
  const png = PNG.sync.read(bytes);
  const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return { text: jsQR(pixels, png.width, png.height)?.data ?? null, width: png.width, png };
}

function localeTexts(lang: (typeof LANGS)[number]): PosterTexts {
  const file = JSON.parse(readFileSync(path.join(ROOT, 'locales', `${lang}.json`), 'utf8')) as { poster: PosterTexts };
  return file.poster;
}

/** The HTML with its character references decoded (the poster writes "&" in the link as &#38;). */
const decodeEntities = (html: string) =>
  html.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');

describe('tagLink: adding the source tag to a link', () => {
  it('adds src=TAG to a web link without a query', () => {
    expect(tagLink('https://bot.example.org/', 'rabat-office')).toEqual({
      url: 'https://bot.example.org/?src=rabat-office',
      tag: 'rabat-office',
      param: 'src',
      channel: 'web',
    });
  });

  it('keeps the existing query parameters as they are and appends src', () => {
    expect(tagLink('https://bot.example.org/chat?lang=ar&q=a%20b#top', 'oujda_2').url).toBe(
      'https://bot.example.org/chat?lang=ar&q=a%20b&src=oujda_2#top',
    );
  });

  it('replaces an src already in the link instead of adding a second one', () => {
    expect(tagLink('http://bot.example.org/?src=old&lang=fr', 'new').url).toBe('http://bot.example.org/?lang=fr&src=new');
  });

  it('uses ?start=TAG for a Telegram bot link, the only parameter Telegram passes to the bot', () => {
    expect(tagLink('https://t.me/IomMoroccoBot', 'fes')).toMatchObject({
      url: 'https://t.me/IomMoroccoBot?start=fes',
      param: 'start',
      channel: 'telegram',
    });
  });

  it('replaces the start parameter of a Telegram deep link', () => {
    expect(tagLink('https://t.me/IomMoroccoBot?start=old', 'fes').url).toBe('https://t.me/IomMoroccoBot?start=fes');
  });

  it.each([
    ['an empty tag', ''],
    ['a tag with a space', 'a b'],
    ['a tag with a query character', 'x&y=1'],
    ['a tag with non-ASCII letters', 'café'],
    ['a tag longer than 64 characters', 'a'.repeat(65)],
  ])('refuses %s', (_name, tag) => {
    expect(() => tagLink('https://bot.example.org/', tag)).toThrow(LinkError);
    expect(() => tagLink('https://bot.example.org/', tag)).toThrow(/source tag/);
  });

  it('accepts a tag of exactly 64 characters', () => {
    expect(tagLink('https://bot.example.org/', 'a'.repeat(64)).tag).toHaveLength(64);
  });

  it.each([
    ['an ftp link', 'ftp://bot.example.org/'],
    ['a javascript: link', 'javascript:alert(1)'],
    ['a Telegram tg: link', 'tg://resolve?domain=IomMoroccoBot'],
    ['a bare host name', 'bot.example.org'],
    ['a link with a password', 'https://user:secret@bot.example.org/'],
  ])('refuses %s', (_name, url) => {
    let error: unknown;
    try {
      tagLink(url, 'tag');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LinkError);
    expect((error as LinkError).field).toBe('url');
  });
});

describe('renderQr', () => {
  it('prints with error correction M or Q, a 4-module quiet zone and a PNG at least 600 px wide', () => {
    expect(['M', 'Q']).toContain(PRINT_QR_OPTIONS.errorCorrectionLevel);
    expect(PRINT_QR_OPTIONS.margin).toBeGreaterThanOrEqual(4);
    expect(PRINT_QR_OPTIONS.minPngWidth).toBeGreaterThanOrEqual(600);
  });

  // PNG encoding is slow inside jest's sandbox: a small image here; the CLI tests check the full-size one.
  it('makes a PNG at least minPngWidth wide, a whole number of pixels per module, with a white quiet zone, that decodes to the text', async () => {
    const text = 'https://bot.example.org/?src=test';
    const images = await renderQr(text, { ...PRINT_QR_OPTIONS, minPngWidth: 150 });
    const { text: decoded, width, png } = decodePng(images.png);
    expect(decoded).toBe(text);
    expect(width).toBeGreaterThanOrEqual(150);
    expect(width).toBe(images.pngWidth);
    const scale = width / (images.modules + 8);
    expect(Number.isInteger(scale)).toBe(true);
    // The 4-module border is white all round.
    const border = 4 * scale;
    let dark = 0;
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const inside = x >= border && x < png.width - border && y >= border && y < png.height - border;
        if (!inside && png.data[(y * png.width + x) * 4] !== 255) dark++;
      }
    }
    expect(dark).toBe(0);
  });

  it('makes a standalone SVG file and an inline SVG element that references no URL', async () => {
    const images = await renderQr('https://bot.example.org/', { ...PRINT_QR_OPTIONS, minPngWidth: 1 }, 'role="img"');
    expect(images.svg).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 (\d+) \1"/);
    expect(images.inlineSvg).toMatch(/^<svg role="img" viewBox=/);
    expect(images.inlineSvg).not.toMatch(/xmlns|https?:/);
  });
});

describe('posterHtml', () => {
  it('escapes every interpolated text and the link', () => {
    const hostile: PosterTexts = { title: '<b>T</b>', callToAction: 'a & "b"', noApp: "it's", orOpen: '<script>x</script>' };
    const texts: PosterTextsByLang = { fr: hostile, ar: hostile, en: hostile };
    const html = posterHtml({ link: 'https://x.example/?a=1&b="2"', qrSvg: '<svg></svg>', texts });
    expect(html).not.toContain('<b>T</b>');
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml('a & "b"'));
    expect(html).toContain('href="https://x.example/?a=1&#38;b=&#34;2&#34;"');
  });
});

describe('npm run qr', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'qr-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('for a web link with a query', () => {
    const url = 'https://bot.example.org/chat?lang=fr';
    const expected = 'https://bot.example.org/chat?lang=fr&src=poster-rabat_01';
    let out: string;
    let result: ReturnType<typeof qrCli>;
    beforeAll(() => {
      out = path.join(dir, 'new', 'folder');
      result = qrCli('--url', url, '--source', 'poster-rabat_01', '--out', out);
    });

    it('creates the output folder and writes qr.png, qr.svg and poster.html, naming them', () => {
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      for (const name of ['qr.png', 'qr.svg', 'poster.html']) {
        expect(existsSync(path.join(out, name))).toBe(true);
        expect(result.stdout).toContain(path.join(out, name));
      }
    });

    it('writes a PNG that decodes to exactly the link with the source tag', () => {
      const { text, width } = decodePng(readFileSync(path.join(out, 'qr.png')));
      expect(text).toBe(expected);
      expect(width).toBeGreaterThanOrEqual(600);
    });

    it('writes an SVG document', () => {
      const svg = readFileSync(path.join(out, 'qr.svg'), 'utf8');
      expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg.trim()).toMatch(/<\/svg>$/);
    });

    describe('poster.html', () => {
      let html: string;
      beforeAll(() => {
        html = readFileSync(path.join(out, 'poster.html'), 'utf8');
      });

      it('is an A4 page with the QR code inline', () => {
        expect(html).toMatch(/^<!DOCTYPE html>/);
        expect(html).toMatch(/@page\s*\{[^}]*size:\s*A4/);
        expect(html).toMatch(/<svg [^>]*viewBox=/);
      });

      it.each(LANGS)('holds the %s texts of the locale file', (lang) => {
        const texts = localeTexts(lang);
        for (const key of ['title', 'callToAction', 'noApp', 'orOpen'] as const) {
          expect(html).toContain(escapeHtml(texts[key]));
        }
      });

      it('puts every Arabic text inside an element marked lang="ar" dir="rtl"', () => {
        const rtlParts = [...html.matchAll(/<(\w+)\b[^>]*\blang="ar"[^>]*\bdir="rtl"[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2] ?? '');
        const ar = localeTexts('ar');
        for (const text of [ar.title, ar.callToAction, ar.noApp, ar.orOpen]) {
          expect(rtlParts.some((part) => part.includes(escapeHtml(text)))).toBe(true);
        }
        // And no Arabic letter outside them.
        const rest = rtlParts.reduce((h, part) => h.replace(part, ''), html);
        expect(rest).not.toMatch(/[\u0600-\u06ff]/);
      });

      it('writes the link out under the code', () => {
        const decoded = decodeEntities(html);
        expect(decoded.indexOf(`>${expected}</a>`)).toBeGreaterThan(decoded.indexOf('</svg>'));
      });

      it('references nothing outside itself: no http(s) address but the target link, no script, font or image file', () => {
        const addresses = decodeEntities(html).match(/https?:\/\/[^\s"'<>]*/gi) ?? [];
        expect(addresses.length).toBeGreaterThan(0);
        expect(new Set(addresses)).toEqual(new Set([expected]));
        expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import|@font-face|url\(|\ssrc=/i);
        // No protocol-relative address either ("//host/...").
        expect(decodeEntities(html).split(expected).join('')).not.toMatch(/\/\/[a-z0-9]/i);
      });
    });
  });

  it('puts the tag in ?start= for a Telegram bot link', () => {
    const out = path.join(dir, 'telegram');
    const r = qrCli('--url', 'https://t.me/IomMoroccoBot', '--source', 'casa', '--out', out);
    expect(r.status).toBe(0);
    expect(decodePng(readFileSync(path.join(out, 'qr.png'))).text).toBe('https://t.me/IomMoroccoBot?start=casa');
  });

  it.each([
    ['no argument at all', [], /missing --url, --source, --out/],
    ['a missing --source', ['--url', 'https://bot.example.org/', '--out', 'OUT'], /missing --source/],
    ['an option without its value', ['--url', 'https://bot.example.org/', '--source', '--out', 'OUT'], /--source needs a value/],
    ['a source tag with a space', ['--url', 'https://bot.example.org/', '--source', 'bus stop', '--out', 'OUT'], /source tag "bus stop"/],
    ['a non-http URL', ['--url', 'ftp://bot.example.org/', '--source', 'x', '--out', 'OUT'], /http:\/\/ or https:\/\//],
    [
      'an unknown option',
      ['--url', 'https://bot.example.org/', '--source', 'x', '--out', 'OUT', '--color', 'red'],
      /unknown option --color/,
    ],
    [
      'an option given twice',
      ['--url', 'https://a.example/', '--url', 'https://b.example/', '--source', 'x', '--out', 'OUT'],
      /--url is given more than once/,
    ],
  ])('exits 2 with a usage message naming the problem for %s, writing nothing', (_name, args, problem) => {
    const out = path.join(dir, 'bad-args');
    const r = qrCli(...args.map((a) => (a === 'OUT' ? out : a)));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(problem);
    expect(r.stderr).toMatch(/usage: npm run qr -- --url URL --source TAG --out DIR/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 when --out is an existing file', () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = qrCli('--url', 'https://bot.example.org/', '--source', 'x', '--out', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
