import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Activity, ConfigurationBotFrameworkAuthentication, StatusCodes } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import restify from 'restify';
import { z } from 'zod';
import type { Brain } from '../app';
import { timingSafeEqual } from 'node:crypto';
import { IomBot } from '../bot/iom-bot';
import { StatsRecorder } from '../bot/stats';
import { type BotState, createBotState } from '../bot/state';
import { type BotStorage, createStorage } from '../storage/create-storage';
import { readFeedback } from '../bot/feedback';
import { type Config, isAuthenticated, trustedProxyHops } from '../config';
import { errorFields, type Logger, throttledLog } from '../log';
import { projectRoot } from '../paths';
import { BotAdapter } from './bot-adapter';
import { clientAddress } from './client-address';
import { guardConnections } from './connections';
import { errorBody, sendError, sendJson } from './http-responses';
import { jsonBodyReader } from './json-body';
import { CachingBotFrameworkAuthentication, UNVERIFIED } from './outbound-clients';
import { mountWebchat } from './webchat';
import { buildWebAssets, mountWebPage } from './web-page';

/** Longest interval between two sweeps of expired conversation state (stores that can list their content). */
const MAX_SWEEP_INTERVAL_MS = 10 * 60_000;
/** Auth refusals and storage faults are logged at most once per interval. */
const AUTH_LOG_INTERVAL_MS = 60_000;

const Account = z.object({ id: z.string().min(1).max(512) }).passthrough();

/**
 * The least an activity needs before the adapter sees it, and the types of the fields the adapter
 * and the bot read (a wrong type there fails inside the turn); anything else is a 400.
 */
const IncomingActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    /** No "/": botbuilder builds storage keys as channel/conversations/id/, and a slash would let one key pass for another. */
    channelId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[^/]+$/),
    conversation: z.object({ id: z.string().min(1).max(512) }).passthrough(),
    from: Account,
    recipient: z
      .object({ id: z.string().max(512) })
      .passthrough()
      .optional(),
    text: z.string().optional().nullable(),
    locale: z.string().max(64).nullish(),
    deliveryMode: z.string().max(32).nullish(),
    /** Where replies go; required, so that a request can never make the bot call a default host. */
    serviceUrl: z
      .string()
      .max(2048)
      .regex(/^https?:\/\//),
    attachments: z.array(z.unknown()).nullish(),
    membersAdded: z.array(Account).nullish(),
    membersRemoved: z.array(Account).nullish(),
  })
  .passthrough();

export interface Service {
  server: restify.Server;
  adapter: BotAdapter;
  bot: IomBot;
  state: BotState;
  stats: StatsRecorder;
  /** Starts listening; resolves with the actual port (PORT=0 picks a free one). */
  listen(port: number, host: string): Promise<number>;
  /**
   * Stops accepting requests, lets the ones in flight finish for up to SHUTDOWN_GRACE_MS, then closes
   * every connection still open; resolves once the server is closed.
   */
  close(): Promise<void>;
}

export interface ServiceDeps {
  config: Config;
  brain: Brain;
  log: Logger;
  /** The state store; by default the one the configuration chooses. */
  storage?: BotStorage;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True for a loopback host (the Bot Framework Emulator runs on this machine). */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Bot Framework authentication with cached outbound clients and one fixed 401 for every refused token. */
function createAuthentication(config: Config, log: Logger): CachingBotFrameworkAuthentication {
  const configured = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  });
  const refused = throttledLog(log, 'warn', AUTH_LOG_INTERVAL_MS);
  const failed = throttledLog(log, 'error', AUTH_LOG_INTERVAL_MS);
  // A reason (error name and message), never a stack: a flood of forged tokens costs one line a minute.
  return new CachingBotFrameworkAuthentication(configured, undefined, (kind, reason) =>
    kind === 'refused' ? refused('auth.refused', { reason }) : failed('auth.error', { reason }),
  );
}

function createAdapter(auth: CachingBotFrameworkAuthentication, bot: IomBot, log: Logger, outboundTimeoutMs: number): BotAdapter {
  const adapter = new BotAdapter(auth, outboundTimeoutMs);
  adapter.onTurnError = async (context, error) => {
    log.error('turn.error', errorFields(error));
    try {
      await bot.recoverFromError(context);
    } catch (inner) {
      log.error('turn.error.recovery', errorFields(inner));
    }
  };
  return adapter;
}

interface Mount {
  server: restify.Server;
  config: Config;
  log: Logger;
}

function mountHealth({ server }: Mount, health: () => Record<string, unknown>): void {
  server.get('/healthz', async (_req, res) => sendJson(res, 200, health()));
}

function mountMessages({ server, config, log }: Mount, adapter: BotAdapter, bot: IomBot): void {
  const local = !isAuthenticated(config);
  server.post('/api/messages', async (req, res) => {
    if (!req.is('json')) return sendError(res, 415, 'expected an application/json activity');
    const parsed = IncomingActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') || 'body';
      return sendError(res, 400, `not a valid activity (missing or invalid: ${field})`);
    }
    // Without credentials anyone can post here: the bot must not become a way to reach other hosts.
    if (local && parsed.data.deliveryMode !== 'expectReplies' && !isLoopbackUrl(parsed.data.serviceUrl)) {
      return sendError(
        res,
        400,
        'in local mode, replies go to a loopback serviceUrl (the Emulator) or in the response (deliveryMode expectReplies)',
      );
    }
    const authorization = req.headers.authorization;
    try {
      const response = await adapter.processChecked(
        typeof authorization === 'string' ? authorization : '',
        parsed.data as unknown as Activity,
        (context) => bot.run(context),
      );
      if (response?.body !== undefined && response.body !== null)
        return sendJson(res, response.status ?? StatusCodes.OK, response.body, log);
      res.status(response?.status ?? StatusCodes.OK);
      res.end();
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof AuthenticationError) return sendError(res, StatusCodes.UNAUTHORIZED, UNVERIFIED);
      log.error('request.error', errorFields(err));
      sendError(res, 500, 'internal error');
    }
  });
}

function mountReport({ server, config }: Mount, stats: StatsRecorder, state: BotState): void {
  server.get('/api/report', async (req, res) => {
    const token = config.REPORT_TOKEN;
    const given = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    if (!token) return sendError(res, 404, 'the report is not enabled (REPORT_TOKEN)');
    if (!sameSecret(given, token)) return sendError(res, 401, 'a valid report token is required');
    sendJson(res, 200, { storage: config.STORAGE, ...stats.snapshot(), feedback: await readFeedback(state.storage) });
  });
}

/** restify's own refusals (404, 405, 400...) in the service's error shape, without echoing the request. */
function uniformErrors({ server, log }: Mount): void {
  server.on(
    'restifyError',
    (_req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
      const status = err.statusCode ?? 500;
      if (status >= 500) log.error('http.error', { error: err.name });
      const message =
        status === 404 ? 'not found' : status === 405 ? 'method not allowed' : status >= 500 ? 'internal error' : 'bad request';
      err.toJSON = () => errorBody(message);
      callback();
    },
  );
}

/** Builds the whole service (adapter, bot, routes) without opening a port. */
export function createService({ config, brain, log, storage }: ServiceDeps): Service {
  const store = storage ?? createStorage(config, log);
  const state = createBotState(store.storage);
  const sweepEvery = Math.min(MAX_SWEEP_INTERVAL_MS, Math.max(10_000, (config.STATE_IDLE_MINUTES * 60_000) / 4));
  const sweeper = setInterval(() => {
    store.sweep().catch((err: unknown) => log.warn('storage.sweep.error', errorFields(err)));
  }, sweepEvery);
  sweeper.unref();
  const stats = new StatsRecorder({ sourceTags: config.SOURCE_TAGS });
  const bot = new IomBot({ brain, state, log, stats });
  const auth = createAuthentication(config, log);
  const adapter = createAdapter(auth, bot, log, config.OUTBOUND_TIMEOUT_MS);

  // restify's own logger (pino) would write whole requests (message text, ids) on some failures,
  // whatever LOG_LEVEL says: it is silenced, the service logs for itself.
  const server = restify.createServer({ name: 'iom-morocco-assistant', handleUncaughtExceptions: false });
  // (its default pino instance, whose level is a setter; every request's logger is this one)
  Reflect.set(server.log, 'level', 'silent');
  const connections = guardConnections(server.server, {
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: 5_000,
  });
  let closing = false;
  // While shutting down, requests already received are served, then their connections close.
  server.pre((_req, res, next) => {
    if (closing) res.setHeader('Connection', 'close');
    next();
  });
  server.use(jsonBodyReader(config.MAX_BODY_BYTES));
  const mount: Mount = { server, config, log };
  const version = packageVersion();

  mountHealth(mount, () => ({
    status: closing ? 'stopping' : 'ok',
    version,
    entries: brain.kb.entries.length,
    storage: store.healthy() ? 'ok' : 'unavailable',
  }));
  mountMessages(mount, adapter, bot);
  mountWebPage(server, buildWebAssets(brain.locales, brain.contact));
  mountWebchat(server, {
    adapter,
    auth,
    appId: config.MicrosoftAppId,
    onError: (err) => log.error('webchat.error', errorFields(err)),
    storage: state.storage,
    logic: (context) => bot.run(context),
    rateLimit: { requests: config.WEBCHAT_RATE_LIMIT, windowMs: 60_000 },
    clientKey: (req) => clientAddress(req, trustedProxyHops(config)),
    log,
  });
  mountReport(mount, stats, state);
  uniformErrors(mount);

  return {
    server,
    adapter,
    bot,
    state,
    stats,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address().port));
      }),
    close: () =>
      new Promise((resolve) => {
        closing = true;
        clearInterval(sweeper);
        const grace = setTimeout(() => connections.destroyAll(), config.SHUTDOWN_GRACE_MS);
        grace.unref();
        server.close(() => {
          clearTimeout(grace);
          resolve();
        });
        server.server.closeIdleConnections();
      }),
  };
}
