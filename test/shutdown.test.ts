import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
jest.setTimeout(60_000);

/** Starts the real entry point (src/main.ts) and resolves with its port, from its start-up log line. */
function startBot(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null> }> {
  // tsx as a loader in the bot's own process: the signals go to the bot, not to a relaying parent
  // (tsx's CLI parent could see SIGINT before it knew that the bot handles it, and exit 130).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr.on('data', (d) => (out += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /"event":"service.started","url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), exited });
    });
    child.once('exit', () => reject(new Error(`the bot exited before listening:\n${out}`)));
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** True once connections to the port are refused (polled: the signal takes a moment to be handled). */
async function refused(port: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      (await connect(port)).destroy();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('graceful shutdown on SIGTERM', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shutdown-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes the request in flight, refuses new connections, saves state and exits 0', async () => {
    const { child, port, exited } = await startBot({ STORAGE: 'file', STORAGE_DIR: dir });
    const body = Buffer.from(
      JSON.stringify({
        type: 'message',
        text: 'English please',
        deliveryMode: 'expectReplies',
        channelId: 'test',
        serviceUrl: 'http://127.0.0.1:9/',
        from: { id: 'u-shutdown' },
        recipient: { id: 'bot' },
        conversation: { id: 'c-shutdown' },
      }),
    );
    const socket = await connect(port);
    let response = '';
    socket.on('data', (d) => (response += d));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.subarray(0, 20)); // the request is in flight...

    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    await expect(refused(port)).resolves.toBe(true); // ...new ones are refused...

    socket.write(body.subarray(20)); // ...and it still completes.
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('"locale":"en"');
    expect(await exited).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
  });

  it('exits 0 within its grace period while a request waits on a channel service that never answers (security review row 8)', async () => {
    const hanging = new Set<net.Socket>();
    const blackhole = net.createServer((s) => {
      hanging.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const holePort = (blackhole.address() as net.AddressInfo).port;
    const reached = new Promise<void>((resolve) => blackhole.once('connection', () => resolve()));
    const { child, port, exited } = await startBot({ SHUTDOWN_GRACE_MS: '300', OUTBOUND_TIMEOUT_MS: '60000' });
    const activity = {
      type: 'message',
      text: 'bonjour',
      channelId: 'test',
      serviceUrl: `http://127.0.0.1:${holePort}/`,
      from: { id: 'u-hole' },
      recipient: { id: 'bot' },
      conversation: { id: 'c-hole' },
    };
    const pending = fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    }).catch(() => undefined);
    await reached; // the reply is on its way to a service that will never answer
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await pending;
    for (const s of hanging) s.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });

  it('stops on SIGINT too', async () => {
    const { child, port, exited } = await startBot({});
    // Serving, as a person pressing Ctrl+C in the terminal would find it.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
