/**
 * Compiles bench/echo-bot.ts to plain JavaScript in a temporary folder, so that the echo bot runs on
 * bare node like the real bot (no tsx loader inflating its memory and start-up time).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

export interface CompiledEcho {
  /** The JavaScript file to run with node. */
  file: string;
  /** Where its imports resolve from (NODE_PATH for the child). */
  nodePath: string;
  remove(): void;
}

export function compileEchoBot(root: string): CompiledEcho {
  const source = readFileSync(path.join(root, 'bench', 'echo-bot.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: 'echo-bot.ts',
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iom-bench-echo-'));
  const file = path.join(dir, 'echo-bot.js');
  writeFileSync(file, outputText);
  return { file, nodePath: path.join(root, 'node_modules'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
