import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DataError } from './data-error';

/** Reads and parses a YAML (or JSON) file; a missing file or a syntax error names the file. */
export function readDataFile(file: string, displayName = file): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DataError([{ file: displayName, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? err})` }]);
  }
  try {
    return parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0] ?? String(err);
    throw new DataError([{ file: displayName, message: `is not valid YAML/JSON: ${message}` }]);
  }
}
