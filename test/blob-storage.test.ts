import type { Brain } from '../src/app';
import { type Azurite, azurite } from './helpers/azurite';
import { sharedBrain } from './helpers/brain';
import { type Running, sendMessage, startService } from './helpers/http';

jest.setTimeout(60_000);

let brain: Brain;
let emulator: Azurite;

beforeAll(async () => {
  brain = await sharedBrain();
  emulator = await azurite();
});
afterAll(async () => emulator?.dispose());

async function instance(logLines?: string[]): Promise<Running> {
  const env = {
    STORAGE: 'blob',
    BLOB_CONNECTION_STRING: emulator.connectionString,
    BLOB_CONTAINER: 'iom-bot-tests',
    STORAGE_TIMEOUT_MS: '1500',
    STORAGE_RETRY_MS: '300',
  };
  return startService(brain, env, (l) => logLines?.push(l));
}

const sayTo = sendMessage;

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
      const step2 = await sayTo(
        a.url,
        'shared-1',
        en('dialog.next', { title: brain.kb.byId.get('avrr-from-morocco-eligibility')!.en.title }),
      );
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
