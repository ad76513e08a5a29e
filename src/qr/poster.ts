import type { Locales } from '../i18n/locales';
import { type Lang, LANGS } from '../kb/schema';
import type { PosterInput, PosterTexts, PosterTextsByLang } from './types';

/** Escapes a value for HTML text and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const POSTER_KEYS = ['title', 'callToAction', 'noApp', 'orOpen'] as const satisfies ReadonlyArray<keyof PosterTexts>;

/** The poster's texts in every language, from the locale files (keys poster.*). */
export function posterTexts(locales: Locales): PosterTextsByLang {
  const byLang = (lang: Lang): PosterTexts => {
    const t = locales.translator(lang);
    const entries = POSTER_KEYS.map((key) => [key, String(t(`poster.${key}`))] as const);
    return Object.fromEntries(entries) as Record<(typeof POSTER_KEYS)[number], string>;
  };
  return Object.fromEntries(LANGS.map((lang) => [lang, byLang(lang)])) as PosterTextsByLang;
}

/** Order of the languages on the poster: French first (the common language in Morocco), then Arabic, then English. */
const POSTER_ORDER: readonly Lang[] = ['fr', 'ar', 'en'];

/** Attributes for the inline QR code element: an image named by the link written under it. */
export const QR_SVG_ATTRIBUTES = 'role="img" aria-labelledby="qr-link"';

const langAttributes = (lang: Lang) => (lang === 'ar' ? 'lang="ar" dir="rtl"' : `lang="${lang}" dir="ltr"`);

/** Local fonts only: nothing is downloaded. */
const CSS = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #111; }
body { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, Helvetica, sans-serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.poster { width: 186mm; min-height: 270mm; margin: 0 auto; padding: 4mm 0; display: flex; flex-direction: column; align-items: center; gap: 6mm; }
.titles { text-align: center; }
.titles h1 { font-size: 24pt; margin: 0 0 2mm; line-height: 1.2; }
.titles p { font-size: 17pt; font-weight: bold; margin: 0 0 2mm; line-height: 1.3; }
[lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", "Segoe UI", Tahoma, "Arabic Typesetting", sans-serif; }
.code { margin: 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
.code svg { display: block; width: 110mm; height: 110mm; margin: 0 auto; }
.code figcaption { margin-top: 3mm; }
.or { font-size: 11pt; margin: 0 0 1mm; }
.link { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; font-size: 12pt; font-weight: bold; margin: 0; overflow-wrap: anywhere; word-break: break-all; }
.link a { color: inherit; text-decoration: none; }
.langs { display: flex; gap: 5mm; width: 100%; }
.lang { flex: 1 1 0; border-top: 1.5mm solid #0033a0; padding-top: 3mm; font-size: 12pt; line-height: 1.4; }
.lang p { margin: 0 0 2mm; }
.lang .privacy { font-size: 10.5pt; color: #333; }
/* Arabic letters look smaller than Latin ones at the same size. */
.titles p[lang="ar"] { font-size: 19pt; }
.or [lang="ar"] { font-size: 12.5pt; }
.lang[lang="ar"] { font-size: 13.5pt; }
.lang[lang="ar"] .privacy { font-size: 12pt; }
@media screen { body { background: #eee; } .poster { background: #fff; padding: 12mm; margin: 8mm auto; box-shadow: 0 0 4mm #aaa; } }
`;

/**
 * A printable A4 poster: the titles, the QR code (inline SVG), the link written out under it, and
 * in each language the call to action and the privacy line. Self-contained: no script, no font,
 * no image or style sheet from elsewhere (a Content-Security-Policy forbids any).
 */
export function posterHtml({ link, qrSvg, texts }: PosterInput): string {
  const fr = texts.fr;
  const titles = POSTER_ORDER.map((lang, i) =>
    i === 0
      ? `<h1 ${langAttributes(lang)}>${escapeHtml(texts[lang].title)}</h1>`
      : `<p ${langAttributes(lang)}>${escapeHtml(texts[lang].title)}</p>`,
  ).join('\n    ');
  const orOpen = POSTER_ORDER.map((lang) => `<span ${langAttributes(lang)}>${escapeHtml(texts[lang].orOpen)}</span>`).join(' · ');
  const blocks = POSTER_ORDER.map(
    (lang) => `<section class="lang" ${langAttributes(lang)}>
      <p class="cta">${escapeHtml(texts[lang].callToAction)}</p>
      <p class="privacy">${escapeHtml(texts[lang].noApp)}</p>
    </section>`,
  ).join('\n    ');
  return `<!DOCTYPE html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(fr.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main class="poster">
  <header class="titles">
    ${titles}
  </header>
  <figure class="code">
    ${qrSvg}
    <figcaption>
      <p class="or">${orOpen}</p>
      <p class="link" id="qr-link" dir="ltr"><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
    </figcaption>
  </figure>
  <div class="langs">
    ${blocks}
  </div>
</main>
</body>
</html>
`;
}
