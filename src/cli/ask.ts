import { loadBrain } from '../app';
import { DataError } from '../data/data-error';
import { renderDecision, replyAsText } from '../reply/render';

const USAGE = 'usage: npm run ask -- [--json] "message"';

/** Prints the reply the bot would give to one message, or (--json) the decision. */
async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  if (rest.length === 0 || rest.some((a) => a.startsWith('--'))) {
    console.error(USAGE);
    return 2;
  }
  const message = rest.join(' ');
  const brain = await loadBrain();
  const decision = brain.engine.understand(message);
  if (json) {
    process.stdout.write(JSON.stringify(decision) + '\n');
  } else {
    process.stdout.write(replyAsText(brain, renderDecision(brain, decision)) + '\n');
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof DataError ? err.message : err);
    process.exit(1);
  },
);
