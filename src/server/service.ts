import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Activity, ConfigurationBotFrameworkAuthentication, StatusCodes } from 'botbuilder';
import { AuthenticationError, type BotFrameworkAuthentication } from 'botframework-connector';
import restify from 'restify';
import { z } from 'zod';
import type { Brain } from '../app';
import { timingSafeEqual } from 'node:crypto';
import { IomBot } from '../bot/iom-bot';
import { StatsRecorder } from '../bot/stats';
import { type BotState, createBotState } from '../bot/state';
import { type BotStorage, createStorage } from '../storage/create-storage';
import { readFeedback } from '../bot/feedback';
import type { Config } from '../config';
import { errorFields, type Logger } from '../log';
import { projectRoot } from '../paths';
import { BotAdapter } from './bot-adapter';
import { CachingBotFrameworkAuthentication } from './outbound-clients';
import { mountWebchat } from './webchat';
import { buildWebAssets, mountWebPage } from './web-page';

/** How often expired conversation state is deleted from stores that can list their content. */
const SWEEP_INTERVAL_MS = 10 * 60_000;

/** The one answer to a request whose token does not verify, whatever went wrong. */
const UNVERIFIED = 'a valid Bot Framework token is required';

const Account = z.object({ id: z.string().min(1).max(512) }).passthrough();

/**
 * The least an activity needs before the adapter sees it, and the types of the fields the adapter
 * and the bot read (a wrong type there fails inside the turn); anything else is a 400.
 */
const IncomingActivitySchema = z.object({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  conversation: z.object({ id: z.string().min(1).max(512) }).passthrough(),
  from: Account,
  recipient: z.object({ id: z.string().max(512) }).passthrough().optional(),
  text: z.string().optional().nullable(),
  locale: z.string().max(64).nullish(),
  deliveryMode: z.string().max(32).nullish(),
  /** Where replies go; required, so that a request can never make the bot call a default host. */
  serviceUrl: z.string().max(2048).regex(/^https?:\/\//),
  attachments: z.array(z.unknown()).nullish(),
  membersAdded: z.array(Account).nullish(),
  membersRemoved: z.array(Account).nullish(),
}).passthrough();

export interface Service {
  server: restify.Server;
  adapter: BotAdapter;
  bot: IomBot;
  state: BotState;
  stats: StatsRecorder;
  /** Starts listening; resolves with the actual port (PORT=0 picks a free one). */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting requests, lets the ones in flight finish, and closes. */
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

/** The client's address, for rate limiting only (never logged). */
function clientAddress(req: restify.Request, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return req.socket?.remoteAddress ?? 'unknown';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendError(res: restify.Response, status: number, message: string): void {
  res.status(status);
  res.json({ error: message });
}

/**
 * Every failure to verify a request's token is a 401 with a fixed message. botbuilder itself answers
 * 500 with the error's own text when a signature does not verify (forged key, HS256, alg none) or
 * the signing keys cannot be fetched.
 */
function refuseUnverifiedRequests(auth: BotFrameworkAuthentication, log: Logger): void {
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (err) {
      const refused = (err instanceof AuthenticationError && err.statusCode === StatusCodes.UNAUTHORIZED) ||
        (err instanceof Error && ['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError'].includes(err.name));
      if (refused) log.warn('auth.refused', { reason: err instanceof Error ? err.message : String(err) });
      else log.error('auth.error', errorFields(err));
      throw new AuthenticationError(UNVERIFIED, StatusCodes.UNAUTHORIZED);
    }
  };
}

/** Builds the whole service (adapter, bot, routes) without opening a port. */
export function createService({ config, brain, log, storage }: ServiceDeps): Service {
  const store = storage ?? createStorage(config, log);
  const state = createBotState(store.storage);
  const sweeper = setInterval(() => {
    store.sweep().catch((err: unknown) => log.warn('storage.sweep.error', errorFields(err)));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  const stats = new StatsRecorder();
  const bot = new IomBot({ brain, state, log, stats });
  const configured = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  });
  refuseUnverifiedRequests(configured, log);
  const auth = new CachingBotFrameworkAuthentication(configured);
  const adapter = new BotAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error('turn.error', errorFields(error));
    try {
      await bot.recoverFromError(context);
    } catch (inner) {
      log.error('turn.error.recovery', errorFields(inner));
    }
  };

  const server = restify.createServer({ name: 'iom-morocco-assistant', handleUncaughtExceptions: false });
  // restify inflates gzip bodies without an error handler (a bad one kills the process) and before
  // checking their size (a small one can inflate to gigabytes): compressed bodies are refused.
  server.use((req, res, next) => {
    if (req.headers['content-encoding'] === undefined) return next();
    sendError(res, 415, 'compressed request bodies are not accepted (Content-Encoding)');
    return next(false);
  });
  let closing = false;
  // While shutting down, requests already received are served, then their connections close.
  server.pre((_req, res, next) => {
    if (closing) res.setHeader('Connection', 'close');
    next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: config.MAX_BODY_BYTES, mapParams: false, mapFiles: false }));
  const version = packageVersion();

  server.get('/healthz', async (_req, res) => {
    res.json({ status: closing ? 'stopping' : 'ok', version, entries: brain.kb.entries.length, storage: store.healthy() ? 'ok' : 'unavailable' });
  });

  server.post('/api/messages', async (req, res) => {
    if (!req.is('json')) return sendError(res, 415, 'expected an application/json activity');
    const parsed = IncomingActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') || 'body';
      return sendError(res, 400, `not a valid activity (missing or invalid: ${field})`);
    }
    const authorization = req.headers.authorization;
    try {
      const response = await adapter.processChecked(typeof authorization === 'string' ? authorization : '', parsed.data as unknown as Activity, (context) => bot.run(context));
      res.status(response?.status ?? StatusCodes.OK);
      if (response?.body !== undefined && response.body !== null) res.json(response.body);
      else res.end();
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof AuthenticationError) return sendError(res, StatusCodes.UNAUTHORIZED, UNVERIFIED);
      log.error('request.error', errorFields(err));
      sendError(res, 500, 'internal error');
    }
  });

  mountWebPage(server, buildWebAssets(brain.locales, brain.contact));
  mountWebchat(server, {
    adapter,
    auth,
    appId: config.MicrosoftAppId,
    onError: (err) => log.error('webchat.error', errorFields(err)),
    storage: state.storage,
    logic: (context) => bot.run(context),
    rateLimit: { requests: config.WEBCHAT_RATE_LIMIT, windowMs: 60_000 },
    clientKey: (req) => clientAddress(req, config.TRUST_PROXY),
  });

  server.get('/api/report', async (req, res) => {
    const token = config.REPORT_TOKEN;
    const given = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    if (!token) return sendError(res, 404, 'the report is not enabled (REPORT_TOKEN)');
    if (!sameSecret(given, token)) return sendError(res, 401, 'a valid report token is required');
    res.json({ storage: config.STORAGE, ...stats.snapshot(), feedback: await readFeedback(state.storage) });
  });

  server.on('restifyError', (_req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    if ((err.statusCode ?? 500) >= 500) log.error('http.error', errorFields(err));
    callback();
  });

  return {
    server,
    adapter,
    bot,
    state,
    stats,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        closing = true;
        clearInterval(sweeper);
        server.close(() => resolve());
        server.server.closeIdleConnections();
      }),
  };
}
