import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const AZURITE_BLOB = path.resolve(__dirname, '../../node_modules/azurite/dist/src/blob/main.js');
/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not listen on ${port} within ${timeoutMs} ms`);
}

export interface Azurite {
  connectionString: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops and removes its data folder. */
  dispose(): Promise<void>;
}

/** The Azurite blob emulator (npm package) on a free loopback port, started and stopped by tests. */
export async function azurite(): Promise<Azurite> {
  const port = await freePort();
  const location = mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      process.execPath,
      [
        AZURITE_BLOB,
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        String(port),
        '--location',
        location,
        '--silent',
        '--skipApiVersionCheck',
        '--loose',
        '--disableTelemetry',
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(port, 15_000);
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(location, { recursive: true, force: true });
    },
  };
}
