import type { Lang } from '../kb/schema';

/** Where a tagged link leads: the bot's web page (or any web page), or a Telegram bot. */
export type LinkChannel = 'web' | 'telegram';

/** A link carrying its source tag, ready to be encoded in a QR code. */
export interface TaggedLink {
  /** The full link, with the tag in its query (what the QR code encodes and the poster shows). */
  url: string;
  /** The tag as given (it needs no escaping: letters, digits, "_" and "-"). */
  tag: string;
  /** The query parameter carrying the tag: `start` for Telegram (the only one it passes on), else `src`. */
  param: 'src' | 'start';
  channel: LinkChannel;
}

/** Error correction levels suited to printed codes: M (15 %) or Q (25 %). */
export type PrintErrorCorrection = 'M' | 'Q';

export interface QrRenderOptions {
  errorCorrectionLevel: PrintErrorCorrection;
  /** Quiet zone around the code, in modules (the standard asks for 4). */
  margin: number;
  /** Smallest width of the PNG in pixels; the scale is a whole number of pixels per module. */
  minPngWidth: number;
}

/** The same QR code as a PNG, a standalone SVG file, and an SVG element to inline in HTML. */
export interface QrImages {
  png: Buffer;
  pngWidth: number;
  svg: string;
  inlineSvg: string;
  /** Modules per side, quiet zone excluded. */
  modules: number;
  version: number;
}

/** The user-facing texts of the poster in one language (locale keys poster.*). */
export interface PosterTexts {
  title: string;
  callToAction: string;
  noApp: string;
  orOpen: string;
}

export type PosterTextsByLang = Record<Lang, PosterTexts>;

export interface PosterInput {
  link: string;
  /** The QR code as an inline <svg> element (trusted markup from render.ts). */
  qrSvg: string;
  texts: PosterTextsByLang;
}
