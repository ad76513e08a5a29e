import type { Brain } from '../src/app';
import { sharedBrain } from './helpers/brain';
import { type Running, startService } from './helpers/http';

/** Integration tests (a real server, the knowledge base, child processes): generous limits, so that a busy machine never fails them. */
jest.setTimeout(60_000);

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

const start = (env: Record<string, string> = {}) => startService(brain, env);

interface WebchatReply {
  conversationId: string;
  activities: Array<{ text?: string; locale?: string }>;
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the web chat endpoint', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000002',
      MicrosoftAppPassword: 'not-a-real-secret',
      WEBCHAT_RATE_LIMIT: '1000',
    });
  });
  afterAll(async () => running.service.close());

  it('works while the bot requires Bot Framework tokens on /api/messages', async () => {
    const res = await fetch(`${running.url}/api/webchat/conversations`, json({ locale: 'fr-FR' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as WebchatReply;
    expect(body.conversationId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(body.activities[0]!.locale).toBe('fr-MA');
    const answer = (await (
      await fetch(
        `${running.url}/api/webchat/conversations/${body.conversationId}/activities`,
        json({ text: "Quelle est l'adresse de l'OIM ?" }),
      )
    ).json()) as WebchatReply;
    expect(answer.conversationId).toBe(body.conversationId);
    expect(answer.activities.map((a) => a.text).join('\n')).toContain('Ait Ourir');
  });

  it('issues a different, unguessable id for every conversation', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++)
      ids.add(((await (await fetch(`${running.url}/api/webchat/conversations`, json({}))).json()) as WebchatReply).conversationId);
    expect(ids.size).toBe(5);
  });

  it("gives an unknown conversation id a new conversation, never another person's", async () => {
    const first = (await (await fetch(`${running.url}/api/webchat/conversations`, json({}))).json()) as WebchatReply;
    await fetch(`${running.url}/api/webchat/conversations/${first.conversationId}/activities`, json({ text: 'English please' }));
    const forged = 'A'.repeat(32);
    const res = (await (
      await fetch(`${running.url}/api/webchat/conversations/${forged}/activities`, json({ text: 'ok' }))
    ).json()) as WebchatReply;
    expect(res.conversationId).not.toBe(forged);
    expect(res.conversationId).not.toBe(first.conversationId);
    // The first conversation chose English; the new one starts from scratch, in French.
    expect(res.activities[0]!.locale).toBe('fr-MA');
  });

  it('refuses an oversized message with 413', async () => {
    const { conversationId } = (await (await fetch(`${running.url}/api/webchat/conversations`, json({}))).json()) as WebchatReply;
    const res = await fetch(`${running.url}/api/webchat/conversations/${conversationId}/activities`, json({ text: 'a'.repeat(1001) }));
    expect(res.status).toBe(413);
  });

  it('refuses a message without text with 400', async () => {
    const { conversationId } = (await (await fetch(`${running.url}/api/webchat/conversations`, json({}))).json()) as WebchatReply;
    const res = await fetch(`${running.url}/api/webchat/conversations/${conversationId}/activities`, json({ txt: 'hello' }));
    expect(res.status).toBe(400);
  });

  it('counts new conversations per source tag, without user ids', async () => {
    await fetch(`${running.url}/api/webchat/conversations`, json({ source: 'poster-rabat' }));
    await fetch(`${running.url}/api/webchat/conversations`, json({ source: 'poster-rabat' }));
    await fetch(`${running.url}/api/webchat/conversations`, json({ source: 'bad tag!' }));
    const stats = running.service.stats.snapshot();
    expect(stats.conversationsBySource['poster-rabat']).toBe(2);
    expect(JSON.stringify(stats)).not.toMatch(/webchat-user/);
  });
});

describe('the web chat page', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start({ WEBCHAT_RATE_LIMIT: '5' });
  });
  afterAll(async () => running.service.close());

  it('is served at / with security headers and no third-party host', async () => {
    const res = await fetch(`${running.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    for (const asset of [
      html,
      await (await fetch(`${running.url}/static/app.js`)).text(),
      await (await fetch(`${running.url}/static/style.css`)).text(),
    ]) {
      expect(asset).not.toMatch(/(src|href)=["']https?:/);
      expect(asset).not.toMatch(/@import|url\(/);
    }
  });

  it('weighs at most 100 KB compressed on first load', async () => {
    let total = 0;
    for (const path of ['/', '/static/app.js', '/static/style.css']) {
      const res = await fetch(`${running.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers.get('content-encoding')).toBe('gzip');
      total += Number(res.headers.get('content-length'));
    }
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(100 * 1024);
  });

  it('limits requests per client with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${running.url}/api/webchat/conversations`, json({}))).status);
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
