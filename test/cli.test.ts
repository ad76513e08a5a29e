import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config';
import { createLogger } from '../src/log';
import { DecisionSchema } from '../src/nlu/understand';
import { createService, type Service } from '../src/server/service';
import { sharedBrain } from './helpers/brain';

// Each CLI run starts tsx and loads the knowledge base: seconds on a busy machine (a limit, not a measure).
jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

function cli(script: string, ...args: string[]) {
  return spawnSync(process.execPath, [TSX, path.join(ROOT, 'src/cli', script), ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('npm run ask', () => {
  it('prints the decision as exactly one JSON object with --json', () => {
    const r = cli('ask.ts', '--json', 'Quelle est l’adresse de l’OIM à Rabat ?');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const decision = DecisionSchema.parse(JSON.parse(lines[0]!));
    expect(decision).toMatchObject({ kind: 'answer', topic: 'contact', lang: 'fr' });
  });

  it('prints the answer in the language of the question, with numbered choices', () => {
    const r = cli('ask.ts', 'What is the phone number of IOM in Rabat?');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('+212 (0)5 37 65 28 81');
    expect(r.stdout).toMatch(/\n1\. /);
  });

  it('answers an Arabic question in Arabic script', () => {
    const r = cli('ask.ts', 'أريد العودة الطوعية إلى بلدي');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/[\u0600-\u06ff]{3,}/);
  });

  it('says honestly that it does not know, with the menu and the contact', () => {
    const r = cli('ask.ts', 'Est-ce que le zorblax frobnique la plugh ?');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Je n'ai pas cette information");
    expect(r.stdout).toContain('+212 (0)5 37 65 28 81');
  });

  it('answers an out-of-scope subject with its own honest reply, the menu and the phone', async () => {
    const brain = await sharedBrain();
    const r = cli('ask.ts', 'Quel temps fera-t-il à Agadir samedi ?');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(brain.outOfScope.get('general-chat')!.reply.fr);
    expect(r.stdout).toContain('+212 (0)5 37 65 28 81');
  });

  it('prints its usage without a message', () => {
    const r = cli('ask.ts');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage/);
  });
});

describe('npm run eval', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'eval-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON object with the scores, by slice, language and topic, and the failures', () => {
    const file = path.join(dir, 'cases.jsonl');
    const cases = [
      { id: 't1', text: 'numéro de téléphone OIM', lang: 'fr', topic: 'contact', slice: 'short' },
      { id: 't2', text: 'Who won the football game yesterday?', lang: 'en', topic: 'none', slice: 'oos' },
      { id: 't3', text: 'Comment contacter l’OIM ?', lang: 'fr', topic: 'forsaty', slice: 'clean' },
    ];
    writeFileSync(file, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
    const r = cli('eval.ts', file, '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).sort()).toEqual(
      ['by_lang', 'by_slice', 'by_topic', 'cases', 'failures', 'helpful', 'lang_accuracy', 'resolved', 'wrong'].sort(),
    );
    expect(report.cases).toBe(3);
    expect(report.resolved).toBeCloseTo(2 / 3);
    expect(report.wrong).toBeCloseTo(1 / 3);
    expect(report.by_slice.oos).toMatchObject({ cases: 1, resolved: 1 });
    expect(report.failures.map((f: { id: string }) => f.id)).toEqual(['t3']);
  });

  it('scores examples/eval/messages.jsonl when no file is given', () => {
    const r = cli('eval.ts', '--json');
    expect(r.status).toBe(0);
    const lines = readFileSync(path.join(ROOT, 'examples/eval/messages.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    expect(JSON.parse(r.stdout)).toMatchObject({ cases: lines.length });
  });

  it('names the line of a malformed case', () => {
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, '{"id":"a","text":"x","lang":"fr","topic":"none","slice":"s"}\n{"id": 2}\n');
    const r = cli('eval.ts', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.jsonl:2/);
  });
});

describe('npm run report finds the bot where npm start puts it', () => {
  const TOKEN = 'report-token-for-cli-tests-0123456789';
  let service: Service;
  let port: number;

  /** Runs the report CLI without blocking the event loop (the bot under test runs in this process). */
  function report(env: Record<string, string | undefined>, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [TSX, path.join(ROOT, 'src/cli/report.ts'), ...args], {
        cwd: ROOT,
        env: { ...process.env, PORT: undefined, HOST: undefined, REPORT_TOKEN: TOKEN, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    });
  }

  beforeAll(async () => {
    service = createService({ config: parseConfig({ REPORT_TOKEN: TOKEN }), brain: await sharedBrain(), log: createLogger('silent') });
    port = await service.listen(0, '127.0.0.1');
  });
  afterAll(async () => service.close());

  it('calls the bot on PORT and HOST when --url is not given', async () => {
    const r = await report({ PORT: String(port), HOST: '127.0.0.1' }, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ storage: 'memory' });
  });

  it('calls localhost when HOST is every interface, and an IPv6 HOST in brackets', async () => {
    const everywhere = await report({ PORT: '1', HOST: '0.0.0.0' });
    expect(everywhere.status).toBe(1);
    expect(everywhere.stderr).toContain('cannot reach the bot at http://localhost:1');
    const ipv6 = await report({ PORT: '1', HOST: '::1' });
    expect(ipv6.stderr).toContain('cannot reach the bot at http://[::1]:1');
  });

  it('prefers --url to PORT, and refuses a PORT that is not a port number', async () => {
    const r = await report({ PORT: '1', HOST: '127.0.0.1' }, '--url', `http://127.0.0.1:${port}`);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\S/);
    const bad = await report({ PORT: 'eighty' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/PORT is not a port number[\s\S]*usage/);
  });
});
