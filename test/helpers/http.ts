import type { Brain } from '../../src/app';
import { parseConfig } from '../../src/config';
import { createLogger, type LogSink } from '../../src/log';
import { createService, type Service } from '../../src/server/service';
import { createStorage } from '../../src/storage/create-storage';

export interface Running {
  service: Service;
  url: string;
}

/** The real service on a free loopback port, configured like the environment would (plus `env`). */
export async function startService(brain: Brain, env: Record<string, string> = {}, sink?: LogSink): Promise<Running> {
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: sink ? 'info' : 'silent', ...env });
  const log = createLogger(config.LOG_LEVEL, false, sink ?? (() => undefined));
  const service = createService({ config, brain, log, storage: createStorage(config, log) });
  const port = await service.listen(0, '127.0.0.1');
  return { service, url: `http://127.0.0.1:${port}` };
}

/** A Bot Framework message activity asking for its replies in the HTTP response. */
export function messageActivity(conversation: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    text,
    deliveryMode: 'expectReplies',
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: `user-${conversation}` },
    recipient: { id: 'bot' },
    conversation: { id: conversation },
    ...extra,
  };
}

export interface ReplyActivity {
  text?: string;
  locale?: string;
  conversation?: { id: string };
}

/** Sends one message to /api/messages and returns the bot's replies. */
export async function sendMessage(url: string, conversation: string, text: string): Promise<ReplyActivity[]> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity(conversation, text)),
  });
  return ((await res.json()) as { activities: ReplyActivity[] }).activities;
}
