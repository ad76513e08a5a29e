import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Brain } from '../src/app';
import { conversationReport, playScript, type ScriptResult } from '../src/eval/conversations';
import { parseEvalFile } from '../src/eval/eval-file';
import { buttonsOf, languageProblems, numberedChoices, textLanguage } from '../src/eval/reply-reading';
import { type ConversationScript, ConversationScriptSchema } from '../src/eval/script';
import { type ObservedReply, turnProblems } from '../src/eval/turn-checks';
import { COMMAND_TOPICS, KNOWLEDGE_TOPICS, type Lang, LANGS } from '../src/kb/schema';
import { sharedBrain } from './helpers/brain';

// Loading the knowledge base and each CLI run take seconds on a busy machine (a limit, not a measure).
jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const PHONE = '\\+212 \\(0\\)5 37 65 28 81';

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

const t = (lang: Lang, key: string) => brain.locales.translator(lang)(key);
/** A regex source matching `text` literally. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const script = (fields: Record<string, unknown>): ConversationScript => ConversationScriptSchema.parse(fields);
const play = (fields: Record<string, unknown>) => playScript(brain, script(fields));
const verdicts = (r: ScriptResult) => r.turns.map((turn) => turn.pass);
const problemsOf = (r: ScriptResult, turn: number) => r.turns[turn]?.problems ?? [];

describe('conversation scripts played in process through the real bot', () => {
  it('French: the welcome on joining, in French, with the menu; wrong expectations are reported as failed', async () => {
    const r = await play({
      id: 'fr-welcome',
      lang: 'fr',
      locale: 'fr-FR',
      turns: [
        { send: { conversationUpdate: true }, expect: { lang: 'fr', must: ['OIM'], buttons_must: [literally(t('fr', 'menu.avrr'))] } },
        { send: { conversationUpdate: true }, expect: { lang: 'ar' } },
        { send: { conversationUpdate: true }, expect: { must: ['météo'], must_not: ['OIM'], buttons_must: ['Visa'] } },
        { send: { conversationUpdate: true }, expect: { buttons_must_not: [literally(t('fr', 'menu.training'))] } },
      ],
    });
    expect(verdicts(r)).toEqual([true, false, false, false]);
    expect(problemsOf(r, 1)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^lang: text not Arabic/), 'lang: locale "fr-MA" is not ar']),
    );
    expect(problemsOf(r, 2)).toEqual(['must /météo/ not found', 'must_not /OIM/ found: "OIM"', 'no button /Visa/']);
    expect(problemsOf(r, 3)).toEqual([`button_must_not /${literally(t('fr', 'menu.training'))}/ offered: "${t('fr', 'menu.training')}"`]);
    expect(r.pass).toBe(false);
  });

  it("French: a button press sends the button's value, as a channel does for imBack", async () => {
    const r = await play({
      id: 'fr-button',
      lang: 'fr',
      turns: [
        { send: 'bonjour', expect: { lang: 'fr' } },
        { send: { button: literally(t('fr', 'menu.contact')) }, expect: { lang: 'fr', must: [PHONE] } },
      ],
    });
    expect(r.turns[1]?.sent).toBe(`[button "${t('fr', 'menu.contact')}"] ${t('fr', 'menu.contact')}`);
    expect(verdicts(r)).toEqual([true, true]);
  });

  it('Arabic: a missing button fails the turn and sends the fallback, a missing one without fallback sends nothing', async () => {
    const r = await play({
      id: 'ar-fallback',
      lang: 'ar',
      locale: 'ar-MA',
      turns: [
        { send: 'السلام عليكم', expect: { lang: 'ar', buttons_must: [literally(t('ar', 'menu.avrr'))] } },
        { send: { button: 'زر غير موجود', fallback: 'العودة الطوعية' }, expect: { lang: 'ar', must: ['AVRR'] } },
        { send: { button: 'لا يوجد' }, expect: { lang: 'ar' } },
        { send: 'ما هو رقم هاتف المنظمة في الرباط؟', expect: { lang: 'ar', must: [PHONE] } },
      ],
    });
    expect(verdicts(r)).toEqual([true, false, false, true]);
    expect(problemsOf(r, 1)).toEqual([expect.stringMatching(/^button \/زر غير موجود\/ not offered \(offered: .*العودة الطوعية/)]);
    expect(r.turns[1]?.replies.map((x) => x.text).join('\n')).toMatch(/AVRR/);
    expect(r.turns[2]?.replies).toEqual([]);
  });

  it('Arabic: hero-card buttons on Teams are read and pressed; a voice note gets a reply in Arabic', async () => {
    const r = await play({
      id: 'ar-teams',
      lang: 'ar',
      channel: 'msteams',
      locale: 'ar-MA',
      turns: [
        { send: 'سلام', expect: { lang: 'ar', buttons_must: [literally(t('ar', 'menu.avrr'))] } },
        { send: { button: literally(t('ar', 'menu.avrr')) }, expect: { lang: 'ar', must: ['AVRR'] } },
        {
          send: { attachments: [{ contentType: 'audio/ogg', contentUrl: 'https://example.org/note.ogg' }] },
          expect: { lang: 'ar', must_not: ['AVRR'] },
        },
        { send: 'سلام', expect: { lang: 'en' } },
      ],
    });
    expect(r.turns[0]?.replies[0]?.buttons.every((b) => b.type === 'imBack')).toBe(true);
    expect(r.turns[0]?.replies[0]?.attachments).toEqual(['application/vnd.microsoft.card.hero']);
    expect(verdicts(r)).toEqual([true, true, true, false]);
    expect(problemsOf(r, 3)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^lang: text is Arabic/), 'lang: locale "ar-MA" is not en']),
    );
  });

  it("English: first_must skips the welcome on the conversation's first reply only", async () => {
    const r = await play({
      id: 'en-first',
      lang: 'en',
      locale: 'en-US',
      turns: [
        { send: 'What is the phone number of IOM in Rabat?', expect: { lang: 'en', first_must: [PHONE] } },
        { send: 'What is the phone number of IOM in Rabat?', expect: { first_must: [PHONE] } },
        { send: 'in French please', expect: { lang: 'fr' } },
        { send: 'What is the phone number of IOM in Rabat?', expect: { lang: 'en', none: true } },
      ],
    });
    // The first reply is the welcome, then the answer: the check reads the answer.
    expect(r.turns[0]?.replies.length).toBeGreaterThan(1);
    expect(r.turns[0]?.replies[0]?.text).not.toMatch(new RegExp(PHONE));
    expect(verdicts(r)).toEqual([true, true, true, false]);
    expect(problemsOf(r, 3)).toEqual(expect.arrayContaining(['expected no reply', 'lang: locale "fr-MA" is not en']));
  });

  it('English: the numbered choices of a channel without buttons are buttons; pressing one sends its number', async () => {
    const r = await play({
      id: 'en-sms',
      lang: 'en',
      channel: 'sms',
      locale: 'en-US',
      turns: [
        { send: 'hello', expect: { lang: 'en', buttons_must: [literally(t('en', 'menu.contact'))] } },
        { send: { button: literally(t('en', 'menu.contact')) }, expect: { lang: 'en', must: [PHONE] } },
        { send: { button: literally(t('en', 'contact.call')), fallback: 'thanks' }, expect: { lang: 'en' } },
      ],
    });
    expect(r.turns[1]?.sent).toMatch(/^\[button "[^"]+"\] \d+$/);
    // Call and link lines open something on the phone: they cannot be pressed.
    expect(verdicts(r)).toEqual([true, true, false]);
    expect(problemsOf(r, 2)).toEqual([expect.stringMatching(/not offered/)]);
  });

  it('counts scripts and turns, by language, and lists each failed turn with its reasons', async () => {
    const results = [
      await play({
        id: 'a',
        lang: 'fr',
        turns: [
          { send: 'bonjour', expect: { lang: 'fr' } },
          { send: 'bonjour', expect: { must: ['zzz'] } },
        ],
      }),
      await play({ id: 'b', lang: 'en', locale: 'en-GB', turns: [{ send: 'hello', expect: { lang: 'en' } }] }),
    ];
    expect(conversationReport(results)).toEqual({
      scripts: 2,
      passed: 1,
      turns: 3,
      turns_passed: 2,
      by_lang: { en: { scripts: 1, passed: 1, turns: 1, turns_passed: 1 }, fr: { scripts: 1, passed: 0, turns: 2, turns_passed: 1 } },
      failures: [{ script: 'a', lang: 'fr', turn: 1, sent: 'bonjour', problems: ['must /zzz/ not found'] }],
    });
  });
});

describe('the checks on a reply', () => {
  const reply = (text: string, locale = 'fr-MA', titles: string[] = []): ObservedReply => ({
    locale,
    text,
    buttons: titles.map((title) => ({ type: 'imBack', title, value: title })),
    attachments: [],
  });
  const welcome = reply('Bonjour ! Je suis l’assistant de l’OIM.');
  const answer = reply('Le numéro de l’OIM est le +212 (0)5 37 65 28 81.');

  it('first_must reads the second message on the first reply when several come, the first one afterwards', () => {
    expect(turnProblems({ first_must: ['numéro'] }, [welcome, answer], true)).toEqual([]);
    expect(turnProblems({ first_must: ['numéro'] }, [welcome, answer], false)).toEqual(['first reply lacks /numéro/']);
    expect(turnProblems({ first_must: ['Bonjour'] }, [welcome], true)).toEqual([]);
    expect(turnProblems({ first_must: ['x'] }, [], true)).toEqual(['no text reply', 'first reply lacks /x/']);
  });

  it('none: passes on silence, fails on any reply; a reply is otherwise required', () => {
    expect(turnProblems({ none: true }, [], false)).toEqual([]);
    expect(turnProblems({ none: true }, [reply('')], false)).toEqual(['expected no reply']);
    expect(turnProblems({}, [reply('   ')], false)).toEqual(['no text reply']);
  });

  it('must and buttons are case-insensitive and unicode-aware', () => {
    const r = reply('ÉCRIVEZ votre question', 'fr-MA', ['Retour volontaire', 'العربية']);
    expect(turnProblems({ must: ['écrivez'], buttons_must: ['retour', '\\p{Script=Arabic}+'] }, [r], false)).toEqual([]);
    expect(turnProblems({ buttons_must: ['formation'] }, [r], false)).toEqual(['no button /formation/']);
  });

  it('reads French, English and Arabic text and locale', () => {
    expect(textLanguage('Vous pouvez appeler l’OIM pour le retour')).toBe('fr');
    expect(textLanguage('You can call IOM for the return')).toBe('en');
    expect(textLanguage('AVRR')).toBe('unknown');
    expect(languageProblems('ar-MA', 'اتصل بالمنظمة الدولية للهجرة', 'ar')).toEqual([]);
    expect(languageProblems('ar-MA', 'Appelez l’OIM', 'ar')).toEqual(['text not Arabic (Arabic letters 0%)']);
    expect(languageProblems('en', 'You can call the office', 'fr')).toEqual(['locale "en" is not fr', 'text reads as en, expected fr']);
    expect(languageProblems('fr-MA', 'اتصل بالمنظمة', 'any')).toEqual([]);
  });

  it('reads the numbered choices ending a text reply, links apart, and nothing from a numbered list inside the text', () => {
    expect(
      numberedChoices('Choisissez :\n1. Retour volontaire\n2. Appeler l’OIM: +212537652881\n3. Site: https://morocco.iom.int'),
    ).toEqual([
      { type: 'numbered', title: 'Retour volontaire', value: '1' },
      { type: 'call', title: 'Appeler l’OIM', value: '+212537652881' },
      { type: 'openUrl', title: 'Site', value: 'https://morocco.iom.int' },
    ]);
    expect(numberedChoices('Étapes :\n1. appeler\n2. venir\n\nBon courage.')).toEqual([]);
    expect(numberedChoices('2. deux\n3. trois')).toEqual([]);
  });

  it('reads numbered lines as buttons only on channels where the bot numbers its choices', () => {
    const activity = { text: 'Deux étapes :\n1. appeler l’OIM\n2. venir au bureau' };
    expect(buttonsOf(activity, 'sms').map((b) => b.title)).toEqual(["appeler l'OIM", 'venir au bureau']);
    expect(buttonsOf(activity, 'webchat')).toEqual([]);
    expect(buttonsOf(activity, 'msteams')).toEqual([]);
  });
});

describe('evaluation files', () => {
  const good = JSON.stringify({ id: 's1', lang: 'fr', turns: [{ send: 'bonjour', expect: { lang: 'fr' } }] });

  it('reads scripts, skipping blank and // lines, with defaults for channel and locale', () => {
    const file = parseEvalFile(`// a comment\n\n${good}\n`, 'scripts.jsonl');
    expect(file.kind).toBe('conversations');
    if (file.kind !== 'conversations') return;
    expect(file.scripts[0]).toMatchObject({ id: 's1', channel: 'webchat', locale: 'fr-FR' });
  });

  it('names the file and line of a bad line among good ones', () => {
    expect(() => parseEvalFile(`${good}\n// note\n{"id": "s2", "turns": [}\n`, 'mixed.jsonl')).toThrow('mixed.jsonl:3: not valid JSON');
    expect(() =>
      parseEvalFile(`${good}\n{"id": "x", "text": "salut", "lang": "fr", "topic": "greeting", "slice": "s"}\n`, 'mixed.jsonl'),
    ).toThrow(/^mixed\.jsonl:2: field "turns"/);
    const badRegex = JSON.stringify({ id: 's3', turns: [{ send: 'hello', expect: { must: ['(unclosed'] } }] });
    expect(() => parseEvalFile(`${good}\n\n${badRegex}`, 'mixed.jsonl')).toThrow(
      'mixed.jsonl:3: field "turns.0.expect.must.0" is not a valid regular expression',
    );
    const badSend = JSON.stringify({ id: 's4', turns: [{ send: { voice: true } }] });
    expect(() => parseEvalFile(`${good}\n${badSend}`, 'mixed.jsonl')).toThrow(/^mixed\.jsonl:2: field "turns\.0\.send"/);
  });

  it('reads labelled messages when the first line has no turns', () => {
    const file = parseEvalFile('{"id":"m1","text":"salam","lang":"ar","topic":"greeting","slice":"short"}\n', 'm.jsonl');
    expect(file).toEqual({ kind: 'messages', cases: [{ id: 'm1', text: 'salam', lang: 'ar', topic: 'greeting', slice: 'short' }] });
    expect(() => parseEvalFile('\n\n', 'empty.jsonl')).toThrow('empty.jsonl: no cases or scripts');
  });
});

describe('the example evaluation files', () => {
  const example = (name: string) => parseEvalFile(readFileSync(path.join(ROOT, 'examples/eval', name), 'utf8'), name);

  it('messages: every topic, and none, in French, Arabic and English, with unique ids', () => {
    const file = example('messages.jsonl');
    if (file.kind !== 'messages') throw new Error('messages.jsonl is not a file of messages');
    const topics = new Set(file.cases.map((c) => c.topic));
    expect([...topics].sort()).toEqual([...KNOWLEDGE_TOPICS, ...COMMAND_TOPICS, 'none'].sort());
    expect(new Set(file.cases.map((c) => c.lang))).toEqual(new Set(LANGS));
    expect(new Set(file.cases.map((c) => c.id)).size).toBe(file.cases.length);
    expect(file.cases.map((c) => c.slice)).toEqual(expect.arrayContaining(['darija', 'arabizi', 'typo', 'indirect', 'oos']));
  });

  it('conversations: scripts in the three languages with unique ids', () => {
    const file = example('conversations.jsonl');
    if (file.kind !== 'conversations') throw new Error('conversations.jsonl is not a file of scripts');
    expect(file.scripts.map((s) => s.lang)).toEqual(expect.arrayContaining([...LANGS]));
    expect(new Set(file.scripts.map((s) => s.id)).size).toBe(file.scripts.length);
  });
});

describe('npm run eval on conversation scripts', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'eval-conv-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [TSX, path.join(ROOT, 'src/cli/eval.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  const scripts = [
    {
      id: 'c-fr',
      lang: 'fr',
      locale: 'fr-FR',
      turns: [
        { send: { conversationUpdate: true }, expect: { lang: 'fr' } },
        { send: 'numéro de téléphone OIM', expect: { must: [PHONE] } },
      ],
    },
    {
      id: 'c-ar',
      lang: 'ar',
      locale: 'ar-MA',
      turns: [
        { send: 'السلام عليكم', expect: { lang: 'ar' } },
        { send: 'شكرا', expect: { lang: 'en' } },
      ],
    },
    { id: 'c-en', lang: 'en', locale: 'en-US', turns: [{ send: 'hello', expect: { lang: 'en', must: ['weather in Agadir'] } }] },
  ];

  it('prints one JSON object with scripts and turns passed, by language, and the failed turns', () => {
    const file = path.join(dir, 'scripts.jsonl');
    writeFileSync(file, scripts.map((s) => JSON.stringify(s)).join('\n') + '\n');
    const transcriptFile = path.join(dir, 'transcript.txt');
    const r = cli(file, '--json', '--transcript', transcriptFile);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!);
    expect(Object.keys(report).sort()).toEqual(['by_lang', 'failures', 'passed', 'scripts', 'turns', 'turns_passed']);
    expect(report).toMatchObject({ scripts: 3, passed: 1, turns: 5, turns_passed: 3 });
    expect(report.by_lang.ar).toEqual({ scripts: 1, passed: 0, turns: 2, turns_passed: 1 });
    expect(report.failures.map((f: { script: string; turn: number }) => `${f.script}#${f.turn}`)).toEqual(['c-ar#1', 'c-en#0']);
    expect(readFileSync(transcriptFile, 'utf8')).toMatch(/SCRIPT c-fr {2}\[PASS\][\s\S]*USER: numéro de téléphone OIM[\s\S]*BOT \[fr-MA\]/);
  });

  it('plays only the scripts named with --only, and says PASS / FAIL per script in text', () => {
    const file = path.join(dir, 'scripts.jsonl');
    writeFileSync(file, scripts.map((s) => JSON.stringify(s)).join('\n') + '\n');
    const r = cli(file, '--only', 'c-fr,c-en');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PASS c-fr \(2\/2 turns\)$/m);
    expect(r.stdout).toMatch(/^FAIL c-en \(0\/1 turns\)$/m);
    expect(r.stdout).not.toMatch(/c-ar/);
    expect(r.stdout).toMatch(/overall: 2 scripts, 1 passed; 3 turns, 2 passed/);
  });

  it('fails on a file mixing good and bad lines, naming the line', () => {
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(scripts[0])}\n${JSON.stringify({ id: 'no-turns', lang: 'fr' })}\n`);
    const r = cli(file, '--json');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.jsonl:2: field "turns"/);
  });

  it('refuses unknown options with its usage', () => {
    const r = cli('--verbose');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option --verbose[\s\S]*usage/);
  });
});
