import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import type { Brain } from '../src/app';
import { parseConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createService } from '../src/server/service';
import { createStorage } from '../src/storage/create-storage';
import { ExpiringStorage } from '../src/storage/expiring-storage';
import { FileStorage } from '../src/storage/file-storage';
import { ResilientStorage } from '../src/storage/resilient-storage';
import { sharedBrain } from './helpers/brain';
import { sendMessage } from './helpers/http';

/** Integration tests (a real server, the knowledge base, child processes): generous limits, so that a busy machine never fails them. */
jest.setTimeout(60_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileStorage', () => {
  it('writes, reads back and deletes items, surviving a new instance', async () => {
    await new FileStorage(dir).write({ 'test/conversations/a/': { lang: 'ar', eTag: '*' } });
    const again = new FileStorage(dir);
    const items = await again.read(['test/conversations/a/', 'missing']);
    expect(items['test/conversations/a/']).toMatchObject({ lang: 'ar' });
    expect(items.missing).toBeUndefined();
    await again.delete(['test/conversations/a/']);
    expect(await again.read(['test/conversations/a/'])).toEqual({});
  });

  it('refuses a write with a stale eTag', async () => {
    const store = new FileStorage(dir);
    await store.write({ k: { n: 1 } });
    const first = (await store.read(['k'])).k as { eTag: string };
    await store.write({ k: { n: 2, eTag: first.eTag } });
    await expect(store.write({ k: { n: 3, eTag: first.eTag } })).rejects.toThrow(/eTag conflict/);
  });
});

describe('ExpiringStorage', () => {
  it('forgets state after the idle time, on read and by sweeping', async () => {
    let now = 1_000_000;
    const inner = new FileStorage(dir);
    const store = new ExpiringStorage(
      inner,
      60_000,
      (k) => k === 'keep',
      () => now,
    );
    await store.write({ a: { x: 1 }, b: { x: 2 }, keep: { x: 3 } });
    now += 30_000;
    expect(Object.keys(await store.read(['b', 'keep'])).sort()).toEqual(['b', 'keep']); // b was active again
    now += 45_000;
    expect(Object.keys(await store.read(['a']))).toEqual([]);
    expect(await inner.read(['a'])).toEqual({}); // deleted, not only hidden
    now += 30_000;
    expect(await store.sweep()).toBe(1); // b, 60 s after it was last read
    expect(Object.keys(await inner.read(['a', 'b', 'keep']))).toEqual(['keep']);
  });

  it('counts idle time from the last message: a conversation read every 20 s whose state never changes does not expire', async () => {
    let now = 1_000_000;
    const store = new ExpiringStorage(
      new FileStorage(dir),
      60_000,
      () => false,
      () => now,
    );
    await store.write({ active: { lang: 'en' }, untouched: { lang: 'fr' } });
    for (let turn = 0; turn < 6; turn++) {
      now += 20_000;
      expect(await store.read(['active'])).toEqual({ active: expect.objectContaining({ lang: 'en' }) });
    }
    expect(await store.read(['untouched'])).toEqual({});
    // The refreshed item's eTag is the stored one: a write that checks it still succeeds.
    const item = (await store.read(['active'])).active as { eTag: string };
    await expect(store.write({ active: { lang: 'ar', eTag: item.eTag } })).resolves.toBeUndefined();
  });
});

describe('ResilientStorage', () => {
  class FlakyStorage implements Storage {
    down = false;
    private readonly inner = new MemoryStorage();
    read(keys: string[]) {
      return this.down ? Promise.reject(new Error('ECONNREFUSED')) : this.inner.read(keys);
    }
    write(changes: StoreItems) {
      return this.down ? Promise.reject(new Error('ECONNREFUSED')) : this.inner.write(changes);
    }
    delete(keys: string[]) {
      return this.down ? Promise.reject(new Error('ECONNREFUSED')) : this.inner.delete(keys);
    }
  }

  it('answers empty state while the store is down, logs once per interval, and recovers', async () => {
    const lines: string[] = [];
    let now = 0;
    const flaky = new FlakyStorage();
    const log = createLogger('info', false, (l) => lines.push(l));
    const store = new ResilientStorage(flaky, log, { timeoutMs: 1_000, retryAfterMs: 0, logIntervalMs: 60_000 }, () => now);
    await store.write({ k: { v: 1 } });
    flaky.down = true;
    expect(await store.read(['k'])).toEqual({});
    await expect(store.write({ k: { v: 2 } })).resolves.toBeUndefined();
    now += 1_000;
    await store.read(['k']);
    expect(lines.filter((l) => l.includes('storage.unavailable'))).toHaveLength(1);
    expect(store.healthy).toBe(false);
    now += 60_000;
    await store.read(['k']);
    expect(lines.filter((l) => l.includes('storage.unavailable'))).toHaveLength(2);
    flaky.down = false;
    expect(await store.read(['k'])).toMatchObject({ k: { v: 1 } });
    expect(store.healthy).toBe(true);
    expect(lines.some((l) => l.includes('storage.recovered'))).toBe(true);
  });
});

describe('the bot with the file store', () => {
  let brain: Brain;
  beforeAll(async () => {
    brain = await sharedBrain();
  });

  const turn = (url: string, text: string) => sendMessage(url, 'conversation-restart', text);

  it('keeps the conversation language and dialog position across a restart', async () => {
    const config = parseConfig({ STORAGE: 'file', STORAGE_DIR: dir, LOG_LEVEL: 'silent' });
    const log = createLogger('silent');
    const t = brain.locales.translator('en');
    const first = createService({ config, brain, log, storage: createStorage(config, log) });
    const url1 = `http://127.0.0.1:${await first.listen(0, '127.0.0.1')}`;
    await turn(url1, 'hello');
    const step1 = await turn(url1, t('menu.avrr'));
    expect(step1[0]!.text).toBe(brain.kb.byId.get('avrr-from-morocco')!.en.answer);
    await first.close();

    const second = createService({ config, brain, log, storage: createStorage(config, log) });
    const url2 = `http://127.0.0.1:${await second.listen(0, '127.0.0.1')}`;
    try {
      const next = t('dialog.next', { title: brain.kb.byId.get('avrr-from-morocco-eligibility')!.en.title });
      const step2 = await turn(url2, next);
      expect(step2[0]!.text).toBe(brain.kb.byId.get('avrr-from-morocco-eligibility')!.en.answer);
      expect(step2[0]!.locale).toBe('en');
      const short = await turn(url2, 'ok');
      expect(short[0]!.locale).toBe('en');
    } finally {
      await second.close();
    }
  });
});
