import QRCode from 'qrcode';
import type { QrImages, QrRenderOptions } from './types';

export const PRINT_QR_OPTIONS: QrRenderOptions = { errorCorrectionLevel: 'Q', margin: 4, minPngWidth: 1200 };

/** The dark modules of one row as runs [start, length]. */
function darkRuns(row: number, size: number, get: (row: number, col: number) => number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let col = 0; col <= size; col++) {
    const dark = col < size && get(row, col) === 1;
    if (dark && start < 0) start = col;
    if (!dark && start >= 0) {
      runs.push([start, col - start]);
      start = -1;
    }
  }
  return runs;
}

/** The <svg> element of a QR code: one unit per module, quiet zone included, white background. */
function svgElement(code: QRCode.QRCode, margin: number, attributes: string): string {
  const { size } = code.modules;
  const side = size + 2 * margin;
  const path: string[] = [];
  for (let row = 0; row < size; row++) {
    for (const [col, length] of darkRuns(row, size, (r, c) => code.modules.get(r, c))) {
      path.push(`M${col + margin} ${row + margin}h${length}v1h-${length}z`);
    }
  }
  return (
    `<svg${attributes ? ` ${attributes}` : ''} viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path fill="#000" d="${path.join('')}"/>` +
    `</svg>`
  );
}

/**
 * Renders `text` as a QR code: a PNG at least `minPngWidth` pixels wide (a whole number of pixels
 * per module, so that every module prints the same size), a standalone SVG file and an SVG element
 * for inlining in HTML (no namespace URL, so the page references nothing outside itself).
 * `inlineAttributes` is trusted markup added to the inline element (role, aria-*).
 */
export async function renderQr(text: string, options: QrRenderOptions = PRINT_QR_OPTIONS, inlineAttributes = ''): Promise<QrImages> {
  const code = QRCode.create(text, { errorCorrectionLevel: options.errorCorrectionLevel });
  const side = code.modules.size + 2 * options.margin;
  const scale = Math.max(1, Math.ceil(options.minPngWidth / side));
  const png = await QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: options.errorCorrectionLevel,
    version: code.version,
    maskPattern: code.maskPattern,
    margin: options.margin,
    scale,
  });
  const svgSize = side * 10;
  return {
    png,
    pngWidth: side * scale,
    svg: `<?xml version="1.0" encoding="UTF-8"?>\n${svgElement(code, options.margin, `xmlns="http://www.w3.org/2000/svg" width="${svgSize}" height="${svgSize}"`)}\n`,
    inlineSvg: svgElement(code, options.margin, inlineAttributes.trim()),
    modules: code.modules.size,
    version: code.version,
  };
}
