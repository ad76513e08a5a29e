import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { projectRoot } from '../../src/paths';

/** Microsoft's prebuilt Web Chat bundle, from node_modules (never from a CDN). */
const WEBCHAT_BUNDLE = path.join(projectRoot(), 'node_modules', 'botframework-webchat', 'dist', 'webchat.js');
const OFFLINE_DIRECTLINE = path.dirname(require.resolve('offline-directline/package.json'));

interface Request {
  method: string;
  body?: unknown;
  query: Record<string, unknown>;
}

interface ExpressApp {
  get(path: string, handler: (req: Request, res: { type(t: string): { send(body: string | Buffer): void } }) => void): void;
  use(handler: unknown): void;
  listen(port: number, host: string, cb: () => void): Server;
}

/**
 * A local stand-in for Azure's Direct Line (offline-directline, serving it at /directline) and a test
 * page with Microsoft's Web Chat, on one loopback port. The page's script is `embed` (the README's).
 */
export async function startOfflineWebChat(botUrl: string, embed: string): Promise<{ url: string; close(): Promise<void> }> {
  // offline-directline brings its own express 4; ours does not depend on express at all.
  const load = createRequire(__filename);
  const express = load(load.resolve('express', { paths: [OFFLINE_DIRECTLINE] })) as (() => ExpressApp) & { json(): unknown };
  const { getRouter } = load('offline-directline') as { getRouter(serviceUrl: string, botUrl: string): unknown };
  const app = express();
  const bundle = readFileSync(WEBCHAT_BUNDLE);
  app.get('/webchat.js', (_req, res) => res.type('text/javascript').send(bundle));
  app.get('/embed.js', (_req, res) => res.type('text/javascript').send(embed));
  // The page's language from ?lang= (fr, ar or en), as a site's Arabic or French page would set it.
  app.get('/', (req, res) =>
    res
      .type('text/html')
      .send(
        `<!doctype html><html lang="${['ar', 'en'].includes(String(req.query.lang)) ? String(req.query.lang) : 'fr'}"><head>` +
          '<meta charset="utf-8"><title>Web Chat</title>' +
          '<style>html,body,#webchat{height:100%;margin:0}</style></head>' +
          '<body><div id="webchat" role="main"></div><script src="/webchat.js"></script><script src="/embed.js"></script></body></html>',
      ),
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address: AddressInfo | string | null = server.address();
  if (!address || typeof address === 'string') throw new Error('the Web Chat test server has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  // Azure's Direct Line stamps every activity with the server's time, and Web Chat orders its transcript
  // by it; offline-directline does not, so this does.
  app.use(express.json());
  app.use((req: Request, _res: unknown, next: () => void) => {
    if (req.method === 'POST' && req.body && typeof req.body === 'object') Object.assign(req.body, { timestamp: new Date().toISOString() });
    next();
  });
  app.use(getRouter(url, botUrl));
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
