/** The load: real questions in French, Arabic (standard and Darija, Arabic or Latin letters) and English. */
import path from 'node:path';
import { loadLocales } from '../../src/i18n/locales';
import { loadKnowledgeBase } from '../../src/kb/load';
import { type Lang, LANGS } from '../../src/kb/schema';
import { projectRoot } from '../../src/paths';

export type { Lang };
export type Topic = 'voluntary-return' | 'training' | 'trafficking' | 'contact' | 'greeting' | 'thanks';

export interface Question {
  lang: Lang;
  topic: Topic;
  text: string;
}

/** Topics of the load: the four main needs, plus greetings and thanks. */
const ENTRY_TOPICS: Readonly<Record<string, Topic>> = {
  'avrr-from-morocco': 'voluntary-return',
  'vocational-training': 'training',
  'anti-trafficking': 'trafficking',
  contact: 'contact',
};
const PER_ENTRY_AND_LANG = 2;

/**
 * The load's questions, taken from the project's own data (never from the evaluation set): the
 * first question variants of the knowledge entries of the four main needs, in each language, and
 * the first greeting and thanks phrasings of each locale.
 */
function loadQuestions(): Question[] {
  const root = projectRoot();
  const kb = loadKnowledgeBase(path.join(root, 'knowledge'));
  const locales = loadLocales(path.join(root, 'locales'));
  const out: Question[] = [];
  for (const lang of LANGS) {
    out.push({ lang, topic: 'greeting', text: locales.triggers[lang].greeting[0] as string });
    for (const entry of kb.entries) {
      const topic = ENTRY_TOPICS[entry.topic];
      if (topic) for (const text of entry[lang].questions.slice(0, PER_ENTRY_AND_LANG)) out.push({ lang, topic, text });
    }
    out.push({ lang, topic: 'thanks', text: locales.triggers[lang].thanks[0] as string });
  }
  return out;
}

export const QUESTIONS: readonly Question[] = loadQuestions();

/** A message activity asking for its replies in the HTTP response (local mode, no outbound call). */
export function messageActivity(text: string, conversationId: string, userId: string): string {
  return JSON.stringify({
    type: 'message',
    text,
    deliveryMode: 'expectReplies',
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: userId },
    recipient: { id: 'bot' },
    conversation: { id: conversationId },
  });
}

/**
 * Bodies of the novel load: every request a question the bot has not seen (see novel.ts), on the
 * same rotating pool of conversations.
 */
export function novelBodySequence(conversations: number, prefix: string, nextQuestion: () => string): () => string {
  let n = 0;
  return () => {
    const conversation = n % conversations;
    n++;
    return messageActivity(nextQuestion(), `${prefix}-n${conversation}`, `${prefix}-nu${conversation}`);
  };
}

/**
 * Bodies for successive requests: the questions in turn, each on a conversation of a rotating pool
 * (so a conversation comes back with other questions and its state is read and written):
 * request n carries question n mod |QUESTIONS| on conversation n mod `conversations`.
 */
export function bodySequence(conversations: number, prefix: string): () => string {
  let n = 0;
  return () => {
    const question = QUESTIONS[n % QUESTIONS.length] as Question;
    const conversation = n % conversations;
    n++;
    return messageActivity(question.text, `${prefix}-c${conversation}`, `${prefix}-u${conversation}`);
  };
}
