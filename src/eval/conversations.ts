import { type Activity, ActivityTypes, MemoryStorage, TestAdapter } from 'botbuilder';
import type { Brain } from '../app';
import { IomBot } from '../bot/iom-bot';
import { createBotState } from '../bot/state';
import { createLogger } from '../log';
import { buttonsOf, isPressable, type OfferedButton, pressedMessage, readable } from './reply-reading';
import type { ConversationScript, Expect, Send } from './script';
import { type ObservedReply, turnProblems } from './turn-checks';

/** What happened in one turn of a script. */
export interface TurnResult {
  index: number;
  cat?: string;
  /** What the user sent, as a person would describe it. */
  sent: string;
  replies: ObservedReply[];
  problems: string[];
  pass: boolean;
  expect: Expect;
}

export interface ScriptResult {
  id: string;
  lang: string;
  channel: string;
  locale: string;
  desc?: string;
  turns: TurnResult[];
  pass: boolean;
}

const USER = { id: 'eval-user', name: 'user' };
const BOT = { id: 'eval-bot', name: 'bot' };

function describeSend(send: Send): string {
  if (typeof send === 'string') return send;
  if ('conversationUpdate' in send) return '[conversationUpdate: user joins]';
  if ('attachments' in send)
    return `[attachment: ${send.attachments.map((a) => a.contentType).join(', ')}]${send.text ? ` ${send.text}` : ''}`;
  return `[button /${send.button}/]`;
}

/** A message activity the bot sent on a channel, as the evaluation reads it. */
function observe(activity: Partial<Activity>, channelId: string): ObservedReply {
  return {
    locale: activity.locale ?? null,
    text: readable(activity.text ?? ''),
    buttons: buttonsOf(activity, channelId),
    attachments: (activity.attachments ?? []).map((a) => a.contentType),
  };
}

/** The real bot on botbuilder's in-memory adapter, with a store of its own: one conversation. */
class InProcessConversation {
  private readonly adapter: TestAdapter;
  private readonly turnErrors: string[] = [];
  private next = 0;

  constructor(
    brain: Brain,
    private readonly channelId: string,
    private readonly locale: string,
    private readonly conversationId: string,
  ) {
    const bot = new IomBot({ brain, state: createBotState(new MemoryStorage()), log: createLogger('silent') });
    this.adapter = new TestAdapter(async (context) => bot.run(context));
    // As in production (the service's onTurnError): the bot recovers; the evaluation also notes the error.
    this.adapter.onTurnError = async (context, error) => {
      this.turnErrors.push(error instanceof Error ? error.message : String(error));
      await bot.recoverFromError(context);
    };
  }

  /** Sends one activity from the user; returns the message activities of the reply and any error the turn raised. */
  async send(fields: Partial<Activity>): Promise<{ messages: Partial<Activity>[]; errors: string[] }> {
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      channelId: this.channelId,
      serviceUrl: 'http://127.0.0.1:9/',
      from: USER,
      recipient: BOT,
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      locale: this.locale,
      id: `m-${this.next++}`,
      timestamp: new Date(),
      ...fields,
    };
    await this.adapter.processActivity(activity);
    const sent = this.adapter.activeQueue.splice(0);
    return {
      messages: sent.filter((a) => (a.type ?? ActivityTypes.Message) === ActivityTypes.Message),
      errors: this.turnErrors.splice(0),
    };
  }
}

/** Plays one script through the real bot, in process, and checks each reply against the turn's expectations. */
export async function playScript(brain: Brain, script: ConversationScript): Promise<ScriptResult> {
  const conversation = new InProcessConversation(brain, script.channel, script.locale, `eval-${script.id}`);
  let lastButtons: OfferedButton[] = [];
  let repliedBefore = false;
  const turns: TurnResult[] = [];
  for (const [index, turn] of script.turns.entries()) {
    const { send, expect } = turn;
    const problems: string[] = [];
    let sent = describeSend(send);
    let fields: Partial<Activity>;
    if (typeof send === 'string') {
      fields = { text: send };
    } else if ('conversationUpdate' in send) {
      fields = { type: ActivityTypes.ConversationUpdate, membersAdded: [USER] };
    } else if ('attachments' in send) {
      fields = { attachments: send.attachments, ...(send.text !== undefined ? { text: send.text } : {}) };
    } else {
      const pattern = new RegExp(send.button, 'iu');
      const hit = lastButtons.filter(isPressable).find((b) => pattern.test(readable(b.title)));
      if (hit) {
        const pressed = pressedMessage(hit);
        fields = pressed.value !== undefined ? { text: pressed.text, value: pressed.value } : { text: pressed.text };
        sent = `[button "${hit.title}"] ${pressed.text}`;
      } else {
        const offered = lastButtons.map((b) => b.title).join(' | ') || 'none';
        problems.push(`button /${send.button}/ not offered (offered: ${offered})`);
        if (send.fallback === undefined) {
          turns.push({ index, ...(turn.cat ? { cat: turn.cat } : {}), sent, replies: [], problems, pass: false, expect });
          continue;
        }
        fields = { text: send.fallback };
        sent = `[button /${send.button}/ missing; typed] ${send.fallback}`;
      }
    }
    const { messages, errors } = await conversation.send(fields);
    for (const error of errors) problems.push(`turn error: ${error}`);
    const replies = messages.map((m) => observe(m, script.channel));
    problems.push(...turnProblems(expect, replies, !repliedBefore));
    if (replies.length > 0) repliedBefore = true;
    lastButtons = replies.flatMap((r) => r.buttons);
    turns.push({ index, ...(turn.cat ? { cat: turn.cat } : {}), sent, replies, problems, pass: problems.length === 0, expect });
  }
  return {
    id: script.id,
    lang: script.lang,
    channel: script.channel,
    locale: script.locale,
    ...(script.desc ? { desc: script.desc } : {}),
    turns,
    pass: turns.every((t) => t.pass),
  };
}

export interface ConversationCounts {
  scripts: number;
  passed: number;
  turns: number;
  turns_passed: number;
}

export interface TurnFailure {
  script: string;
  lang: string;
  turn: number;
  sent: string;
  problems: string[];
}

/** The figures of a run: scripts and turns passed, by script language, and every failed turn with its reasons. */
export interface ConversationReport extends ConversationCounts {
  by_lang: Record<string, ConversationCounts>;
  failures: TurnFailure[];
}

function counts(results: ScriptResult[]): ConversationCounts {
  return {
    scripts: results.length,
    passed: results.filter((r) => r.pass).length,
    turns: results.reduce((n, r) => n + r.turns.length, 0),
    turns_passed: results.reduce((n, r) => n + r.turns.filter((t) => t.pass).length, 0),
  };
}

export function conversationReport(results: ScriptResult[]): ConversationReport {
  const langs = [...new Set(results.map((r) => r.lang))].sort();
  return {
    ...counts(results),
    by_lang: Object.fromEntries(langs.map((l) => [l, counts(results.filter((r) => r.lang === l))])),
    failures: results.flatMap((r) =>
      r.turns.filter((t) => !t.pass).map((t) => ({ script: r.id, lang: r.lang, turn: t.index, sent: t.sent, problems: t.problems })),
    ),
  };
}

/** Plays every script, one after the other, each in a conversation of its own. */
export async function playScripts(brain: Brain, scripts: ConversationScript[]): Promise<ScriptResult[]> {
  const results: ScriptResult[] = [];
  for (const script of scripts) results.push(await playScript(brain, script));
  return results;
}
