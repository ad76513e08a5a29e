/**
 * The benchmark's baseline: a bare echo bot with the same HTTP stack as the real one (restify 12,
 * the service's JSON body reader, CloudAdapter in local mode with the service's cached outbound
 * clients, POST /api/messages), answering each message with its text.
 * Started by bench/http.ts with PORT, HOST and IOM_DIST (the built project, dist/, whose modules it
 * shares with the bot); GET /healthz answers once it listens.
 */
import path from 'node:path';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify from 'restify';
import type * as JsonBody from '../src/server/json-body';
import type * as OutboundClients from '../src/server/outbound-clients';

/** The real bot's default MAX_BODY_BYTES. */
const MAX_BODY_BYTES = 262_144;

/** A module of the built bot (the echo bot is compiled alone, in a temporary folder). */
function builtModule<T>(relative: string): T {
  const dist = process.env.IOM_DIST;
  if (!dist) throw new Error('IOM_DIST (the built project folder) is required');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(dist, relative)) as T;
}

async function echo(context: TurnContext): Promise<void> {
  if (context.activity.type !== ActivityTypes.Message) return;
  await context.sendActivity(context.activity.text ?? '');
}

function createEchoServer(): restify.Server {
  const { CachingBotFrameworkAuthentication } = builtModule<typeof OutboundClients>('src/server/outbound-clients.js');
  const { jsonBodyReader } = builtModule<typeof JsonBody>('src/server/json-body.js');
  // Like the bot: outbound clients built once and reused, not on every request.
  const adapter = new CloudAdapter(new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication({})));
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(jsonBodyReader(MAX_BODY_BYTES));
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  });
  server.post('/api/messages', async (req, res) => {
    try {
      await adapter.process(req, res, echo);
    } catch {
      if (!res.headersSent) {
        res.status(500);
        res.json({ error: 'internal error' });
      }
    }
  });
  return server;
}

function listen(server: restify.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address().port));
  });
}

async function main(): Promise<void> {
  const server = createEchoServer();
  await listen(server, Number(process.env.PORT ?? 3979), process.env.HOST ?? '127.0.0.1');
  const stop = () => {
    server.close(() => process.exit(0));
    server.server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
