import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project folder: the nearest parent of this file holding package.json and knowledge/ (from src/ or dist/src/). */
export function projectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'knowledge'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the project folder above ${start}`);
    dir = parent;
  }
}
