import { PNG } from 'pngjs';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE } from './icons';
import type { PackageProblem } from './types';

/** Which Teams icon a file is: `color` (192x192, opaque) or `outline` (32x32, white on transparent). */
export type IconKind = 'color' | 'outline';

export const ICON_SIZES: Record<IconKind, number> = { color: COLOR_ICON_SIZE, outline: OUTLINE_ICON_SIZE };

/** Pixels that break the outline rule: neither fully transparent nor white. */
export function nonWhitePixels(png: PNG): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
    if (a !== 0 && !(r === 255 && g === 255 && b === 255)) count++;
  }
  return count;
}

/** Pixels that are not fully opaque. */
export function transparentPixels(png: PNG): number {
  let count = 0;
  for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) count++;
  return count;
}

/** Pixels that show at all (alpha above 0). */
export function visiblePixels(png: PNG): number {
  let count = 0;
  for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 0) count++;
  return count;
}

/** Checks one icon file against Teams' rules; returns its problems (none when it is fine). */
export function checkIcon(data: Buffer, file: string, kind: IconKind): PackageProblem[] {
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch (err) {
    return [{ where: file, message: `is not a readable PNG file (${(err as Error).message})` }];
  }
  const size = ICON_SIZES[kind];
  if (png.width !== size || png.height !== size) {
    return [{ where: file, message: `the ${kind} icon must be ${size}x${size} pixels, it is ${png.width}x${png.height}` }];
  }
  const problems: PackageProblem[] = [];
  if (kind === 'color') {
    const transparent = transparentPixels(png);
    if (transparent > 0) problems.push({ where: file, message: `the color icon must be opaque: ${transparent} pixel(s) are transparent` });
  } else {
    const coloured = nonWhitePixels(png);
    if (coloured > 0)
      problems.push({ where: file, message: `the outline icon must be white on transparent: ${coloured} pixel(s) are neither` });
    if (visiblePixels(png) === 0) problems.push({ where: file, message: 'the outline icon is empty (fully transparent)' });
    else if (transparentPixels(png) === 0) problems.push({ where: file, message: 'the outline icon must have a transparent background' });
  }
  return problems;
}
