import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Brain } from '../src/app';
import { parseConfig } from '../src/config';
import { sharedBrain } from './helpers/brain';
import { messageActivity, type Running, startService } from './helpers/http';

/** Integration tests (a real server, the knowledge base, child processes): generous limits, so that a busy machine never fails them. */
jest.setTimeout(60_000);

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

const start = (env: Record<string, string> = {}) => startService(brain, env);

/** A stand-in for a channel's connector: records the activities the bot posts to its serviceUrl. */
async function startConnector(): Promise<{ url: string; received: unknown[]; close: () => Promise<void> }> {
  const received: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ path: req.url, body: body ? JSON.parse(body) : undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, received, close: () => new Promise((r) => server.close(() => r())) };
}

let conversation = 0;
/** A message in a new conversation. */
const activity = (text: string, extra: Record<string, unknown> = {}) => messageActivity(`conv-${++conversation}`, text, extra);

async function post(url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: { activities?: Array<{ text?: string; locale?: string }> } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

describe('the bot over HTTP, local mode', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => running.service.close());

  it('answers GET /healthz with a small JSON status', async () => {
    const res = await fetch(`${running.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', entries: brain.kb.entries.length, version: expect.any(String) });
  });

  it('answers an Arabic voluntary-return question in Arabic', async () => {
    const { status, json } = await post(running.url, activity('أريد العودة الطوعية إلى بلدي، كيف يمكن للمنظمة مساعدتي؟'));
    expect(status).toBe(200);
    const replies = json!.activities!;
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) {
      expect(r.locale).toMatch(/^ar-/);
      expect(r.text).toMatch(/[\u0600-\u06ff]{3,}/);
    }
  });

  it('asks a French trafficking message whether the person is in danger', async () => {
    const { json } = await post(
      running.url,
      activity("On m'a pris mon passeport et on me force à travailler sans salaire, je suis victime de traite"),
    );
    const last = json!.activities![json!.activities!.length - 1]!;
    // The numbers first, then the help, ending with the question "are you in danger right now?".
    expect(json!.activities![0]!.text).toMatch(/\b19\b[\s\S]*\b177\b/);
    expect(last.text).toContain(brain.locales.translator('fr')('safety.question'));
    expect(last.locale).toBe('fr-MA');
  });

  it('gives the phone number to an English contact question', async () => {
    const { json } = await post(running.url, activity('Which phone number can I call to reach IOM Morocco?'));
    expect(json!.activities!.map((a) => a.text).join('\n')).toContain('+212 (0)5 37 65 28 81');
  });

  it('sends replies to the channel serviceUrl when replies are not expected in the response', async () => {
    const connector = await startConnector();
    try {
      const res = await post(running.url, activity('hello', { deliveryMode: undefined, serviceUrl: connector.url }));
      expect(res.status).toBeLessThan(300);
      expect(connector.received.length).toBeGreaterThan(0);
      expect(JSON.stringify(connector.received)).toContain(brain.locales.translator('en')('reply.privacy'));
    } finally {
      await connector.close();
    }
  });

  it.each([
    ['malformed JSON', '{"type": "message", ', { 'content-type': 'application/json' }, 400],
    ['a wrong content type', 'type=message', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['an activity without type', JSON.stringify({ text: 'hi', conversation: { id: 'x' } }), { 'content-type': 'application/json' }, 400],
    ['an activity without conversation', JSON.stringify({ type: 'message', text: 'hi' }), { 'content-type': 'application/json' }, 400],
    ['an empty body', '', { 'content-type': 'application/json' }, 400],
  ])('rejects %s with a 4xx and keeps serving', async (_label, body, headers, code) => {
    const res = await post(running.url, body, headers);
    expect(res.status).toBe(code);
    const health = await fetch(`${running.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('rejects a body over the size limit with 413', async () => {
    const res = await post(running.url, activity('x'.repeat(400_000)));
    expect(res.status).toBe(413);
  });
});

describe('the bot over HTTP with Bot Framework credentials', () => {
  let running: Running;
  let consoleError: jest.SpyInstance;
  beforeAll(async () => {
    running = await start({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' });
    // botbuilder prints every refused request with console.error; the test expects them.
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    consoleError.mockRestore();
    await running.service.close();
  });

  it('refuses a request without a token with 401 and makes no outbound call', async () => {
    const connector = await startConnector();
    try {
      const res = await post(running.url, activity('bonjour', { deliveryMode: undefined, serviceUrl: connector.url }));
      expect(res.status).toBe(401);
      expect(connector.received).toHaveLength(0);
    } finally {
      await connector.close();
    }
  });

  it('refuses a malformed token with 401', async () => {
    const res = await post(running.url, activity('bonjour'), { 'content-type': 'application/json', authorization: 'Bearer not.a.token' });
    expect(res.status).toBe(401);
  });
});

describe('configuration', () => {
  it('names the variable of a bad value', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ MicrosoftAppId: 'abc' })).toThrow(/MicrosoftAppPassword/);
    expect(() => parseConfig({ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'a', MicrosoftAppPassword: 'b' })).toThrow(
      /MicrosoftAppTenantId/,
    );
    expect(() => parseConfig({ MicrosoftAppType: 'Other' })).toThrow(/MicrosoftAppType/);
  });

  it('defaults to port 3978 in local mode with memory storage', () => {
    expect(parseConfig({})).toMatchObject({ PORT: 3978, STORAGE: 'memory', MicrosoftAppId: undefined });
  });
});
