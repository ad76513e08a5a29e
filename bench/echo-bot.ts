/**
 * The benchmark's baseline: a bare echo bot with the same HTTP stack as the real one (restify 12,
 * bodyParser, CloudAdapter in local mode, POST /api/messages), answering each message with its text.
 * Started by bench/http.ts with PORT and HOST; GET /healthz answers once it listens.
 */
import type { AddressInfo } from 'node:net';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify from 'restify';

/** The real bot's default MAX_BODY_BYTES. */
const MAX_BODY_BYTES = 262_144;

async function echo(context: TurnContext): Promise<void> {
  if (context.activity.type !== ActivityTypes.Message) return;
  await context.sendActivity(context.activity.text ?? '');
}

function createEchoServer(): restify.Server {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false }));
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
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
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
