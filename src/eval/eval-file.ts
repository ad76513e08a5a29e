import { type EvalCase, EvalCaseSchema } from './evaluate';
import { EvalFileError, parseLine, readJsonLines } from './jsonl';
import { type ConversationScript, ConversationScriptSchema } from './script';

/** An evaluation file: labelled single messages, or conversation scripts (objects with "turns"). */
export type EvalFile = { kind: 'messages'; cases: EvalCase[] } | { kind: 'conversations'; scripts: ConversationScript[] };

const isScript = (value: unknown) => typeof value === 'object' && value !== null && 'turns' in value;

/** Parses a JSON-lines evaluation file; its first line decides the kind, and every line must be of that kind. */
export function parseEvalFile(text: string, file: string): EvalFile {
  const lines = readJsonLines(text, file);
  const first = lines[0];
  if (!first) throw new EvalFileError(`${file}: no cases or scripts in the file`);
  if (isScript(first.value))
    return { kind: 'conversations', scripts: lines.map((line) => parseLine(ConversationScriptSchema, line, file)) };
  return { kind: 'messages', cases: lines.map((line) => parseLine(EvalCaseSchema, line, file)) };
}
