import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Brain } from '../src/app';
import { maskQuestion } from '../src/bot/stats';
import { parseConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createService, type Service } from '../src/server/service';
import { sharedBrain } from './helpers/brain';

/** Integration tests (a real server, the knowledge base, child processes): generous limits, so that a busy machine never fails them. */
jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..');
const TOKEN = 'report-token-for-tests-0123456789';

/** Runs the report CLI without blocking the event loop (the bot under test runs in this process). */
function report(
  url: string,
  env: Record<string, string | undefined>,
  ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/cli/report.ts'), '--url', url, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, REPORT_TOKEN: undefined, ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('maskQuestion', () => {
  it('masks e-mail addresses, phone numbers and digits, and normalises', () => {
    expect(maskQuestion('Appelez-moi au +212 6 12 34 56 78 ou ali.b@example.com, j’ai 23 ans !')).toBe(
      'appelez moi au [phone] ou [email] j ai # ans',
    );
  });
});

describe('the staff report and the logs', () => {
  let brain: Brain;
  let service: Service;
  let url: string;
  const logs: string[] = [];
  const secretQuestion = 'Quel temps fera-t-il demain à Agadir ? Mon numéro: 0612345678, mail ali.b@example.com';

  beforeAll(async () => {
    brain = await sharedBrain();
    const config = parseConfig({ REPORT_TOKEN: TOKEN, LOG_LEVEL: 'debug' });
    service = createService({ config, brain, log: createLogger('debug', false, (line) => logs.push(line)) });
    url = `http://127.0.0.1:${await service.listen(0, '127.0.0.1')}`;
    const start = (await (await fetch(`${url}/api/webchat/conversations`, json({ source: 'poster-rabat', locale: 'fr' }))).json()) as {
      conversationId: string;
    };
    const say = (text: string) => fetch(`${url}/api/webchat/conversations/${start.conversationId}/activities`, json({ text }));
    await say('Qui finance les projets de l’OIM au Maroc ?');
    await say(brain.locales.translator('fr')('feedback.yes'));
    await say(secretQuestion);
    await say('retour volontaire');
  });
  afterAll(async () => service.close());

  it('prints sources, topics by language, feedback and masked unanswered questions', async () => {
    const r = await report(url, { REPORT_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/poster-rabat\s+1/);
    expect(r.stdout).toMatch(/donors\s+1\s+0\s+0\s+1/);
    expect(r.stdout).toMatch(/donors\s+1\s+0/);
    expect(r.stdout).toContain('[phone]');
    expect(r.stdout).toContain('[email]');
    expect(r.stdout).not.toContain('0612345678');
    expect(r.stdout).not.toContain('ali.b');
    expect(r.stdout).toMatch(/this running bot process only/);
  });

  it('refuses a wrong token and says when the report is not enabled', async () => {
    expect((await report(url, { REPORT_TOKEN: 'wrong-token-wrong-token' })).stderr).toMatch(/does not match/);
    expect((await report(url, {})).status).toBe(2);
    const plain = createService({ config: parseConfig({}), brain, log: createLogger('silent') });
    const port = await plain.listen(0, '127.0.0.1');
    try {
      const r = await report(`http://127.0.0.1:${port}`, { REPORT_TOKEN: TOKEN });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/REPORT_TOKEN/);
    } finally {
      await plain.close();
    }
  });

  it('keeps message text, ids and addresses out of the logs by default', () => {
    const all = logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of ['Agadir', '0612345678', 'ali.b@example.com', 'finance', 'webchat-user', '127.0.0.1:']) {
      expect(all).not.toContain(secret);
    }
  });
});
