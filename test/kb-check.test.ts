import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readKnowledgeBase } from '../src/kb/load';
import { KNOWLEDGE_TOPICS, LANGS } from '../src/kb/schema';
import { loadLocales, missingKeys } from '../src/i18n/locales';
import { DataError } from '../src/data/data-error';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const KNOWLEDGE = path.join(ROOT, 'knowledge');

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'kb-'));
  cpSync(KNOWLEDGE, tmp, { recursive: true });
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const edit = (rel: string, change: (text: string) => string) => {
  const file = path.join(tmp, rel);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
};

describe('the knowledge base', () => {
  it('is valid and covers every knowledge topic in French, Arabic and English', () => {
    const { kb, problems } = readKnowledgeBase(KNOWLEDGE);
    expect(problems).toEqual([]);
    for (const topic of KNOWLEDGE_TOPICS) {
      const entries = kb!.entries.filter((e) => e.topic === topic);
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) for (const lang of LANGS) expect(e[lang].answer.length).toBeGreaterThan(0);
    }
  });

  it('never states an e-mail address', () => {
    const { kb } = readKnowledgeBase(KNOWLEDGE);
    const all = JSON.stringify(kb!.entries);
    expect(all).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });

  it('describes ended projects with their end date', () => {
    const { kb } = readKnowledgeBase(KNOWLEDGE);
    for (const e of kb!.entries.filter((x) => x.period.status === 'ended')) {
      const year = e.period.end!.slice(0, 4);
      for (const lang of LANGS) expect(`${e.id} ${lang}: ${e[lang].answer}`).toContain(year);
    }
  });
});

describe('kb:check on broken copies', () => {
  it('names the file, entry and field of an invalid value', () => {
    edit('entries/trqn.yaml', (t) => t.replace(/status: ended/, 'status: finished'));
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(expect.objectContaining({ file: expect.stringContaining('trqn.yaml'), entry: 'trqn', field: 'period.status' }));
  });

  it('reports a follow-up that points nowhere', () => {
    edit('entries/motuse.yaml', (t) => t.replace(/followups: \[/, 'followups: [no-such-entry, '));
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(expect.objectContaining({ entry: 'motuse', field: 'followups', message: expect.stringContaining('no-such-entry') }));
  });

  it('reports a topic left without an entry', () => {
    rmSync(path.join(tmp, 'entries', 'salemm.yaml'));
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(expect.objectContaining({ message: expect.stringContaining('"salemm"') }));
  });

  it('reports a question variant shared by two entries', () => {
    const { kb } = readKnowledgeBase(tmp);
    const stolen = kb!.byId.get('forsaty')!.fr.questions[0]!;
    edit('entries/salemm.yaml', (t) => t.replace(/(\n  fr:\n(?:.*\n)*?    questions:\n)/, `$1      - ${JSON.stringify(stolen)}\n`));
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(expect.objectContaining({ file: expect.stringContaining('salemm.yaml'), message: expect.stringContaining('forsaty') }));
  });

  it('reports a YAML syntax error with the file name', () => {
    edit('entries/jmdi.yaml', (t) => t + '\n  - : : [\n');
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(expect.objectContaining({ file: expect.stringContaining('jmdi.yaml'), message: expect.stringContaining('not valid YAML') }));
  });

  it('reports an answer too long for a phone screen', () => {
    edit('entries/donors.yaml', (t) => {
      const entries = parse(t) as Array<{ id: string; en: { answer: string } }>;
      entries[0]!.en.answer = 'x'.repeat(700);
      return stringify(entries);
    });
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(
      expect.objectContaining({ entry: 'donors', field: 'en.answer', message: expect.stringContaining('phone screen') }),
    );
  });
});

describe('npm run kb:check', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/cli/kb-check.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it('passes on the real knowledge base', () => {
    const r = run();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/kb:check OK/);
  });

  it('fails with exit code 1 and a clear message on a broken copy', () => {
    edit('entries/forsaty.yaml', (t) => t.replace(/topic: forsaty/, 'topic: youth'));
    const r = run(tmp);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/forsaty\.yaml, entry "forsaty", field "topic"/);
  });
});

describe('locales', () => {
  it('have the same keys in French, Arabic and English', () => {
    const files = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(path.join(ROOT, 'locales', `${l}.json`), 'utf8'))]));
    expect(missingKeys(files as never)).toEqual([]);
  });

  it('fail at start-up naming the file and the key that is missing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'locales-'));
    try {
      cpSync(path.join(ROOT, 'locales'), dir, { recursive: true });
      const en = JSON.parse(readFileSync(path.join(dir, 'en.json'), 'utf8'));
      delete en.reply.none;
      writeFileSync(path.join(dir, 'en.json'), JSON.stringify(en));
      expect(() => loadLocales(dir)).toThrow(DataError);
      expect(() => loadLocales(dir)).toThrow(/en\.json, field "reply\.none"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
