import type { Brain } from '../src/app';
import { parseConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createService, type Service } from '../src/server/service';
import { createStorage } from '../src/storage/create-storage';
import { type Azurite, azurite } from './helpers/azurite';
import { sharedBrain } from './helpers/brain';

jest.setTimeout(60_000);

let brain: Brain;
let emulator: Azurite;

beforeAll(async () => {
  brain = await sharedBrain();
  emulator = await azurite();
});
afterAll(async () => emulator?.dispose());

interface Activity {
  text: string;
  locale: string;
}

async function instance(logLines?: string[]): Promise<{ service: Service; url: string }> {
  const config = parseConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: emulator.connectionString, BLOB_CONTAINER: 'iom-bot-tests', LOG_LEVEL: 'info', STORAGE_TIMEOUT_MS: '1500', STORAGE_RETRY_MS: '300' });
  const log = createLogger('info', false, (l) => logLines?.push(l));
  const service = createService({ config, brain, log, storage: createStorage(config, log) });
  return { service, url: `http://127.0.0.1:${await service.listen(0, '127.0.0.1')}` };
}

function sayTo(url: string, conversation: string, text: string): Promise<Activity[]> {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      deliveryMode: 'expectReplies',
      channelId: 'test',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: `user-${conversation}` },
      recipient: { id: 'bot' },
      conversation: { id: conversation },
    }),
  })
    .then((r) => r.json() as Promise<{ activities: Activity[] }>)
    .then((b) => b.activities);
}

describe('Azure Blob storage (Azurite)', () => {
  it('lets two bot instances serve one conversation alternately without losing or mixing state', async () => {
    const a = await instance();
    const b = await instance();
    const en = brain.locales.translator('en');
    const ar = brain.locales.translator('ar');
    try {
      await sayTo(a.url, 'shared-1', 'hello');
      await sayTo(b.url, 'shared-2', 'السلام عليكم');
      // Conversation 1 walks the return dialog across the two instances, in English.
      const step1 = await sayTo(b.url, 'shared-1', en('menu.avrr'));
      expect(step1[0]!.text).toBe(brain.kb.byId.get('avrr-from-morocco')!.en.answer);
      const step2 = await sayTo(a.url, 'shared-1', en('dialog.next', { title: brain.kb.byId.get('avrr-from-morocco-eligibility')!.en.title }));
      expect(step2[0]!.text).toBe(brain.kb.byId.get('avrr-from-morocco-eligibility')!.en.answer);
      // Conversation 2 stays in Arabic on either instance; conversation 1 in English.
      expect((await sayTo(a.url, 'shared-2', 'ok'))[0]!.locale).toBe('ar-MA');
      expect((await sayTo(b.url, 'shared-1', 'ok'))[0]!.locale).toBe('en');
      const menu2 = await sayTo(b.url, 'shared-2', ar('menu.menu'));
      expect(menu2[0]!.locale).toBe('ar-MA');
    } finally {
      await a.service.close();
      await b.service.close();
    }
  });

  it('keeps answering without state while the store is down, logs it, and recovers', async () => {
    const lines: string[] = [];
    const bot = await instance(lines);
    try {
      await sayTo(bot.url, 'outage-1', 'hello');
      await emulator.stop();
      const during = await sayTo(bot.url, 'outage-1', 'Où se trouve le bureau de l’OIM à Rabat ?');
      expect(during.map((a) => a.text).join('\n')).toContain('Ait Ourir');
      expect(during.every((a) => a.locale === 'fr-MA')).toBe(true);
      const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { storage: string };
      expect(health.storage).toBe('unavailable');
      expect(lines.filter((l) => l.includes('storage.unavailable')).length).toBe(1);
      await emulator.start();
      await new Promise((r) => setTimeout(r, 400)); // past the retry pause
      await sayTo(bot.url, 'outage-2', 'English please');
      expect((await sayTo(bot.url, 'outage-2', 'ok'))[0]!.locale).toBe('en');
      expect(((await (await fetch(`${bot.url}/healthz`)).json()) as { storage: string }).storage).toBe('ok');
    } finally {
      await bot.service.close();
    }
  });
});
