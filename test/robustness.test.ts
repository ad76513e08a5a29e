/**
 * Robustness and security matrix over real HTTP: every odd, broken or hostile request gets a
 * clear answer (a 4xx with a JSON error, or a defined 2xx), never a 500 or a crash, and the
 * service keeps answering GET /healthz afterwards.
 */
import { createHmac, createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { AuthenticationConstants } from 'botframework-connector';
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';
import type { Brain } from '../src/app';
import { parseConfig } from '../src/config';
import type { Lang } from '../src/kb/schema';
import { createLogger } from '../src/log';
import { createService, type Service } from '../src/server/service';
import { ARABIC } from './helpers/bot';
import { sharedBrain } from './helpers/brain';

jest.setTimeout(60_000);

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});
const t = (lang: Lang, key: string) => brain.locales.translator(lang)(key);

interface Running {
  service: Service;
  url: string;
}

async function start(env: Record<string, string> = {}): Promise<Running> {
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  const service = createService({ config, brain, log: createLogger('silent') });
  const port = await service.listen(0, '127.0.0.1');
  return { service, url: `http://127.0.0.1:${port}` };
}

/** A stand-in for a channel's connector: counts every request the bot makes to its serviceUrl. */
async function startConnector(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, received, close: () => new Promise((r) => server.close(() => r())) };
}

interface Reply {
  type?: string;
  text?: string;
  locale?: string;
  value?: { status?: number };
  conversation?: { id?: string };
}

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  json: unknown;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

async function send(
  url: string,
  route: string,
  body: string | Buffer | Readable | undefined,
  headers: Record<string, string> = JSON_HEADERS,
): Promise<Answer> {
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers, body: body as BodyInit | undefined };
  if (body instanceof Readable) init.duplex = 'half';
  const res = await fetch(`${url}${route}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}

const replies = (answer: Answer): Reply[] => (answer.json as { activities?: Reply[] } | undefined)?.activities ?? [];
const messages = (answer: Answer): Reply[] => replies(answer).filter((a) => a.type === 'message');

async function expectHealthy(url: string): Promise<void> {
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok' });
}

/** No error response shows how the service is built or any secret. */
function expectNothingInternal(answer: Answer, secrets: string[] = []): void {
  expect(answer.text).not.toMatch(/\bat .+:\d+:\d+/); // a stack frame
  expect(answer.text).not.toMatch(/node_modules|\/work\/|\/src\/|\.ts\b|\.js:\d/); // a file path
  expect(answer.text).not.toMatch(/ENOTFOUND|ECONNREFUSED|getaddrinfo|https?:\/\//); // network internals
  for (const secret of secrets) expect(answer.text).not.toContain(secret);
}

/**
 * A 4xx whose body is a JSON object naming the problem, in the service's one error shape
 * ({"error": "..."}), whether the route refused it or the HTTP layer did (body reader, restify's router).
 */
function expectJsonError(answer: Answer, status: number, _refusedBy: 'ours' | 'http', message?: RegExp | string): void {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  const body = answer.json as Record<string, unknown>;
  expect(body).toEqual({ error: expect.any(String) });
  if (message) expect(body.error).toMatch(message);
  expectNothingInternal(answer);
}

let counter = 0;
/** A valid message activity (expectReplies, own conversation and user), with fields replaced or removed. */
function activity(extra: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  const base: Record<string, unknown> = {
    type: 'message',
    id: `m${counter}`,
    text: 'bonjour',
    deliveryMode: 'expectReplies',
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: `robust-user-${counter}` },
    recipient: { id: 'bot' },
    conversation: { id: `robust-conv-${counter}` },
  };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}
const json = (extra: Record<string, unknown> = {}) => JSON.stringify(activity(extra));

describe('POST /api/messages with broken or invalid requests (local mode)', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start();
  });
  // Whatever the request, the service still answers afterwards.
  afterEach(async () => expectHealthy(running.url));
  afterAll(async () => running.service.close());

  const post = (body: string | Buffer | Readable | undefined, headers: Record<string, string> = JSON_HEADERS) =>
    send(running.url, '/api/messages', body, headers);
  /** The 400 names the first field that is missing or of the wrong type (never its value). */
  const invalid = (field: string) => new RegExp(`^not a valid activity \\(missing or invalid: ${field.replace(/\./g, '\\.')}\\)$`);

  it.each<[string, () => string | Buffer, Record<string, string>, number, 'ours' | 'http', RegExp]>([
    ['malformed JSON', () => '{"type": "message", ', JSON_HEADERS, 400, 'http', /not valid JSON/],
    ['a whitespace-only body', () => '   \n ', JSON_HEADERS, 400, 'http', /not valid JSON/],
    [
      'invalid UTF-8 bytes where JSON syntax belongs',
      () => Buffer.concat([Buffer.from('{"type":"message",'), Buffer.from([0xff, 0xfe]), Buffer.from('"text":"hi"}')]),
      JSON_HEADERS,
      400,
      'http',
      /not valid JSON/,
    ],
    ['an empty body', () => '', JSON_HEADERS, 400, 'ours', invalid('body')],
    ['a text/plain content type', () => json(), { 'content-type': 'text/plain' }, 415, 'ours', /application\/json/],
    [
      'a form content type',
      () => 'type=message&text=hi',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'ours',
      /application\/json/,
    ],
    ['no content type', () => Buffer.from(json()), {}, 415, 'ours', /application\/json/],
    ['a JSON array', () => '[{"type":"message"}]', JSON_HEADERS, 400, 'ours', invalid('body')],
    ['JSON null', () => 'null', JSON_HEADERS, 400, 'ours', invalid('body')],
    ['a JSON number', () => '42', JSON_HEADERS, 400, 'ours', invalid('body')],
    ['a JSON string', () => '"message"', JSON_HEADERS, 400, 'ours', invalid('body')],
    ['an activity without type', () => json({ type: undefined }), JSON_HEADERS, 400, 'ours', invalid('type')],
    ['an empty type', () => json({ type: '' }), JSON_HEADERS, 400, 'ours', invalid('type')],
    ['a numeric type', () => json({ type: 7 }), JSON_HEADERS, 400, 'ours', invalid('type')],
    ['text: 42', () => json({ text: 42 }), JSON_HEADERS, 400, 'ours', invalid('text')],
    ['text as an object', () => json({ text: { fr: 'bonjour' } }), JSON_HEADERS, 400, 'ours', invalid('text')],
    ['from: "x"', () => json({ from: 'x' }), JSON_HEADERS, 400, 'ours', invalid('from')],
    ['no from', () => json({ from: undefined }), JSON_HEADERS, 400, 'ours', invalid('from')],
    ['an empty from.id', () => json({ from: { id: '' } }), JSON_HEADERS, 400, 'ours', invalid('from.id')],
    ['a numeric from.id', () => json({ from: { id: 5 } }), JSON_HEADERS, 400, 'ours', invalid('from.id')],
    ['conversation: "x"', () => json({ conversation: 'x' }), JSON_HEADERS, 400, 'ours', invalid('conversation')],
    ['conversation: {id: 5}', () => json({ conversation: { id: 5 } }), JSON_HEADERS, 400, 'ours', invalid('conversation.id')],
    ['a conversation without id', () => json({ conversation: {} }), JSON_HEADERS, 400, 'ours', invalid('conversation.id')],
    ['an empty conversation id', () => json({ conversation: { id: '' } }), JSON_HEADERS, 400, 'ours', invalid('conversation.id')],
    ['no conversation', () => json({ conversation: undefined }), JSON_HEADERS, 400, 'ours', invalid('conversation')],
    ['no channelId', () => json({ channelId: undefined }), JSON_HEADERS, 400, 'ours', invalid('channelId')],
    ['a numeric channelId', () => json({ channelId: 5 }), JSON_HEADERS, 400, 'ours', invalid('channelId')],
    ['a numeric locale', () => json({ locale: 5 }), JSON_HEADERS, 400, 'ours', invalid('locale')],
    ['attachments: "x"', () => json({ attachments: 'x' }), JSON_HEADERS, 400, 'ours', invalid('attachments')],
    [
      'membersAdded: "x"',
      () => json({ type: 'conversationUpdate', membersAdded: 'x' }),
      JSON_HEADERS,
      400,
      'ours',
      invalid('membersAdded'),
    ],
    [
      'membersAdded: [null]',
      () => json({ type: 'conversationUpdate', membersAdded: [null] }),
      JSON_HEADERS,
      400,
      'ours',
      invalid('membersAdded.0'),
    ],
    ['a numeric deliveryMode', () => json({ deliveryMode: 5 }), JSON_HEADERS, 400, 'ours', invalid('deliveryMode')],
    ['a numeric serviceUrl', () => json({ serviceUrl: 5 }), JSON_HEADERS, 400, 'ours', invalid('serviceUrl')],
    [
      'no serviceUrl (the bot would call a default public host)',
      () => json({ serviceUrl: undefined }),
      JSON_HEADERS,
      400,
      'ours',
      invalid('serviceUrl'),
    ],
    [
      'a serviceUrl that is not http(s)',
      () => json({ serviceUrl: 'file:///etc/passwd' }),
      JSON_HEADERS,
      400,
      'ours',
      invalid('serviceUrl'),
    ],
  ])('rejects %s with a JSON 4xx and keeps serving', async (_label, body, headers, status, shape, message) => {
    const res = await post(body(), headers);
    expectJsonError(res, status, shape, message);
  });

  it.each<[string, Record<string, string>, () => Buffer]>([
    ['a gzip-labelled body that is not gzip', { ...JSON_HEADERS, 'content-encoding': 'gzip' }, () => Buffer.from(json())],
    // 256 KB of gzip can inflate to hundreds of MB: compressed bodies are refused, not inflated.
    ['a real gzip body', { ...JSON_HEADERS, 'content-encoding': 'gzip' }, () => gzipSync(json())],
    ['a deflate body', { ...JSON_HEADERS, 'content-encoding': 'deflate' }, () => Buffer.from(json())],
  ])('refuses %s with 415 instead of crashing the process', async (_label, headers, body) => {
    const res = await post(body(), headers);
    expectJsonError(res, 415, 'ours', /content-encoding/i);
  });

  it('refuses a body over MAX_BODY_BYTES (default 256 KB) with 413', async () => {
    const res = await post(json({ text: 'x'.repeat(300_000) }));
    expectJsonError(res, 413, 'http', 'larger than 262144 bytes');
  });

  it('refuses an oversized body sent in chunks without a content length with 413', async () => {
    const res = await post(Readable.from([Buffer.from(json({ text: 'x'.repeat(300_000) }))]));
    expectJsonError(res, 413, 'http', 'larger than 262144 bytes');
  });

  it('keeps the body limit at 256 KB by default and never above 1 MB', () => {
    expect(parseConfig({}).MAX_BODY_BYTES).toBe(262_144);
    expect(parseConfig({ MAX_BODY_BYTES: '1048576' }).MAX_BODY_BYTES).toBe(1_048_576);
    expect(() => parseConfig({ MAX_BODY_BYTES: '1048577' })).toThrow(/MAX_BODY_BYTES/);
  });
});

describe('POST /api/messages with unusual but valid activities (local mode)', () => {
  let running: Running;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  beforeAll(async () => {
    running = await start();
    connector = await startConnector();
  });
  afterAll(async () => {
    await running.service.close();
    await connector.close();
  });
  beforeEach(() => {
    connector.received.length = 0;
  });
  afterEach(async () => expectHealthy(running.url));

  const post = (body: string | Buffer) => send(running.url, '/api/messages', body);

  it.each(['typing', 'event', 'messageReaction', 'endOfConversation', 'somethingElse'])(
    'answers a "%s" activity with 200 and no reply, in the response or to the channel',
    async (type) => {
      const expecting = await post(json({ type, name: 'x', text: undefined }));
      expect(expecting.status).toBe(200);
      expect(expecting.json).toEqual({ activities: [] });
      const normal = await post(json({ type, name: 'x', text: undefined, deliveryMode: undefined, serviceUrl: connector.url }));
      expect(normal.status).toBe(200);
      expect(normal.text).toBe('');
      expect(connector.received).toEqual([]);
    },
  );

  it('answers an unhandled invoke with the Bot Framework "not implemented" invoke response (501), and no message', async () => {
    const expecting = await post(json({ type: 'invoke', name: 'unknown/operation', text: undefined, value: { x: 1 } }));
    expect(expecting.status).toBe(200);
    expect(replies(expecting)).toEqual([expect.objectContaining({ type: 'invokeResponse', value: { status: 501 } })]);
    const normal = await post(
      json({ type: 'invoke', name: 'unknown/operation', text: undefined, deliveryMode: undefined, serviceUrl: connector.url }),
    );
    expect(normal.status).toBe(501);
    expect(normal.text).toBe('');
    expect(connector.received).toEqual([]);
  });

  it('treats text: null like an empty message and shows the menu in French', async () => {
    const res = await post(json({ text: null }));
    expect(res.status).toBe(200);
    expect(messages(res).map((m) => m.text)).toContain(t('fr', 'reply.menu'));
    expect(messages(res).every((m) => m.locale === 'fr-MA')).toBe(true);
  });

  it('treats a message without text like an empty message and shows the menu', async () => {
    const res = await post(json({ text: undefined }));
    expect(res.status).toBe(200);
    expect(messages(res).map((m) => m.text)).toContain(t('fr', 'reply.menu'));
  });

  it('accepts channelData of any shape (channel-specific) and still answers', async () => {
    const res = await post(json({ channelData: [1] }));
    expect(res.status).toBe(200);
    expect(
      messages(res)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(t('fr', 'reply.greeting'));
  });

  it('answers emoji-only text in French (no language evidence)', async () => {
    const res = await post(json({ text: '😀🙏🇲🇦👍🏽' }));
    expect(res.status).toBe(200);
    expect(messages(res).length).toBeGreaterThan(0);
    for (const m of messages(res)) {
      expect(m.locale).toBe('fr-MA');
      expect(m.text).toBeTruthy();
    }
  });

  it('ignores zero-width and bidi control characters around a French greeting', async () => {
    const res = await post(json({ text: '\u200b\u200c\u200d\u202e\u2066bon\u200bjour\u2069\u202c\ufeff' }));
    expect(res.status).toBe(200);
    expect(
      messages(res)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(t('fr', 'reply.greeting'));
  });

  it('answers Arabic wrapped in a right-to-left override in Arabic', async () => {
    const res = await post(json({ text: '\u202eالسلام عليكم\u202c' }));
    expect(res.status).toBe(200);
    expect(messages(res).length).toBeGreaterThan(0);
    for (const m of messages(res)) {
      expect(m.locale).toBe('ar-MA');
      expect(m.text).toMatch(ARABIC);
    }
  });

  it('never reflects HTML or script from the message: replies are JSON and carry none of it', async () => {
    const res = await post(json({ text: '<script>alert(1)</script><img src=x onerror=alert(2)> contact OIM' }));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(messages(res).length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/<script|onerror|<img/i);
  });

  it('decodes invalid UTF-8 bytes in the text as replacement characters and answers', async () => {
    const [before, after] = json({ text: 'bonjour @@' }).split('@@') as [string, string];
    const body = Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(after)]);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(
      messages(res)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(t('fr', 'reply.greeting'));
  });

  it('answers a 10,000-character question within the body limit', async () => {
    const text = "Comment contacter l'OIM au Maroc ? ".repeat(300).slice(0, 10_000);
    const res = await post(json({ text }));
    expect(res.status).toBe(200);
    expect(messages(res).length).toBeGreaterThan(0);
    expect(messages(res).every((m) => m.locale === 'fr-MA')).toBe(true);
  });

  it('answers a 100,000-character message of random words within the body limit', async () => {
    const words: string[] = [];
    let length = 0;
    while (length <= 100_000) {
      const word =
        randomBytes(6)
          .toString('base64url')
          .replace(/[^a-z]/gi, '')
          .toLowerCase() || 'mot';
      words.push(word);
      length += word.length + 1;
    }
    const text = words.join(' ').slice(0, 100_000);
    expect(text.length).toBe(100_000);
    const res = await post(json({ text }));
    expect(res.status).toBe(200);
    expect(messages(res).length).toBeGreaterThan(0);
  });

  it('answers a 100,000-character Arabic message in Arabic', async () => {
    const text = 'أريد العودة الطوعية إلى بلدي '.repeat(4000).slice(0, 100_000);
    const res = await post(json({ text }));
    expect(res.status).toBe(200);
    expect(messages(res).length).toBeGreaterThan(0);
    for (const m of messages(res)) expect(m.locale).toBe('ar-MA');
  });

  it('survives deeply nested JSON in an unused field', async () => {
    const nested = '['.repeat(50_000) + ']'.repeat(50_000);
    const res = await post(json({ channelData: '@@' }).replace('"@@"', nested));
    expect(res.status).toBe(200);
    expect(messages(res).length).toBeGreaterThan(0);
  });

  it('ignores __proto__ and constructor keys in the body', async () => {
    const res = await post(
      json({ text: 'hello' }).replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},'),
    );
    expect(res.status).toBe(200);
    expect(messages(res).length).toBeGreaterThan(0);
    const fresh: Record<string, unknown> = {};
    expect(fresh.polluted).toBeUndefined();
  });
});

describe('the web chat endpoints with broken or invalid requests', () => {
  let running: Running;
  let conversationId: string;
  beforeAll(async () => {
    running = await start({ WEBCHAT_RATE_LIMIT: '10000' });
    const started = await send(running.url, '/api/webchat/conversations', '{}');
    conversationId = (started.json as { conversationId: string }).conversationId;
  });
  // Whatever the request, the service still answers afterwards.
  afterEach(async () => expectHealthy(running.url));
  afterAll(async () => running.service.close());

  const route = () => `/api/webchat/conversations/${conversationId}/activities`;
  const say = (body: string | Buffer, headers: Record<string, string> = JSON_HEADERS) => send(running.url, route(), body, headers);
  const EXPECTED_TEXT = /expected \{"text"/;

  it.each<[string, () => string | Buffer, Record<string, string>, number, 'ours' | 'http', RegExp | string]>([
    ['malformed JSON', () => '{"text": ', JSON_HEADERS, 400, 'http', /not valid JSON/],
    ['an empty body', () => '', JSON_HEADERS, 400, 'ours', EXPECTED_TEXT],
    ['text: 42', () => '{"text":42}', JSON_HEADERS, 400, 'ours', EXPECTED_TEXT],
    ['text: null', () => '{"text":null}', JSON_HEADERS, 400, 'ours', EXPECTED_TEXT],
    ['text as an object', () => '{"text":{"fr":"bonjour"}}', JSON_HEADERS, 400, 'ours', EXPECTED_TEXT],
    ['a body without text', () => '{"txt":"bonjour"}', JSON_HEADERS, 400, 'ours', EXPECTED_TEXT],
    ['a JSON array', () => '["bonjour"]', JSON_HEADERS, 400, 'ours', EXPECTED_TEXT],
    ['JSON null', () => 'null', JSON_HEADERS, 400, 'ours', EXPECTED_TEXT],
    ['a text/plain content type', () => '{"text":"bonjour"}', { 'content-type': 'text/plain' }, 415, 'ours', /application\/json/],
    [
      'a gzip-labelled body that is not gzip',
      () => '{"text":"bonjour"}',
      { ...JSON_HEADERS, 'content-encoding': 'gzip' },
      415,
      'ours',
      /content-encoding/i,
    ],
    [
      'text over 1,000 characters',
      () => JSON.stringify({ text: 'a'.repeat(1001) }),
      JSON_HEADERS,
      413,
      'ours',
      'message longer than 1000 characters',
    ],
    [
      'text over 1,000 UTF-16 units of emoji',
      () => JSON.stringify({ text: '😀'.repeat(501) }),
      JSON_HEADERS,
      413,
      'ours',
      'message longer than 1000 characters',
    ],
    [
      'a body over MAX_BODY_BYTES',
      () => JSON.stringify({ text: 'bonjour', extra: 'x'.repeat(300_000) }),
      JSON_HEADERS,
      413,
      'http',
      'larger than 262144 bytes',
    ],
  ])('rejects %s with a JSON 4xx and keeps serving', async (_label, body, headers, status, shape, message) => {
    const res = await say(body(), headers);
    expectJsonError(res, status, shape, message);
  });

  it('ignores huge extra fields within the body limit and answers in the same conversation', async () => {
    const res = await say(
      JSON.stringify({
        text: "Quelle est l'adresse de l'OIM ?",
        extra: 'x'.repeat(200_000),
        more: { list: Array.from({ length: 5000 }, (_, i) => i) },
      }),
    );
    expect(res.status).toBe(200);
    const body = res.json as { conversationId: string; activities: Reply[] };
    expect(body.conversationId).toBe(conversationId);
    expect(body.activities.length).toBeGreaterThan(0);
    expect(res.text).not.toContain('xxxxxxxxxx');
  });

  it('ignores fields that try to change the conversation, user, type, channel or serviceUrl', async () => {
    const res = await say(
      JSON.stringify({
        text: 'bonjour',
        conversation: { id: 'someone-else' },
        from: { id: 'admin' },
        type: 'invoke',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:1/',
      }),
    );
    expect(res.status).toBe(200);
    const body = res.json as { conversationId: string; activities: Reply[] };
    expect(body.conversationId).toBe(conversationId);
    expect(body.activities.every((a) => a.type === 'message')).toBe(true);
    expect(res.text).not.toMatch(/someone-else|admin|msteams|127\.0\.0\.1:1/);
  });

  it('decodes invalid UTF-8 bytes as replacement characters and answers', async () => {
    const res = await say(Buffer.concat([Buffer.from('{"text":"bonjour '), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]));
    expect(res.status).toBe(200);
    expect((res.json as { activities: Reply[] }).activities.length).toBeGreaterThan(0);
  });

  it('never reflects HTML or script from the message', async () => {
    const res = await say(JSON.stringify({ text: '<img src=x onerror=alert(1)><script>alert(2)</script>' }));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.text).not.toMatch(/<script|onerror|<img/i);
  });

  it('gives a malformed or unknown conversation id a new conversation instead of an error', async () => {
    const res = await send(running.url, '/api/webchat/conversations/..%2F..%2Fetc%2Fpasswd/activities', '{"text":"bonjour"}');
    expect(res.status).toBe(200);
    const body = res.json as { conversationId: string };
    expect(body.conversationId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(body.conversationId).not.toBe(conversationId);
  });

  it('rejects malformed JSON when starting a conversation with 400', async () => {
    const res = await send(running.url, '/api/webchat/conversations', '{"locale":');
    expectJsonError(res, 400, 'http', /not valid JSON/);
  });

  it('starts a conversation in French when its options are of the wrong type (they are optional)', async () => {
    for (const body of ['[1]', '{"locale":5,"source":{}}', '']) {
      const res = await send(running.url, '/api/webchat/conversations', body);
      expect(res.status).toBe(200);
      const started = res.json as { conversationId: string; activities: Reply[] };
      expect(started.conversationId).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(started.activities[0]!.locale).toBe('fr-MA');
    }
  });
});

describe('the web page never inserts bot text as HTML', () => {
  it('builds every message with DOM nodes and textContent, never innerHTML or document.write', async () => {
    const source = readFileSync(path.join(__dirname, '..', 'src', 'web', 'app.js'), 'utf8');
    expect(source).not.toMatch(
      /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|createContextualFragment|DOMParser/,
    );
    expect(source).toMatch(/textContent|createTextNode/);
    const running = await start();
    try {
      const served = await (await fetch(`${running.url}/static/app.js`)).text();
      expect(served).toBe(source);
    } finally {
      await running.service.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Bot Framework authentication
// ---------------------------------------------------------------------------------------------

const APP_ID = '00000000-0000-0000-0000-0000000000a1';
const APP_PASSWORD = 'robustness-secret-Zq9!xV7p';
const OTHER_APP_ID = '99999999-8888-7777-6666-555555555555';
const CHANNEL_ISSUER = AuthenticationConstants.ToBotFromChannelTokenIssuer;

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signRs256(payload: object, key: KeyObject, kid?: string): string {
  const head = `${b64url({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) })}.${b64url(payload)}`;
  return `${head}.${createSign('RSA-SHA256').update(head).sign(key).toString('base64url')}`;
}

function signHs256(payload: object, secret: Buffer | string, kid?: string): string {
  const head = `${b64url({ alg: 'HS256', typ: 'JWT', ...(kid ? { kid } : {}) })}.${b64url(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/**
 * Bot Framework's published signing keys, as botbuilder's key cache sees them: tests publish a key
 * of their own (so no request reaches login.botframework.com) or make the key endpoint fail.
 */
type KeySource = (kid: string) => Promise<{ key: string; endorsements?: string[] } | null>;
const metadataCache = (JwtTokenExtractor as unknown as { openIdMetadataCache: Map<string, { getKey: KeySource }> }).openIdMetadataCache;
const METADATA_URLS = [
  AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
  AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
];

describe('POST /api/messages with Bot Framework credentials configured', () => {
  let running: Running;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let consoleError: jest.SpyInstance;
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const PUBLISHED_KID = 'published-key-1';
  const publishedPem = published.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  let keySource: KeySource;
  const publishKey: KeySource = async (kid) => (kid === PUBLISHED_KID ? { key: publishedPem } : null);

  beforeAll(async () => {
    for (const url of METADATA_URLS) metadataCache.set(url, { getKey: (kid) => keySource(kid) });
    running = await start({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD });
    connector = await startConnector();
    // botbuilder prints every refused request with console.error; these tests expect them.
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    for (const url of METADATA_URLS) metadataCache.delete(url);
    consoleError.mockRestore();
    await running.service.close();
    await connector.close();
  });
  beforeEach(() => {
    keySource = publishKey;
    connector.received.length = 0;
  });
  afterEach(async () => expectHealthy(running.url));

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: CHANNEL_ISSUER,
    aud: OTHER_APP_ID,
    iat: now() - 10,
    nbf: now() - 10,
    exp: now() + 3600,
    serviceurl: connector.url,
    ...extra,
  });
  /** A channel message whose replies would go to the counting connector. */
  const channelMessage = () => json({ deliveryMode: undefined, serviceUrl: connector.url });
  const post = (authorization?: string, body = channelMessage()) =>
    send(running.url, '/api/messages', body, authorization === undefined ? JSON_HEADERS : { ...JSON_HEADERS, authorization });

  function expectRefused(res: Answer): void {
    // The same answer whatever went wrong with the token.
    expectJsonError(res, 401, 'ours', 'a valid Bot Framework token is required');
    expectNothingInternal(res, [APP_PASSWORD]);
    expect(connector.received).toEqual([]);
  }

  it.each<[string, () => string | undefined]>([
    ['no Authorization header', () => undefined],
    ['an empty bearer token', () => 'Bearer '],
    ['a malformed token', () => 'Bearer not.a.token'],
    ['a non-bearer scheme', () => `Basic ${Buffer.from(`${APP_ID}:${APP_PASSWORD}`).toString('base64')}`],
    [
      'an RS256 token signed with a random key, for another app id',
      () => signRs256(claims(), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'attacker-key'),
    ],
    [
      'an RS256 token signed with a random key but naming the published key id',
      () => signRs256(claims({ aud: APP_ID }), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, PUBLISHED_KID),
    ],
    ['an HS256 token signed with a random secret, for another app id', () => signHs256(claims(), randomBytes(32))],
    [
      'an HS256 token keyed with the published public key (algorithm confusion)',
      () => signHs256(claims({ aud: APP_ID }), publishedPem, PUBLISHED_KID),
    ],
    ['an HS256 token signed with the app password', () => signHs256(claims({ aud: APP_ID }), APP_PASSWORD, PUBLISHED_KID)],
    [
      'an unsigned token (alg none)',
      () => `${b64url({ alg: 'none', typ: 'JWT', kid: PUBLISHED_KID })}.${b64url(claims({ aud: APP_ID }))}.`,
    ],
    ['a genuinely signed token for another app id', () => signRs256(claims(), published.privateKey, PUBLISHED_KID)],
    [
      'a genuinely signed but expired token',
      () =>
        signRs256(claims({ aud: APP_ID, iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }), published.privateKey, PUBLISHED_KID),
    ],
    [
      'a genuinely signed token from another issuer',
      () => signRs256(claims({ aud: APP_ID, iss: 'https://evil.example' }), published.privateKey, PUBLISHED_KID),
    ],
    [
      'a genuinely signed token for another serviceUrl',
      () => signRs256(claims({ aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/emea/' }), published.privateKey, PUBLISHED_KID),
    ],
    [
      'an emulator-style token signed with a random key',
      () =>
        signRs256(
          claims({ iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', ver: '1.0', appid: OTHER_APP_ID, aud: APP_ID }),
          generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
          'attacker-key',
        ),
    ],
  ])('refuses %s with 401, no outbound call and no internals', async (_label, token) => {
    const raw = token();
    const res = await post(raw === undefined ? undefined : raw.startsWith('Bearer') || raw.startsWith('Basic') ? raw : `Bearer ${raw}`);
    expectRefused(res);
  });

  it('refuses a forged token with 401 (not 500) when the signing keys cannot be fetched, without naming the key endpoint', async () => {
    keySource = async () => {
      throw new Error(
        'request to https://login.botframework.com/v1/.well-known/openidconfiguration failed, reason: getaddrinfo ENOTFOUND login.botframework.com',
      );
    };
    const res = await post(`Bearer ${signRs256(claims(), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'attacker-key')}`);
    expectRefused(res);
  });

  it('refuses invalid activities with 400 before looking at the token', async () => {
    const res = await post(undefined, json({ conversation: 'x' }));
    expectJsonError(res, 400, 'ours', 'not a valid activity (missing or invalid: conversation)');
    expect(connector.received).toEqual([]);
  });

  it('accepts a genuinely signed token for this app id (the refusals above are about the token)', async () => {
    const token = signRs256(claims({ aud: APP_ID, serviceurl: 'http://127.0.0.1:9/' }), published.privateKey, PUBLISHED_KID);
    const res = await post(`Bearer ${token}`, json({ text: 'hello' }));
    expect(res.status).toBe(200);
    expect(
      messages(res)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(t('en', 'reply.greeting'));
    expect(connector.received).toEqual([]);
  });
});
