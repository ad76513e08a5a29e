/**
 * 200 conversations at once over HTTP (POST /api/messages, expectReplies, local mode), in French,
 * Arabic and English: every reply is in its conversation's language, addressed to its own
 * conversation and user, and identical to what the same conversation gets when it runs alone,
 * so no conversation sees another's state. Bounded: a fixed number of requests, no timing checks.
 */
import type { Brain } from '../src/app';
import { parseConfig } from '../src/config';
import type { Lang } from '../src/kb/schema';
import { createLogger } from '../src/log';
import { createService, type Service } from '../src/server/service';
import { ARABIC } from './helpers/bot';
import { sharedBrain } from './helpers/brain';
import { messageActivity } from './helpers/http';

jest.setTimeout(180_000);

const CONVERSATIONS = 200;

interface Language {
  lang: Lang;
  locale: string;
  /** Turn 1: asks for the language explicitly. */
  switchTo: string;
  greeting: string;
  /** One per conversation, in turn: conversations of the same language ask different things. */
  questions: string[];
  thanks: string;
}

const LANGUAGES: Language[] = [
  {
    lang: 'fr',
    locale: 'fr-MA',
    switchTo: 'en français',
    greeting: 'bonjour',
    questions: [
      "Quel est le numéro de téléphone de l'OIM ?",
      "Où se trouve le bureau de l'OIM à Rabat ?",
      "Je veux rentrer dans mon pays, comment l'OIM peut m'aider pour le retour volontaire ?",
      'Quelles formations professionnelles pour les migrants régularisés ?',
    ],
    thanks: 'merci',
  },
  {
    lang: 'ar',
    locale: 'ar-MA',
    switchTo: 'بالعربية',
    greeting: 'السلام عليكم',
    questions: [
      'ما هو رقم هاتف المنظمة الدولية للهجرة؟',
      'ما هو عنوان المنظمة الدولية للهجرة؟',
      'أريد العودة الطوعية إلى بلدي، كيف يمكن للمنظمة مساعدتي؟',
      'هل يوجد تكوين مهني للمهاجرين؟',
    ],
    thanks: 'شكرا',
  },
  {
    lang: 'en',
    locale: 'en',
    switchTo: 'English please',
    greeting: 'hello',
    questions: [
      "What is IOM Morocco's phone number?",
      'Where is the IOM office in Rabat?',
      'I want to go back to my country, can IOM help me with voluntary return?',
      'Is there vocational training for regularised migrants?',
    ],
    thanks: 'thanks',
  },
];

interface Script {
  language: Language;
  question: number;
  turns: string[];
}

const scriptOf = (language: Language, question: number): Script => ({
  language,
  question,
  turns: [language.switchTo, language.greeting, language.questions[question]!, language.thanks],
});

interface ReplyActivity {
  type?: string;
  text?: string;
  locale?: string;
  replyToId?: string;
  conversation?: { id?: string };
  recipient?: { id?: string };
  suggestedActions?: { actions?: Array<{ title?: string; value?: unknown }> };
  attachments?: unknown[];
}

/** What a user sees of a reply: its text, language, buttons and cards. */
const visible = (a: ReplyActivity) => ({
  text: a.text,
  locale: a.locale,
  actions: (a.suggestedActions?.actions ?? []).map((x) => [x.title, x.value]),
  attachments: a.attachments ?? [],
});

interface TurnResult {
  status: number;
  activities: ReplyActivity[];
  activityId: string;
}

let brain: Brain;
let service: Service;
let url: string;

beforeAll(async () => {
  brain = await sharedBrain();
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  service = createService({ config, brain, log: createLogger('silent') });
  const port = await service.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
});
afterAll(async () => service.close());

let requests = 0;

async function say(conversationId: string, userId: string, turn: number, text: string): Promise<TurnResult> {
  requests += 1;
  const activityId = `${conversationId}-turn-${turn}`;
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity(conversationId, text, { id: activityId, from: { id: userId } })),
  });
  const body = (await res.json()) as { activities?: ReplyActivity[] };
  return { status: res.status, activities: body.activities ?? [], activityId };
}

/** Runs a conversation's turns one after the other; returns every turn's result. */
async function run(conversationId: string, userId: string, script: Script): Promise<TurnResult[]> {
  const results: TurnResult[] = [];
  for (const [i, text] of script.turns.entries()) results.push(await say(conversationId, userId, i, text));
  return results;
}

const letters = (text: string, re: RegExp) => (text.match(re) ?? []).length;

function expectInLanguage(reply: ReplyActivity, language: Language): void {
  expect(reply.locale).toBe(language.locale);
  const text = reply.text ?? '';
  if (language.lang === 'ar') {
    expect(text).toMatch(ARABIC);
  } else if (text) {
    // French and English replies are written in Latin letters (a name in Arabic script may appear).
    expect(letters(text, /[\u0600-\u06ff]/g)).toBeLessThan(letters(text, /[A-Za-z\u00c0-\u00ff]/g));
  }
}

describe(`${CONVERSATIONS} concurrent conversations in French, Arabic and English`, () => {
  const scripts = LANGUAGES.flatMap((language) => language.questions.map((_q, question) => scriptOf(language, question)));
  const reference = new Map<Script, Array<Array<ReturnType<typeof visible>>>>();

  beforeAll(async () => {
    // Each distinct conversation once, alone: what every copy of it must get under load.
    for (const [i, script] of scripts.entries()) {
      const turns = await run(`reference-${i}`, `reference-user-${i}`, script);
      reference.set(
        script,
        turns.map((t) => t.activities.filter((a) => a.type === 'message').map(visible)),
      );
    }
  });

  it('answers every distinct conversation, alone, in its own language', () => {
    expect(reference.size).toBe(LANGUAGES.length * 4);
    for (const [script, turns] of reference) {
      expect(turns).toHaveLength(script.turns.length);
      for (const replies of turns) {
        expect(replies.length).toBeGreaterThan(0);
        for (const r of replies) expectInLanguage(r, script.language);
      }
    }
    // The four questions of a language get four different answers.
    for (const language of LANGUAGES) {
      const answers = [...reference].filter(([s]) => s.language === language).map(([, turns]) => JSON.stringify(turns[2]));
      expect(new Set(answers).size).toBe(language.questions.length);
    }
  });

  it('keeps every conversation in its own language, addressed to it, and the same as alone, when all run at once', async () => {
    const conversations = Array.from({ length: CONVERSATIONS }, (_, i) => {
      const script = scripts[i % scripts.length]!;
      return { id: `load-${i}-${script.language.lang}`, user: `load-user-${i}`, script };
    });
    const before = requests;
    // Every conversation starts at once; their turns interleave on the server.
    const results = await Promise.all(conversations.map((c) => run(c.id, c.user, c.script)));
    expect(requests - before).toBe(CONVERSATIONS * 4);

    const mismatches: string[] = [];
    for (const [i, c] of conversations.entries()) {
      const turns = results[i]!;
      expect(turns).toHaveLength(c.script.turns.length);
      for (const [n, turn] of turns.entries()) {
        expect(turn.status).toBe(200);
        const replies = turn.activities.filter((a) => a.type === 'message');
        expect(replies.length).toBeGreaterThan(0);
        for (const reply of replies) {
          expect(reply.conversation?.id).toBe(c.id);
          expect(reply.recipient?.id).toBe(c.user);
          expect(reply.replyToId).toBe(turn.activityId);
          expectInLanguage(reply, c.script.language);
        }
        const expected = reference.get(c.script)![n];
        if (JSON.stringify(replies.map(visible)) !== JSON.stringify(expected)) mismatches.push(`${c.id} turn ${n} (${c.script.turns[n]})`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('still answers a new conversation in the language it asks in after the load', async () => {
    const [ar] = await run('after-load', 'after-load-user', { language: LANGUAGES[1]!, question: 0, turns: ['السلام عليكم'] });
    expect(ar!.status).toBe(200);
    for (const reply of ar!.activities.filter((a) => a.type === 'message')) expectInLanguage(reply, LANGUAGES[1]!);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
  });
});
