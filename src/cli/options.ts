/** A problem with the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Parses `--name value` and `--name=value` options, each allowed once and never empty;
 * returns "help" for --help / -h. Which options are required is the caller's business.
 */
export function parseOptions<Name extends string>(argv: readonly string[], names: readonly Name[]): Partial<Record<Name, string>> | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const isOption = (name: string): name is Name => (names as readonly string[]).includes(name);
  const found: Partial<Record<Name, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"`);
    const name = match[1] as string;
    if (!isOption(name)) throw new UsageError(`unknown option --${name}`);
    let value = match[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (found[name] !== undefined) throw new UsageError(`--${name} is given more than once`);
    if (value.trim() === '') throw new UsageError(`--${name} must not be empty`);
    found[name] = value;
  }
  return found;
}

/** npm runs scripts from the project folder; relative paths are meant from where `npm run <script>` was typed. */
export function invocationDir(script: string): string {
  const { INIT_CWD, npm_lifecycle_event } = process.env;
  return npm_lifecycle_event === script && INIT_CWD ? INIT_CWD : process.cwd();
}
