import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type restify from 'restify';
import { callableNumbers } from '../bot/phone-links';
import type { Locales } from '../i18n/locales';
import type { ContactChannels } from '../kb/contact-channels';
import { LANGS } from '../kb/schema';
import { projectRoot } from '../paths';

/** A file of the page, ready to serve: its bytes, gzipped bytes and content type. */
interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
}

/** Headers every page response carries: no third-party anything, no framing, no sniffing. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script> element: no "<" so that no "</script>" can close it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function asset(body: Buffer | string, type: string): Asset {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return { body: bytes, gzip: gzipSync(bytes, { level: 9 }), type };
}

/**
 * The page's files: index.html (with the UI texts of the three languages and the numbers it may make
 * tappable inlined), app.js, style.css.
 */
export function buildWebAssets(locales: Locales, contact: Pick<ContactChannels, 'phone' | 'emergency'>): Map<string, Asset> {
  const dir = path.join(projectRoot(), 'src', 'web');
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  const strings = Object.fromEntries(
    LANGS.map((l) => [l, { ...locales.files[l].webchat, languageName: locales.files[l].meta.languageName }]),
  );
  const fr = strings.fr as Record<string, string>;
  const html = read('index.html')
    .replace('{{strings}}', scriptJson(strings))
    .replace('{{phones}}', scriptJson(callableNumbers(contact)))
    .replace(/\{\{(\w+)\}\}/g, (_m, key: string) => escapeHtml(fr[key] ?? ''));
  return new Map([
    ['/', asset(html, 'text/html; charset=utf-8')],
    ['/static/app.js', asset(read('app.js'), 'text/javascript; charset=utf-8')],
    ['/static/style.css', asset(read('style.css'), 'text/css; charset=utf-8')],
  ]);
}

/** Serves the web chat page at / and its assets under /static/, gzipped when the browser accepts it. */
export function mountWebPage(server: restify.Server, assets: Map<string, Asset>): void {
  const serve = (key: string, cache: string) => async (req: restify.Request, res: restify.Response) => {
    const a = assets.get(key);
    if (!a) {
      res.status(404);
      res.json({ error: 'not found' });
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? a.gzip : a.body;
    const headers: Record<string, string | number> = {
      ...SECURITY_HEADERS,
      'Content-Type': a.type,
      'Content-Length': body.length,
      'Cache-Control': cache,
      Vary: 'Accept-Encoding',
    };
    if (gzip) headers['Content-Encoding'] = 'gzip';
    res.writeHead(200, headers);
    // HEAD (a load balancer's check): the same headers, no body.
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  for (const [route, cache] of [
    ['/', 'no-cache'],
    ['/static/app.js', 'public, max-age=3600'],
    ['/static/style.css', 'public, max-age=3600'],
  ] as const) {
    server.get(route, serve(route, cache));
    server.head(route, serve(route, cache));
  }
}

/** Bytes of the first load (HTML, CSS, JS), plain and gzipped. */
export function pageWeight(assets: Map<string, Asset>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const a of assets.values()) {
    raw += a.body.length;
    gzip += a.gzip.length;
  }
  return { raw, gzip };
}
