import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Storage } from 'botbuilder';
import restify from 'restify';
import { z } from 'zod';
import type { Brain } from '../app';
import { IomBot } from '../bot/iom-bot';
import { type BotState, createBotState, createStorage } from '../bot/state';
import type { Config } from '../config';
import { errorFields, type Logger } from '../log';
import { projectRoot } from '../paths';

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
  /** Starts listening; resolves with the actual port (PORT=0 picks a free one). */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting requests, lets the ones in flight finish, and closes. */
  close(): Promise<void>;
}

export interface ServiceDeps {
  config: Config;
  brain: Brain;
  log: Logger;
  storage?: Storage;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function sendError(res: restify.Response, status: number, message: string): void {
  res.status(status);
  res.json({ error: message });
}

/** Builds the whole service (adapter, bot, routes) without opening a port. */
export function createService({ config, brain, log, storage }: ServiceDeps): Service {
  const state = createBotState(storage ?? createStorage(config));
  const bot = new IomBot({ brain, state, log });
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
    res.json({ status: closing ? 'stopping' : 'ok', version, entries: brain.kb.entries.length });
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

  server.on('restifyError', (_req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    if ((err.statusCode ?? 500) >= 500) log.error('http.error', errorFields(err));
    callback();
  });

  return {
    server,
    adapter,
    bot,
    state,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.server.closeIdleConnections();
      }),
  };
}
