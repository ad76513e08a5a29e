/**
 * Draws the Teams app icons: a rounded speech bubble with three dots.
 * - color.png, 192x192, opaque: a white bubble on IOM blue (#0033A0);
 * - outline.png, 32x32: the white bubble on a transparent background (only white and transparent pixels).
 * Run once to (re)write manifest/color.png and manifest/outline.png: `npx tsx src/manifest/icons.ts [DIR]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { projectRoot } from '../paths';

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

export const IOM_BLUE: Rgb = { r: 0x00, g: 0x33, b: 0xa0 };
export const WHITE: Rgb = { r: 255, g: 255, b: 255 };
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Where the bubble's unit box is drawn in the image: its top-left corner and side, in pixels. */
interface Placement {
  readonly x0: number;
  readonly y0: number;
  readonly side: number;
}

/** The bubble's height in its unit box (body and tail); it is 1 wide. */
const BUBBLE_HEIGHT = 0.94;
const BODY = { bottom: 0.72, radius: 0.24 };
const TAIL: ReadonlyArray<readonly [number, number]> = [
  [0.18, 0.6],
  [0.46, 0.6],
  [0.14, BUBBLE_HEIGHT],
];
const DOTS = { y: 0.36, xs: [0.27, 0.5, 0.73], radius: 0.08 };

function inRoundedBody(x: number, y: number): boolean {
  const { bottom, radius } = BODY;
  if (x < 0 || x > 1 || y < 0 || y > bottom) return false;
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inTail(x: number, y: number): boolean {
  const [a, b, c] = TAIL as [readonly [number, number], readonly [number, number], readonly [number, number]];
  const side = (p: readonly [number, number], q: readonly [number, number]) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

function inDot(x: number, y: number): boolean {
  return DOTS.xs.some((dx) => (x - dx) ** 2 + (y - DOTS.y) ** 2 <= DOTS.radius ** 2);
}

/** True inside the bubble (unit box coordinates): body or tail, minus the three dots. */
export function inBubble(x: number, y: number): boolean {
  return (inRoundedBody(x, y) || inTail(x, y)) && !inDot(x, y);
}

/** The bubble centred in a square image of `size` pixels, `scale` of its width. */
function centred(size: number, scale: number): Placement {
  const side = size * scale;
  return { x0: (size - side) / 2, y0: (size - side * BUBBLE_HEIGHT) / 2, side };
}

const SUBSAMPLES = 4;

/** The fraction of pixel (px, py) the bubble covers, from SUBSAMPLES² samples (anti-aliasing). */
function coverage(place: Placement, px: number, py: number): number {
  let inside = 0;
  for (let i = 0; i < SUBSAMPLES; i++) {
    for (let j = 0; j < SUBSAMPLES; j++) {
      const x = (px + (i + 0.5) / SUBSAMPLES - place.x0) / place.side;
      const y = (py + (j + 0.5) / SUBSAMPLES - place.y0) / place.side;
      if (inBubble(x, y)) inside++;
    }
  }
  return inside / SUBSAMPLES ** 2;
}

function draw(size: number, place: Placement, pixel: (c: number) => readonly [number, number, number, number]): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const [r, g, b, a] = pixel(coverage(place, px, py));
      const at = (py * size + px) * 4;
      png.data[at] = r;
      png.data[at + 1] = g;
      png.data[at + 2] = b;
      png.data[at + 3] = a;
    }
  }
  return png;
}

const mix = (from: number, to: number, c: number) => Math.round(from + (to - from) * c);

/** color.png: a white bubble, blue dots, on an opaque IOM blue square. */
export function drawColorIcon(): PNG {
  return draw(COLOR_ICON_SIZE, centred(COLOR_ICON_SIZE, 0.6), (c) => [
    mix(IOM_BLUE.r, WHITE.r, c),
    mix(IOM_BLUE.g, WHITE.g, c),
    mix(IOM_BLUE.b, WHITE.b, c),
    255,
  ]);
}

/** outline.png: the white bubble on transparent; edges are white with partial alpha. */
export function drawOutlineIcon(): PNG {
  return draw(OUTLINE_ICON_SIZE, centred(OUTLINE_ICON_SIZE, 0.875), (c) => {
    const alpha = Math.round(255 * c);
    return alpha === 0 ? [0, 0, 0, 0] : [255, 255, 255, alpha];
  });
}

/** Both icons as PNG files: color.png as RGB (no alpha channel: opaque by construction), outline.png as RGBA. */
export function iconFiles(): { 'color.png': Buffer; 'outline.png': Buffer } {
  return {
    'color.png': PNG.sync.write(drawColorIcon(), { colorType: 2 }),
    'outline.png': PNG.sync.write(drawOutlineIcon(), { colorType: 6 }),
  };
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.join(projectRoot(), 'manifest'));
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of Object.entries(iconFiles())) {
    writeFileSync(path.join(dir, name), data);
    console.log(`wrote ${path.join(dir, name)}`);
  }
}
