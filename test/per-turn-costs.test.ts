/**
 * The pieces that keep a turn cheap (see `npm run bench`) must not change what the bot does:
 * outbound clients reused, state written only when changed, dialog contexts built only when needed.
 */
import { type Activity, MemoryStorage, type Storage, type StoreItems, TestAdapter } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Brain } from '../src/app';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import { ContactDialog } from '../dialogs/contact-dialog';
import { GuidedTopicDialog } from '../dialogs/guided-topic-dialog';
import { IomBot } from '../src/bot/iom-bot';
import { createBotState } from '../src/bot/state';
import { createLogger } from '../src/log';
import { CachingBotFrameworkAuthentication } from '../src/server/outbound-clients';
import { BoundedCache } from '../src/util/bounded-cache';
import { sharedBrain } from './helpers/brain';

/** Integration tests (a real server, the knowledge base, child processes): generous limits, so that a busy machine never fails them. */
jest.setTimeout(60_000);

describe('BoundedCache', () => {
  it('returns what it cached, and starts over when full instead of growing', () => {
    const cache = new BoundedCache<string, number>(3);
    let made = 0;
    const make = () => ++made;
    expect(cache.getOrSet('a', make)).toBe(1);
    expect(cache.getOrSet('a', make)).toBe(1);
    cache.set('b', 20);
    cache.set('c', 30);
    expect(cache.size).toBe(3);
    cache.set('c', 31); // a known key never empties it
    expect(cache.get('a')).toBe(1);
    cache.set('d', 40);
    expect(cache.size).toBe(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('d')).toBe(40);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedCache(0)).toThrow(/positive integer/);
    expect(() => new BoundedCache(1.5)).toThrow(/positive integer/);
  });
});

/** A stand-in for botbuilder's authentication that counts the clients it builds. */
class CountingAuthentication extends BotFrameworkAuthentication {
  connectorClients = 0;
  userTokenClients = 0;
  failNext = false;

  factory(): ConnectorFactory {
    const create = async (serviceUrl: string): Promise<ConnectorClient> => {
      if (this.failNext) {
        this.failNext = false;
        throw new Error('credentials unavailable');
      }
      this.connectorClients++;
      return { serviceUrl, n: this.connectorClients } as unknown as ConnectorClient;
    };
    return new (class extends ConnectorFactory {
      create(serviceUrl: string): Promise<ConnectorClient> {
        return create(serviceUrl);
      }
    })();
  }

  async authenticateRequest(): Promise<AuthenticateRequestResult> {
    return { claimsIdentity: identity('app-1'), audience: 'aud', connectorFactory: this.factory() };
  }

  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return this.authenticateRequest();
  }

  createConnectorFactory(): ConnectorFactory {
    return this.factory();
  }

  async createUserTokenClient(): Promise<UserTokenClient> {
    this.userTokenClients++;
    return { n: this.userTokenClients } as unknown as UserTokenClient;
  }
}

function identity(appId: string): ClaimsIdentity {
  return new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);
}

describe('CachingBotFrameworkAuthentication', () => {
  const partial: Partial<Activity> = { type: 'message' };
  const activity = partial as Activity;

  it('builds one connector client per service URL and audience, and reuses it for later requests', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner);
    const first = await (await auth.authenticateRequest(activity, '')).connectorFactory!.create('https://a.example/', 'aud');
    const again = await (await auth.authenticateRequest(activity, '')).connectorFactory!.create('https://a.example/', 'aud');
    const other = await auth.createConnectorFactory(identity('app-1')).create('https://b.example/', 'aud');
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(inner.connectorClients).toBe(2);
  });

  it('keeps no client for another app id, and does not keep a failure', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner);
    const mine = await auth.createConnectorFactory(identity('app-1')).create('https://a.example/', 'aud');
    const theirs = await auth.createConnectorFactory(identity('app-2')).create('https://a.example/', 'aud');
    expect(theirs).not.toBe(mine);
    inner.failNext = true;
    await expect(auth.createConnectorFactory(identity('app-3')).create('https://a.example/', 'aud')).rejects.toThrow(
      'credentials unavailable',
    );
    await expect(auth.createConnectorFactory(identity('app-3')).create('https://a.example/', 'aud')).resolves.toBeDefined();
  });

  it('builds one user token client per app id', async () => {
    const inner = new CountingAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner);
    const a = await auth.createUserTokenClient(identity('app-1'));
    expect(await auth.createUserTokenClient(identity('app-1'))).toBe(a);
    expect(await auth.createUserTokenClient(identity('app-2'))).not.toBe(a);
    expect(inner.userTokenClients).toBe(2);
  });
});

/** MemoryStorage that counts writes per key. */
class CountingStorage implements Storage {
  readonly inner = new MemoryStorage();
  readonly writes = new Map<string, number>();

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    for (const key of Object.keys(changes)) this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
    return this.inner.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

describe('conversation state', () => {
  let brain: Brain;
  beforeAll(async () => {
    brain = await sharedBrain();
  });

  function chatWith(storage: Storage) {
    const bot = new IomBot({ brain, state: createBotState(storage), log: createLogger('silent') });
    const adapter = new TestAdapter(async (context) => bot.run(context));
    return async (text: string) => {
      await adapter.receiveActivity(text);
      return adapter.activeQueue.splice(0);
    };
  }

  const conversationKey = (storage: CountingStorage) => [...storage.writes.keys()].find((k) => k.includes('/conversations/')) as string;

  it('is written when a turn changes it and not when a turn leaves it as it was', async () => {
    const storage = new CountingStorage();
    const say = chatWith(storage);
    await say('bonjour');
    const key = conversationKey(storage);
    expect(storage.writes.get(key)).toBe(1);
    await say('merci'); // the options offered change: written
    expect(storage.writes.get(key)).toBe(2);
    await say('merci'); // same language, same options: nothing to write
    expect(storage.writes.get(key)).toBe(2);
    const stored = (await storage.read([key]))[key] as { conversation?: { lang?: string } };
    expect(stored.conversation?.lang).toBe('fr');
  });

  it('keeps a guided dialog between turns, and stores no dialog stack for turns without a dialog', async () => {
    const storage = new CountingStorage();
    const say = chatWith(storage);
    await say('Hello');
    const key = conversationKey(storage);
    expect((await storage.read([key]))[key]).not.toHaveProperty('dialogs');
    const opening = await say('I need to return home to my country');
    const next = opening[opening.length - 1]?.suggestedActions?.actions?.[0]?.title as string;
    const stack = () =>
      storage.read([key]).then((items) => (items[key] as { dialogs?: { dialogStack?: unknown[] } }).dialogs?.dialogStack ?? []);
    expect(await stack()).toHaveLength(1);
    const step = await say(next);
    expect(step.map((a) => a.text).join('\n')).not.toBe('');
    expect(await stack()).toHaveLength(1);
    await say('cancel');
    expect(await stack()).toHaveLength(0);
  });

  it('ends a running guided dialog as botbuilder would (told "cancelCalled", stack emptied) without building a dialog context', async () => {
    const ended: string[] = [];
    const endDialog = jest.spyOn(GuidedTopicDialog.prototype, 'endDialog').mockImplementation(async (_context, instance, reason) => {
      ended.push(`${instance.id}:${reason}`);
    });
    const createContext = jest.spyOn(DialogSet.prototype, 'createContext');
    try {
      const storage = new CountingStorage();
      const say = chatWith(storage);
      await say('Hello');
      await say('I need to return home to my country');
      const key = conversationKey(storage);
      const stack = async () => ((await storage.read([key]))[key] as { dialogs?: { dialogStack?: unknown[] } }).dialogs?.dialogStack;
      expect(await stack()).toHaveLength(1);
      // Starting the dialog took a dialog context (the spy sees botbuilder's calls)...
      expect(createContext).toHaveBeenCalled();
      createContext.mockClear();
      const reply = await say('thank you');
      expect(reply.length).toBeGreaterThan(0);
      expect(ended).toEqual(['avrr-from-morocco:cancelCalled']);
      expect(await stack()).toEqual([]);
      // ...ending it took none.
      expect(createContext).not.toHaveBeenCalled();
    } finally {
      endDialog.mockRestore();
      createContext.mockRestore();
    }
  });

  it.each([
    ['en', 'How can I contact IOM?'],
    ['fr', "Comment contacter l'OIM ?"],
    ['ar', 'كيف أتواصل مع المنظمة الدولية للهجرة؟'],
  ])('answers a one-turn dialog (contact, %s) without a dialog context, and leaves no dialog running', async (_lang, question) => {
    const answer = jest.spyOn(ContactDialog.prototype, 'answer');
    const createContext = jest.spyOn(DialogSet.prototype, 'createContext');
    try {
      const storage = new CountingStorage();
      const say = chatWith(storage);
      await say(question);
      const reply = await say(question);
      expect(answer).toHaveBeenCalled();
      expect(createContext).not.toHaveBeenCalled();
      // The contact entry with its call button.
      expect(JSON.stringify(reply.map((a) => a.attachments))).toContain('"value":"tel:+212');
      const key = conversationKey(storage);
      const stored = (await storage.read([key]))[key] as { dialogs?: { dialogStack?: unknown[] } };
      expect(stored.dialogs?.dialogStack ?? []).toEqual([]);
    } finally {
      answer.mockRestore();
      createContext.mockRestore();
    }
  });
});
