/**
 * The security review's findings (rows 1-19 of reviews/security-review.md), each reproduced against
 * the real service or the module at fault. No test depends on the machine's speed: waits are for
 * conditions (a socket closing, a promise settling) with generous limits.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify from 'restify';
import type { Brain } from '../src/app';
import { recordFeedback, readFeedback } from '../src/bot/feedback';
import { maskQuestion, StatsRecorder } from '../src/bot/stats';
import { parseConfig } from '../src/config';
import { createLogger } from '../src/log';
import { clientAddress } from '../src/server/client-address';
import { jsonBodyReader } from '../src/server/json-body';
import { CachingBotFrameworkAuthentication } from '../src/server/outbound-clients';
import { InFlightLimiter } from '../src/server/rate-limit';
import { isLoopbackUrl } from '../src/server/service';
import { mountWebchat } from '../src/server/webchat';
import { createStorage } from '../src/storage/create-storage';
import { FileStorage } from '../src/storage/file-storage';
import { BoundedMemoryStorage } from '../src/storage/memory-storage';
import { ResilientStorage } from '../src/storage/resilient-storage';
import { sharedBrain } from './helpers/brain';
import { messageActivity, type Running, startService } from './helpers/http';

jest.setTimeout(60_000);

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hardening-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const JSON_HEADERS = { 'content-type': 'application/json' };
const post = (url: string, body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
  fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** Resolves true once `socket` is closed, false if it is still open after `limitMs` (a generous limit, not a measure). */
function closedWithin(socket: net.Socket, limitMs: number): Promise<boolean> {
  if (socket.destroyed || socket.closed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), limitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function rawConnect(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A TCP server that accepts connections and never answers (a channel service that hangs). */
async function blackhole(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let seen = 0;
  const server = net.createServer((s) => {
    seen++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    connections: () => seen,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('row 1: a busy CPU is not a failing store; one web visitor gets its share only', () => {
  it('does not count time the event loop spent on other work against a store operation', async () => {
    const log = createLogger('silent');
    const store = new ResilientStorage(new FileStorage(dir), log, { timeoutMs: 500, retryAfterMs: 10_000, logIntervalMs: 60_000 });
    await store.write({ k: { n: 1 } });
    const read = store.read(['k']);
    // The answer (file I/O) waits behind 1.5 s of computation, three times the store's timeout.
    const until = Date.now() + 1_500;
    while (Date.now() < until) {
      // busy
    }
    expect(await read).toEqual({ k: expect.objectContaining({ n: 1 }) });
    expect(store.healthy).toBe(true);
  });

  it('still gives up on a store that does not answer', async () => {
    const silent = {
      read: () => new Promise<never>(() => undefined),
      write: () => new Promise<never>(() => undefined),
      delete: () => new Promise<never>(() => undefined),
    };
    const store = new ResilientStorage(silent, createLogger('silent'), { timeoutMs: 200, retryAfterMs: 10_000, logIntervalMs: 60_000 });
    expect(await store.read(['k'])).toEqual({});
    expect(store.healthy).toBe(false);
  });

  it('lets a client key have only a bounded number of requests in flight', () => {
    const limiter = new InFlightLimiter(2);
    const first = limiter.enter('198.51.100.7');
    const second = limiter.enter('198.51.100.7');
    expect(first && second).toBeTruthy();
    expect(limiter.enter('198.51.100.7')).toBeUndefined();
    expect(limiter.enter('203.0.113.9')).toBeDefined(); // someone else is not affected
    first?.();
    first?.(); // releasing twice counts once
    expect(limiter.enter('198.51.100.7')).toBeDefined();
    expect(limiter.enter('198.51.100.7')).toBeUndefined();
  });
});

describe('the HTTP layer (rows 2, 3, 16, 17, 19)', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startService(brain);
  });
  afterAll(async () => running.service.close());

  /** A service whose connections get 500 ms for their headers and for a whole request (only slow-connection tests use it). */
  async function withShortDeadlines(check: (url: string) => Promise<void>): Promise<void> {
    const short = await startService(brain, { REQUEST_TIMEOUT_MS: '500', HEADERS_TIMEOUT_MS: '500' });
    try {
      await check(short.url);
    } finally {
      await short.service.close();
    }
  }

  it.each([
    ['POST /api/messages', 'Upgrade: h2c'],
    ['GET /', 'Upgrade: websocket'],
  ])('row 2: refuses %s with %s (400) and closes the socket', async (request, upgrade) => {
    const socket = await rawConnect(running.url);
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.write(`${request} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n${upgrade}\r\nContent-Length: 0\r\n\r\n`);
    expect(await closedWithin(socket, 10_000)).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('{"error":');
  });

  it('row 16: closes a connection whose body never finishes arriving (REQUEST_TIMEOUT_MS)', async () => {
    await withShortDeadlines(async (url) => {
      const socket = await rawConnect(url);
      socket.on('error', () => undefined);
      socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n{');
      expect(await closedWithin(socket, 15_000)).toBe(true);
    });
  });

  it('row 16: closes a connection that never sends its headers (HEADERS_TIMEOUT_MS)', async () => {
    await withShortDeadlines(async (url) => {
      const socket = await rawConnect(url);
      socket.on('error', () => undefined);
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      expect(await closedWithin(socket, 15_000)).toBe(true);
    });
  });

  it('row 3: refuses multipart bodies with 415 before reading them, and writes nothing to disk', async () => {
    const uploads = mkdtempSync(path.join(os.tmpdir(), 'uploads-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = uploads;
    try {
      for (const route of ['/api/messages', '/api/webchat/conversations/abc/activities']) {
        const form = new FormData();
        form.append('f', new Blob([Buffer.alloc(2_000_000, 1)]), 'x.bin');
        const res = await fetch(`${running.url}${route}`, { method: 'POST', body: form });
        expect(res.status).toBe(415);
        expect(await res.json()).toEqual({ error: expect.any(String) });
      }
      expect(readdirSync(uploads)).toEqual([]);
    } finally {
      process.env.TMPDIR = saved;
      rmSync(uploads, { recursive: true, force: true });
    }
  });

  it('row 3: applies the size limit to every content type and route', async () => {
    const big = 'x'.repeat(300_000);
    expect((await post(`${running.url}/api/webchat/conversations`, big, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(`${running.url}/api/webchat/conversations`, JSON.stringify({ source: big }))).status).toBe(413);
    const get = await fetch(`${running.url}/healthz`, {
      method: 'GET',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '10' },
    }).catch(() => undefined);
    // fetch cannot send a GET body; the header alone announces one: refused, not read.
    if (get) expect([200, 415]).toContain(get.status);
  });

  it('row 17: answers HEAD / with 200 and no body', async () => {
    const res = await fetch(`${running.url}/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toBe('');
  });

  it.each([
    ['GET', '/no-such-page', 404],
    ['GET', '/api/messages', 405],
    ['DELETE', '/healthz', 405],
  ])('row 17: answers %s %s with %i in the one error shape, without echoing the path', async (method, route, status) => {
    const res = await fetch(`${running.url}${route}`, { method });
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: expect.any(String) });
    expect(text).not.toContain(route.slice(1));
  });

  it('row 17: accepts a JSON body that starts with a byte-order mark', async () => {
    const res = await post(`${running.url}/api/messages`, '\uFEFF' + JSON.stringify(messageActivity('bom-1', 'bonjour')));
    expect(res.status).toBe(200);
  });
});

describe('row 18: storage keys cannot pass for one another', () => {
  it("refuses a channel id with a slash (400), which would make its state key read like another channel's", async () => {
    const running = await startService(brain);
    try {
      const res = await post(`${running.url}/api/messages`, messageActivity('u', 'bonjour', { channelId: 'q/conversations' }));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'not a valid activity (missing or invalid: channelId)' });
    } finally {
      await running.service.close();
    }
  });

  it('refuses request timeouts that cannot hold (headers longer than the whole request)', () => {
    expect(() => parseConfig({ HEADERS_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '30000' })).toThrow(/HEADERS_TIMEOUT_MS/);
  });
});

describe('row 4: the client address behind a proxy', () => {
  const request = (xff: string | undefined, socketAddress = '10.0.0.5') =>
    ({
      headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
      socket: { remoteAddress: socketAddress },
    }) as unknown as restify.Request;

  it('takes the entry the trusted proxy added (right-most), never the client-written left-most one', () => {
    expect(clientAddress(request('203.0.113.1, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientAddress(request('203.0.113.1, 198.51.100.7, 10.0.0.2'), 2)).toBe('198.51.100.7');
    expect(clientAddress(request('198.51.100.7'), 2)).toBe('10.0.0.5'); // did not pass both proxies
    expect(clientAddress(request('203.0.113.1'), 0)).toBe('10.0.0.5'); // proxies not trusted
  });

  it('rate-limits a client that rotates a spoofed X-Forwarded-For entry (TRUST_PROXY=true)', async () => {
    const running = await startService(brain, { TRUST_PROXY: 'true', WEBCHAT_RATE_LIMIT: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await post(
          `${running.url}/api/webchat/conversations`,
          {},
          { ...JSON_HEADERS, 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7` },
        );
        codes.push(res.status);
      }
      expect(codes).toEqual([200, 200, 200, 429, 429, 429]);
    } finally {
      await running.service.close();
    }
  });
});

describe('row 5: masking unanswered questions', () => {
  it.each([
    ['ASCII digits', 'xyzzy plugh 0612345678', 'xyzzy plugh [phone]'],
    ['Arabic-Indic digits', 'xyzzy plugh ٠٦١٢٣٤٥٦٧٨', 'xyzzy plugh [phone]'],
    ['Persian digits', 'xyzzy plugh ۰۶۱۲۳۴۵۶۷۸', 'xyzzy plugh [phone]'],
    ['fullwidth digits', 'xyzzy plugh ０６１２３４５６７８', 'xyzzy plugh [phone]'],
    ['mathematical bold digits', 'xyzzy plugh 𝟎𝟔𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖', 'xyzzy plugh [phone]'],
    ['a fullwidth @ and dot', 'xyzzy plugh zorblax＠gmail．com', 'xyzzy plugh [email]'],
    ['a non-ASCII letter in the address', 'xyzzy plugh zörblax.qux@gmail.com', 'xyzzy plugh [email]'],
    ['an address in Arabic text', 'بريدي zorblax@gmail.com شكرا', 'بريدي [email] شكرا'],
    ['a phone number in Arabic text', 'زوربلاكس ٠٦٦١٢٣٤٥٦٧ كرة القدم', 'زوربلاكس [phone] كره القدم'],
    ['an age in Eastern Arabic digits', 'عمري ٢٣ سنة', 'عمري # سنه'],
  ])('masks %s', (_label, question, masked) => {
    expect(maskQuestion(question)).toBe(masked);
  });
});

describe('row 6: no message text or id in any log', () => {
  it('answers a reply that cannot be serialised with a JSON 500, and logs it without text or ids', async () => {
    const lines: string[] = [];
    const running = await startService(brain, {}, (line) => lines.push(line));
    try {
      const deep = '['.repeat(12_000) + ']'.repeat(12_000);
      const body = JSON.stringify(
        messageActivity('DEEP-CONV-MARK', 'DEEP-TEXT-MARK 0612345678', { from: { id: 'DEEP-USER-MARK', x: 'DEEP' } }),
      ).replace('"DEEP"', deep);
      const res = await post(`${running.url}/api/messages`, body);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal error' });
      expect(lines.some((l) => l.includes('response.unserialisable'))).toBe(true);
      expect(lines.join('\n')).not.toMatch(/DEEP-(TEXT|USER|CONV)-MARK|0612345678/);
    } finally {
      await running.service.close();
    }
  });

  it("silences restify's own logger, whatever the request", async () => {
    const running = await startService(brain);
    try {
      expect(Reflect.get(running.service.server.log, 'level')).toBe('silent');
    } finally {
      await running.service.close();
    }
  });
});

describe('rows 7, 8: no request forgery in local mode; outbound calls end', () => {
  it('row 7: refuses a non-loopback serviceUrl without expectReplies in local mode (400), and allows loopback', async () => {
    const running = await startService(brain);
    try {
      for (const serviceUrl of ['http://10.0.0.1/internal-admin/', 'https://example.org/', 'http://169.254.169.254/latest/']) {
        const res = await post(
          `${running.url}/api/messages`,
          messageActivity('ssrf-1', 'bonjour', { deliveryMode: undefined, serviceUrl }),
        );
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual({ error: expect.stringContaining('loopback') });
      }
      const replies = await post(
        `${running.url}/api/messages`,
        messageActivity('ssrf-2', 'bonjour', { serviceUrl: 'https://example.org/' }),
      );
      expect(replies.status).toBe(200); // expectReplies: nothing leaves the process
    } finally {
      await running.service.close();
    }
    expect(isLoopbackUrl('http://localhost:3978/')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1:9/')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:9/')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1.example.org/')).toBe(false);
    expect(isLoopbackUrl('http://x@10.0.0.1/')).toBe(false);
  });

  it('row 8: gives up on a channel service that never answers (OUTBOUND_TIMEOUT_MS) and answers the request', async () => {
    const hole = await blackhole();
    const running = await startService(brain, { OUTBOUND_TIMEOUT_MS: '300' });
    try {
      const res = await post(
        `${running.url}/api/messages`,
        messageActivity('hole-1', 'bonjour', { deliveryMode: undefined, serviceUrl: hole.url }),
      );
      expect(res.status).toBeGreaterThanOrEqual(200);
      await res.text();
      expect(hole.connections()).toBeGreaterThan(0);
    } finally {
      await running.service.close();
      await hole.close();
    }
  });

  it('row 8: shuts down (close resolves) while a request waits on a channel service that never answers', async () => {
    const hole = await blackhole();
    const running = await startService(brain, { OUTBOUND_TIMEOUT_MS: '60000', SHUTDOWN_GRACE_MS: '200' });
    const pending = post(
      `${running.url}/api/messages`,
      messageActivity('hole-2', 'bonjour', { deliveryMode: undefined, serviceUrl: hole.url }),
    ).catch(() => undefined);
    while (hole.connections() === 0) await new Promise((r) => setTimeout(r, 20));
    const closed = await Promise.race([
      running.service.close().then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 20_000)),
    ]);
    expect(closed).toBe(true);
    await pending;
    await hole.close();
  });
});

describe('rows 9-14: storage and report integrity', () => {
  it('row 9: the memory store keeps at most MEMORY_MAX_ITEMS items, the least recently written going first, counters kept', async () => {
    const store = new BoundedMemoryStorage(100, (k) => k === 'counts');
    await store.write({ counts: { n: 1 } });
    for (let i = 0; i < 300; i++) await store.write({ [`conv-${i}`]: { i } });
    expect(store.size).toBe(100);
    expect(Object.keys(await store.read(['counts', 'conv-0', 'conv-299']))).toEqual(['counts', 'conv-299']);
    await store.write({ 'conv-201': { i: 201 } }); // written again: now the most recent
    await store.write({ 'conv-new': { i: -1 } });
    expect(Object.keys(await store.read(['conv-201', 'conv-202']))).toEqual(['conv-201']);
  });

  it('row 9: the configured memory store is bounded', async () => {
    const config = parseConfig({ MEMORY_MAX_ITEMS: '100' });
    const { storage } = createStorage(config, createLogger('silent'));
    for (let i = 0; i < 300; i++) await storage.write({ [`test/conversations/c${i}/`]: { i } });
    expect(Object.keys(await storage.read(Array.from({ length: 300 }, (_, i) => `test/conversations/c${i}/`)))).toHaveLength(100);
  });

  it('row 10: counts made-up source tags under "(other)" beyond 200 distinct ones, or outside the configured list', () => {
    const open = new StatsRecorder();
    for (let i = 0; i < 5_000; i++) open.conversationStarted(`fake-${i}`);
    const counts = open.snapshot().conversationsBySource;
    expect(Object.keys(counts).length).toBeLessThanOrEqual(201);
    expect(counts['(other)']).toBe(4_800);
    const listed = new StatsRecorder({ sourceTags: ['rabat-office', 'oujda-poster'] });
    listed.conversationStarted('rabat-office');
    listed.conversationStarted('fake-office-1');
    listed.conversationSourced('oujda-poster');
    expect(listed.snapshot().conversationsBySource).toEqual({ 'rabat-office': 1, '(other)': 1, 'oujda-poster': 1 });
    expect(parseConfig({ SOURCE_TAGS: 'rabat-office, oujda-poster' }).SOURCE_TAGS).toEqual(['rabat-office', 'oujda-poster']);
    expect(() => parseConfig({ SOURCE_TAGS: 'bad tag!' })).toThrow(/SOURCE_TAGS/);
  });

  it.each(['memory', 'file'])('row 10: keeps every one of 20 concurrent feedback answers (%s store)', async (kind) => {
    const config = parseConfig({ STORAGE: kind, STORAGE_DIR: dir });
    const { storage } = createStorage(config, createLogger('silent'));
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordFeedback(storage, 'about-iom', i % 4 !== 0)));
    expect(await readFeedback(storage)).toEqual({ 'about-iom': { helpful: 15, notHelpful: 5 } });
  });

  it('row 10: retries a feedback write that lost an eTag race with another instance', async () => {
    const inner = new BoundedMemoryStorage(100);
    let raced = false;
    const racing = {
      read: (keys: string[]) => inner.read(keys),
      delete: (keys: string[]) => inner.delete(keys),
      write: async (changes: Record<string, unknown>) => {
        if (!raced) {
          raced = true;
          // Another instance adds its count between our read and our write.
          await recordFeedback(inner, 'about-iom', true);
        }
        return inner.write(changes);
      },
    };
    await recordFeedback(inner, 'about-iom', true);
    await recordFeedback(racing, 'about-iom', false);
    expect(await readFeedback(inner)).toEqual({ 'about-iom': { helpful: 2, notHelpful: 1 } });
  });

  it('row 11: a damaged stored item counts as absent, is removed, and leaves the store working for everyone', async () => {
    const config = parseConfig({ STORAGE: 'file', STORAGE_DIR: dir });
    const lines: string[] = [];
    const store = createStorage(
      config,
      createLogger('info', false, (l) => lines.push(l)),
    );
    await store.storage.write({ 'test/conversations/BAD/': { lang: 'fr' } });
    const [file] = readdirSync(dir);
    writeFileSync(path.join(dir, file ?? 'missing'), '{"key":"x","value":{garbage');
    await store.storage.write({ 'test/conversations/OTHER/': { lang: 'en' } });
    expect(await store.storage.read(['test/conversations/BAD/'])).toEqual({});
    expect(store.healthy()).toBe(true);
    expect(await store.storage.read(['test/conversations/OTHER/'])).toEqual({
      'test/conversations/OTHER/': expect.objectContaining({ lang: 'en' }),
    });
    expect(readdirSync(dir)).toHaveLength(1);
    expect(lines.join('\n')).toContain('storage.item.corrupt');
  });

  it('row 11: a damaged item in a store that throws on it (a blob that is not JSON) is removed without disabling the store', async () => {
    const inner = new BoundedMemoryStorage(100);
    await inner.write({ good: { lang: 'en' }, bad: { lang: 'fr' } });
    const deleted: string[] = [];
    const blobLike = {
      read: async (keys: string[]) => {
        if (keys.includes('bad')) throw new SyntaxError('Unexpected token g in JSON at position 1');
        return inner.read(keys);
      },
      write: (changes: Record<string, unknown>) => inner.write(changes),
      delete: async (keys: string[]) => {
        deleted.push(...keys);
        await inner.delete(keys);
      },
    };
    const store = new ResilientStorage(blobLike, createLogger('silent'));
    expect(Object.keys(await store.read(['good', 'bad']))).toEqual(['good']);
    expect(store.healthy).toBe(true);
    expect(deleted).toEqual(['bad']);
  });

  it('row 13: stores no channel id: file names and contents hold hashes only', async () => {
    const config = parseConfig({ STORAGE: 'file', STORAGE_DIR: dir });
    const { storage } = createStorage(config, createLogger('silent'));
    await storage.write({
      'sms/users/+212612345678/': { profile: { lang: 'fr' } },
      'sms/conversations/CONV-MARK-1/': { conversation: { lang: 'fr' } },
    });
    const names = readdirSync(dir);
    expect(names).toHaveLength(2);
    const everything = names.map((n) => n + readFileSync(path.join(dir, n), 'utf8')).join('\n');
    expect(everything).not.toMatch(/212612345678|CONV-MARK|sms\//);
    expect(Object.keys(await storage.read(['sms/users/+212612345678/']))).toEqual(['sms/users/+212612345678/']);
  });
});

describe('row 14: "forget me" in the web chat deletes the conversation record too', () => {
  it('deletes the record when a reply carries channelData.iomForget, so that the id stops working', async () => {
    const storage = new BoundedMemoryStorage(1000);
    const auth = new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const adapter = new CloudAdapter(auth);
    const logic = async (context: TurnContext) => {
      if (context.activity.type !== ActivityTypes.Message) return;
      const forget = context.activity.text === 'forget me';
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: forget ? 'forgotten' : 'ok',
        ...(forget ? { channelData: { iomForget: true } } : {}),
      });
    };
    const server = restify.createServer();
    server.use(jsonBodyReader(262_144));
    mountWebchat(server, {
      adapter,
      auth,
      storage,
      logic,
      rateLimit: { requests: 100, windowMs: 60_000 },
      clientKey: () => 'k',
      onError: () => undefined,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${server.address().port}`;
    try {
      const { conversationId } = (await (await post(`${url}/api/webchat/conversations`, {})).json()) as { conversationId: string };
      const say = async (text: string) =>
        (await (await post(`${url}/api/webchat/conversations/${conversationId}/activities`, { text })).json()) as {
          conversationId: string;
        };
      expect((await say('hello')).conversationId).toBe(conversationId);
      expect((await say('forget me')).conversationId).toBe(conversationId);
      expect(await storage.read([`webchat-conversation/${conversationId}`])).toEqual({});
      expect((await say('hello again')).conversationId).not.toBe(conversationId);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('row 15: refused tokens', () => {
  it('logs refused tokens once per interval, without stacks, and answers each with the fixed 401', async () => {
    const lines: string[] = [];
    const running = await startService(
      brain,
      { MicrosoftAppId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', MicrosoftAppPassword: 'not-a-real-secret-123' },
      (l) => lines.push(l),
    );
    try {
      for (let i = 0; i < 5; i++) {
        const res = await post(`${running.url}/api/messages`, messageActivity(`forged-${i}`, 'bonjour', { deliveryMode: undefined }), {
          ...JSON_HEADERS,
          authorization: 'Bearer not.a.token',
        });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error: 'a valid Bot Framework token is required' });
      }
      const auth = lines.filter((l) => /"event":"auth\./.test(l));
      expect(auth).toHaveLength(1);
      expect(auth[0]).not.toContain('"stack"');
    } finally {
      await running.service.close();
    }
  });
});
