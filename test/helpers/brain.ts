import { type Brain, loadBrain } from '../../src/app';

let shared: Promise<Brain> | undefined;

/** The real knowledge base, locales and engine, loaded once per test file. */
export function sharedBrain(): Promise<Brain> {
  shared ??= loadBrain();
  return shared;
}
