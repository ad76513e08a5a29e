/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  /** Rounds of measure; each round loads both servers, one after the other, in alternating order. */
  rounds: number;
  /** Seconds of measured load per server and round. */
  duration: number;
  /** Seconds of load before the first round (JIT, caches), per server. */
  warmup: number;
  connections: number;
  /** Size of the rotating pool of conversation ids (each id comes back, so state is read and written). */
  conversations: number;
  json: boolean;
}

export const USAGE = 'usage: npm run bench -- [--rounds N] [--duration SEC] [--warmup SEC] [--connections N] [--conversations N] [--json]';

export const DEFAULT_OPTIONS: BenchOptions = { rounds: 6, duration: 3, warmup: 2, connections: 20, conversations: 500, json: false };

type NumericOption = 'rounds' | 'duration' | 'warmup' | 'connections' | 'conversations';

/** Accepted range of each numeric option: the bench stays bounded in time and load. */
const LIMITS: Record<NumericOption, { min: number; max: number }> = {
  rounds: { min: 1, max: 10 },
  duration: { min: 1, max: 120 },
  warmup: { min: 0, max: 30 },
  connections: { min: 1, max: 500 },
  conversations: { min: 1, max: 100_000 },
};

function isNumericOption(name: string): name is NumericOption {
  return Object.prototype.hasOwnProperty.call(LIMITS, name);
}

function parseWhole(name: NumericOption, raw: string | undefined): number {
  const value = Number(raw);
  const { min, max } = LIMITS[name];
  if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Parses the arguments; throws an Error naming the bad one. Accepts --name VALUE and --name=VALUE. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') {
      options.json = true;
      continue;
    }
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1] ?? '';
    if (!match || !isNumericOption(name)) throw new Error(`unknown argument: ${arg}`);
    const raw = match[2] ?? argv[++i];
    options[name] = parseWhole(name, raw);
  }
  return options;
}
