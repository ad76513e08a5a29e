import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
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
import { mountWebchat } from './webchat';
import { buildWebAssets, mountWebPage } from './web-page';

/** How often expired conversation state is deleted from stores that can list their content. */
const SWEEP_INTERVAL_MS = 10 * 60_000;

/** The least an activity needs before the adapter sees it; anything less is a 400. */
const IncomingActivitySchema = z.object({
  type: z.string().min(1).max(64),
  conversation: z.object({ id: z.string().min(1).max(512) }).passthrough(),
  text: z.string().optional().nullable(),
  from: z.object({ id: z.string().max(512) }).passthrough().optional(),
  serviceUrl: z.string().max(2048).optional(),
}).passthrough();

export interface Service {
  server: restify.Server;
  adapter: CloudAdapter;
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
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error('turn.error', errorFields(error));
    try {
      await bot.recoverFromError(context);
    } catch (inner) {
      log.error('turn.error.recovery', errorFields(inner));
    }
  };

  const server = restify.createServer({ name: 'iom-morocco-assistant', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: config.MAX_BODY_BYTES, mapParams: false, mapFiles: false }));
  const version = packageVersion();
  let closing = false;

  server.get('/healthz', async (_req, res) => {
    res.json({ status: closing ? 'stopping' : 'ok', version, entries: brain.kb.entries.length, storage: store.healthy() ? 'ok' : 'unavailable' });
  });

  server.post('/api/messages', async (req, res) => {
    if (closing) return sendError(res, 503, 'shutting down');
    if (!req.is('json')) return sendError(res, 415, 'expected an application/json activity');
    const parsed = IncomingActivitySchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'not a valid activity (needs type and conversation.id)');
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      log.error('request.error', errorFields(err));
      if (!res.headersSent) sendError(res, 500, 'internal error');
    }
  });

  mountWebPage(server, buildWebAssets(brain.locales));
  mountWebchat(server, {
    adapter,
    auth,
    appId: config.MicrosoftAppId,
    onError: (err) => log.error('webchat.error', errorFields(err)),
    storage: state.storage,
    logic: (context) => bot.run(context),
    rateLimit: { requests: config.WEBCHAT_RATE_LIMIT, windowMs: 60_000 },
    clientKey: (req) => clientAddress(req, config.TRUST_PROXY),
    isClosing: () => closing,
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
