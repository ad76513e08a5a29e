/**
 * npm run bench [-- --rounds N] [--duration SEC] [--warmup SEC] [--connections N] [--conversations N] [--json]
 *
 * Loads, in one run and with the same settings, the real bot (node dist/src/main.js) and a bare echo
 * bot (bench/echo-bot.ts, compiled to a temporary folder: same restify + CloudAdapter stack) over HTTP on 127.0.0.1 with autocannon:
 * POST /api/messages with deliveryMode expectReplies and real questions in French, Arabic (incl.
 * Darija) and English on rotating conversations. Reports throughput, p50/p99 latency, errors, peak
 * RSS (sampled every 100 ms), the bot's cold start (spawn to the first 200 from GET /healthz), the
 * ratios bot / echo and the issue's targets. It reports; it never fails on a figure.
 * The servers are loaded in paired rounds (echo then bot, bot then echo, ...): the ratios are the
 * median of the rounds' ratios, so that the drift of a shared machine's speed cancels out.
 * The load runs at full speed (closed loop): both servers are saturated, so latency is mostly
 * queueing behind the requests in flight.
 * With --json, the last line of stdout is one JSON object (the table goes to stderr).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/paths';
import {
  type Child,
  type ChildSpec,
  freePort,
  HOST,
  killAllChildrenNow,
  type RssSampler,
  sampleRss,
  spawnChild,
  stopAllChildren,
  waitHealthy,
} from './http/children';
import { type CompiledEcho, compileEchoBot } from './http/echo-build';
import {
  type AttackFigures,
  checkReplies,
  combineRounds,
  type LoadFigures,
  type ReplyCheck,
  REQUEST_TIMEOUT_S,
  runLoad,
  startAttacker,
} from './http/load';
import { bodySequence, novelBodySequence, QUESTIONS } from './http/messages';
import { hostileMessages, novelQuestions } from './http/novel';
import { type BenchOptions, parseOptions, USAGE } from './http/options';
import { formatReport, type HostileFigures, type ServerFigures, summarize } from './http/report';
import { startOptions } from './node-options';

/** Longest wait for a server's first 200 from GET /healthz (a busy shared machine can take 10 s and more). */
const STARTUP_TIMEOUT_MS = 60_000;
/** The bot's web chat rate limit (its default, WEBCHAT_RATE_LIMIT): the attacker sends at this rate. */
const WEBCHAT_RATE_LIMIT = 30;
/** Seeds of the generated loads: the bot and the echo bot get the same messages. */
const NOVEL_SEED = 20_261_201;
const HOSTILE_SEED = 4_242;

interface Started {
  child: Child;
  port: number;
  rss: RssSampler;
  coldStartMs: number;
  idleRssMb: number;
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

function botSpec(root: string, port: number): ChildSpec {
  return {
    name: 'bot',
    command: process.execPath,
    args: [...startOptions(root), path.join(root, 'dist', 'src', 'main.js')],
    cwd: root,
    // Local mode and in-memory state whatever a .env says (the environment wins over .env).
    env: {
      ...process.env,
      PORT: String(port),
      HOST,
      LOG_LEVEL: 'warn',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      STORAGE: 'memory',
      WEBCHAT_RATE_LIMIT: String(WEBCHAT_RATE_LIMIT),
      TRUST_PROXY: 'false',
      TRUST_PROXY_HOPS: '0',
    },
  };
}

/** The echo bot runs like the bot: the same node options, and the bot's built modules for its HTTP stack and outbound clients. */
function echoSpec(root: string, echo: CompiledEcho, port: number): ChildSpec {
  return {
    name: 'echo',
    command: process.execPath,
    args: [...startOptions(root), echo.file],
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST, NODE_PATH: echo.nodePath, IOM_DIST: path.join(root, 'dist') },
  };
}

async function start(makeSpec: (port: number) => ChildSpec): Promise<Started> {
  const port = await freePort();
  const child = spawnChild(makeSpec(port));
  const rss = sampleRss(child.pid);
  const coldStartMs = await waitHealthy(child, port, STARTUP_TIMEOUT_MS);
  return { child, port, rss, coldStartMs, idleRssMb: rss.current() };
}

/** Checks that every question gets a reply, once, before any load. */
async function check(server: Started): Promise<ReplyCheck> {
  return checkReplies(server.port, server.child.name);
}

/** One round of measured load on one server (with the warm-up before its first round, if `warm`). */
async function loadRound(
  server: Started,
  options: BenchOptions,
  nextBody: () => string,
  round: number,
  label = 'today',
  warm = true,
): Promise<LoadFigures> {
  const name = server.child.name;
  const warmup = round === 0 && warm ? options.warmup : 0;
  log(
    `${label} round ${round + 1}/${options.rounds}, ${name}: ${warmup > 0 ? `${warmup} s warm-up + ` : ''}${options.duration} s load, ${options.connections} connections`,
  );
  const figures = await runLoad(server.port, options, nextBody, warmup);
  if (server.child.hasExited()) throw new Error(`${name} exited during the load:\n${server.child.output.lastLines.join('\n')}`);
  return figures;
}

function finish(server: Started, rounds: LoadFigures[], novelRounds: LoadFigures[], replyCheck: ReplyCheck): ServerFigures {
  const peak = server.rss.peak();
  server.rss.stop();
  return {
    load: combineRounds(rounds),
    rounds,
    novel: combineRounds(novelRounds),
    novelRounds,
    peak_rss_mb: peak,
    idle_rss_mb: server.idleRssMb,
    cold_start_ms: server.coldStartMs,
    check: replyCheck,
    output: server.child.output,
  };
}

/**
 * Measures both servers in paired rounds, alternating which goes first: the machine is shared, so
 * its speed drifts; each round's ratio compares two loads a few seconds apart, and the summary
 * takes the median round.
 */
async function measureBoth(bot: Started, echo: Started, options: BenchOptions): Promise<{ bot: ServerFigures; echo: ServerFigures }> {
  const checks = { bot: await check(bot), echo: await check(echo) };
  const pairedRounds = async (label: string, bodies: { bot: () => string; echo: () => string }, warm: boolean) => {
    const rounds: { bot: LoadFigures[]; echo: LoadFigures[] } = { bot: [], echo: [] };
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? (['echo', 'bot'] as const) : (['bot', 'echo'] as const);
      for (const name of order) {
        const server = name === 'bot' ? bot : echo;
        rounds[name].push(await loadRound(server, options, bodies[name], round, label, warm));
      }
    }
    return rounds;
  };
  const today = await pairedRounds(
    'today',
    { bot: bodySequence(options.conversations, 'bot'), echo: bodySequence(options.conversations, 'echo') },
    true,
  );
  // The same first-sight messages, in the same order, for both servers.
  const novel = await pairedRounds(
    'novel',
    {
      bot: novelBodySequence(options.conversations, 'bot', novelQuestions(NOVEL_SEED)),
      echo: novelBodySequence(options.conversations, 'echo', novelQuestions(NOVEL_SEED)),
    },
    false,
  );
  return { bot: finish(bot, today.bot, novel.bot, checks.bot), echo: finish(echo, today.echo, novel.echo, checks.echo) };
}

/**
 * The hostile scenario, on the bot: normal users (the novel load) in paired rounds without and
 * with one client sending 1,000 random letters to the web chat at its rate limit.
 */
async function measureHostile(bot: Started, options: BenchOptions): Promise<HostileFigures> {
  const users = novelBodySequence(options.conversations, 'user', novelQuestions(NOVEL_SEED + 1));
  const attackText = hostileMessages(HOSTILE_SEED);
  const calm: LoadFigures[] = [];
  const attacked: LoadFigures[] = [];
  const attacks: AttackFigures[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? (['calm', 'attack'] as const) : (['attack', 'calm'] as const);
    for (const kind of order) {
      if (kind === 'calm') {
        calm.push(await loadRound(bot, options, users, round, 'hostile (no attack)', false));
        continue;
      }
      const attacker = startAttacker(bot.port, WEBCHAT_RATE_LIMIT, attackText);
      attacked.push(await loadRound(bot, options, users, round, 'hostile (under attack)', false));
      attacks.push(await attacker.stop());
    }
  }
  return { calm, attacked, attacks, ratePerMinute: WEBCHAT_RATE_LIMIT };
}

/** Seconds the whole run may take before the watchdog stops it. */
function timeBudgetS(options: BenchOptions): number {
  // Per server: start, check, warm-up, and the today and novel rounds; then the bot's hostile rounds (two loads a round).
  const perServer = STARTUP_TIMEOUT_MS / 1000 + 30 + options.warmup + 2 * options.rounds * (options.duration + REQUEST_TIMEOUT_S) + 5;
  return 30 + 2 * perServer + 2 * options.rounds * (options.duration + 2 * REQUEST_TIMEOUT_S);
}

function installCleanup(options: BenchOptions): void {
  process.on('exit', killAllChildrenNow);
  const abort = (why: string, code: number) => {
    log(why);
    void stopAllChildren(1000).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort('interrupted; stopping the servers', 130));
  process.once('SIGTERM', () => abort('terminated; stopping the servers', 143));
  process.on('unhandledRejection', (err) => abort(`unexpected error: ${String(err)}`, 1));
  const budget = timeBudgetS(options);
  setTimeout(() => abort(`took longer than its ${budget} s budget; stopping`, 1), budget * 1000).unref();
}

async function run(options: BenchOptions): Promise<void> {
  const root = projectRoot();
  if (!existsSync(path.join(root, 'dist', 'src', 'main.js')))
    throw new Error('dist/src/main.js is missing: run `npm run bench` (it builds first)');
  const loadBefore = os.loadavg()[0] ?? 0;
  log(`starting the bot as npm start does (node ${[...startOptions(root), 'dist/src/main.js'].join(' ')})`);
  const bot = await start((port) => botSpec(root, port));
  log(`bot answered /healthz after ${Math.round(bot.coldStartMs)} ms; starting the echo bot`);
  const compiled = compileEchoBot(root);
  process.on('exit', compiled.remove);
  const echo = await start((port) => echoSpec(root, compiled, port));
  const { bot: botFigures, echo: echoFigures } = await measureBoth(bot, echo, options);
  const hostile = await measureHostile(bot, options);
  await stopAllChildren();
  const report = formatReport(
    { options, questions: QUESTIONS.length, node: process.version, cpus: os.cpus().length, loadBefore },
    botFigures,
    echoFigures,
    hostile,
  );
  if (options.json) {
    process.stderr.write(report + '\n');
    process.stdout.write(JSON.stringify(summarize(botFigures, echoFigures, hostile)) + '\n');
  } else {
    process.stdout.write(report + '\n');
  }
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(argv);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  installCleanup(options);
  try {
    await run(options);
    return 0;
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    await stopAllChildren(1000);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
