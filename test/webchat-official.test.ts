/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Brain } from '../src/app';
import type { Lang } from '../src/kb/schema';
import { sharedBrain } from './helpers/brain';
import { launchChromium } from './helpers/chromium';
import { startService, type Running } from './helpers/http';
import { startOfflineWebChat } from './helpers/offline-webchat';

/**
 * Microsoft's own Web Chat (botframework-webchat's prebuilt bundle) talking to the real bot through
 * offline-directline, with the embed code the README documents. Debian's chromium; no download.
 */
const README = path.resolve(__dirname, '..', 'README.md');
const WAIT = { timeout: 45_000 };

jest.setTimeout(240_000);

/** The README's embed code, with the local Direct Line options the page gets from the test. */
function readmeEmbed(): string {
  const readme = readFileSync(README, 'utf8');
  const block = /<!-- embed-webchat:start[^>]*-->\s*```js\n([\s\S]*?)```\s*<!-- embed-webchat:end -->/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no embed-webchat block');
  const placeholder = "{ token: 'TOKEN_FROM_YOUR_SERVER' }";
  if (!block.includes(placeholder)) throw new Error(`the README's embed code no longer has ${placeholder}`);
  return block.replace(placeholder, 'window.TEST_DIRECT_LINE');
}

let brain: Brain;
let bot: Running;
let webchat: { url: string; close(): Promise<void> };
let browser: Browser;
let quiet: jest.SpyInstance;

beforeAll(async () => {
  // offline-directline logs every conversation it creates.
  quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  brain = await sharedBrain();
  bot = await startService(brain);
  webchat = await startOfflineWebChat(`${bot.url}/api/messages`, readmeEmbed());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await webchat?.close();
  await bot?.service.close();
  quiet?.mockRestore();
});

const t = (lang: Lang, key: string) => brain.locales.translator(lang)(key);

/** A page with Web Chat; window.open records what Web Chat asks it to open (tel: never reaches the network). */
async function openWebChat(lang: 'fr' | 'ar'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 400, height: 800 }, locale: lang === 'ar' ? 'ar-MA' : 'fr-FR' });
  const page = await context.newPage();
  await page.addInitScript(
    ({ domain }) => {
      const w = window as unknown as { TEST_DIRECT_LINE: unknown; opened: string[] };
      w.TEST_DIRECT_LINE = { domain, webSocket: false, token: 'local', pollingInterval: 300 };
      w.opened = [];
      window.open = (url?: string | URL) => {
        w.opened.push(String(url));
        return null;
      };
    },
    { domain: `${webchat.url}/directline` },
  );
  // The page is <html lang="ar"> for Arabic: the embed starts Web Chat right to left.
  await page.goto(`${webchat.url}/?lang=${lang}`);
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor(WAIT);
  return page;
}

const botBubble = (page: Page, text: string | RegExp): Locator =>
  page.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: text }).first();
const suggested = (page: Page, label: string): Locator => page.locator('.webchat__suggested-actions button', { hasText: label }).first();
const cardButton = (page: Page, label: string): Locator => page.locator('.ac-pushButton', { hasText: label }).first();

async function type(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-id="webchat-sendbox-input"]');
  await box.fill(text);
  await box.press('Enter');
}

/** The start of a text's first line as Web Chat shows it (its Markdown turns ' into ’, links numbers). */
function shown(text: string): RegExp {
  const start = text.split('\n')[0]!.slice(0, 30).trim();
  // Web Chat puts zero-width spaces around the links it makes of numbers.
  const pattern = start
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/'/g, "['’]")
    .replace(/\d+/g, (n) => `\u200b?${n}\u200b?`);
  return new RegExp(pattern);
}
const opening = (lang: Lang, id: string) => shown(brain.kb.byId.get(id)?.[lang].answer ?? '');

describe("Microsoft's Web Chat with the README's embed, through Direct Line (offline-directline)", () => {
  it('chats in French: a reply, a quick reply, the call button opens exactly tel:+212537652881, and 19 is a tel:19 link', async () => {
    const page = await openWebChat('fr');
    await type(page, 'Bonjour');
    await botBubble(page, shown(t('fr', 'reply.greeting'))).waitFor(WAIT);
    // Quick replies up to 24 characters (the bot's limit for Web Chat) fit whole between the strip's arrows.
    await suggested(page, t('fr', 'menu.contact')).waitFor(WAIT);
    const strip = (await page.locator('.webchat__suggested-actions').first().boundingBox())?.width ?? 0;
    const widths = await page
      .locator('.webchat__suggested-actions button.webchat__suggested-action')
      .evaluateAll((bs) => bs.map((b) => ({ label: b.textContent ?? '', width: b.getBoundingClientRect().width })));
    expect(widths.length).toBeGreaterThan(0);
    for (const w of widths.filter((x) => x.label.length <= 24)) expect(w.width).toBeLessThanOrEqual(strip - 2 * 40);

    await suggested(page, t('fr', 'menu.contact')).click();
    await botBubble(page, 'Ait Ourir').waitFor(WAIT);
    await cardButton(page, t('fr', 'contact.call')).click();
    await page.waitForFunction(() => (window as unknown as { opened: string[] }).opened.length > 0, undefined, WAIT);
    expect(await page.evaluate(() => (window as unknown as { opened: string[] }).opened)).toEqual(['tel:+212537652881']);
    // The phone number in the answer is a link too; the fax number never is.
    const contact = botBubble(page, 'Ait Ourir');
    expect(await contact.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(
      expect.arrayContaining(['tel:+212537652881']),
    );
    expect(await contact.locator('a[href="tel:+212537758540"]').count()).toBe(0);

    // The trafficking path: "are you in danger now?" then yes gives the emergency numbers.
    await suggested(page, t('fr', 'menu.menu')).click();
    await suggested(page, t('fr', 'menu.trafficking')).click();
    await suggested(page, t('fr', 'dialog.trafficking.yes')).click();
    const emergency = botBubble(page, opening('fr', 'anti-trafficking-emergency'));
    await emergency.waitFor(WAIT);
    for (const n of ['19', '177', '15']) {
      const link = emergency.locator(`a[href="tel:${n}"]`);
      expect(await link.textContent()).toBe(n);
      expect(await link.isVisible()).toBe(true);
    }
    await page.context().close();
  });

  it('lays Arabic out right to left on an Arabic page, follows a quick reply, and keeps the call button exact', async () => {
    const page = await openWebChat('ar');
    await type(page, 'السلام عليكم');
    const welcome = botBubble(page, shown(t('ar', 'reply.greeting')));
    await welcome.waitFor(WAIT);

    const transcript = page.locator('.webchat__basic-transcript');
    expect(await transcript.getAttribute('dir')).toBe('rtl');
    expect(await welcome.locator('.webchat__text-content').evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    // The text starts at the right edge of the bubble.
    expect(await firstLetterSide(welcome)).toBe('right');

    await suggested(page, t('ar', 'menu.contact')).click();
    await botBubble(page, 'آيت أورير').waitFor(WAIT);
    await cardButton(page, t('ar', 'contact.call')).click();
    await page.waitForFunction(() => (window as unknown as { opened: string[] }).opened.length > 0, undefined, WAIT);
    expect(await page.evaluate(() => (window as unknown as { opened: string[] }).opened)).toEqual(['tel:+212537652881']);

    await suggested(page, t('ar', 'menu.menu')).click();
    await suggested(page, t('ar', 'menu.trafficking')).click();
    await suggested(page, t('ar', 'dialog.trafficking.yes')).click();
    const emergency = botBubble(page, opening('ar', 'anti-trafficking-emergency'));
    await emergency.waitFor(WAIT);
    expect(await emergency.locator('.webchat__text-content').evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    expect(await firstLetterSide(emergency)).toBe('right');
    for (const n of ['19', '177', '15']) expect(await emergency.locator(`a[href="tel:${n}"]`).textContent()).toBe(n);
    await page.context().close();
  });

  it('follows the conversation: a French page turns right to left when the bot switches to Arabic', async () => {
    const page = await openWebChat('fr');
    await type(page, 'Bonjour');
    const greeting = botBubble(page, shown(t('fr', 'reply.greeting')));
    await greeting.waitFor(WAIT);
    expect(await page.locator('.webchat__basic-transcript').getAttribute('dir')).toBe('ltr');
    expect(await firstLetterSide(greeting)).toBe('left');
    await suggested(page, t('ar', 'meta.languageName')).click();
    const switched = botBubble(page, shown(t('ar', 'reply.languageSwitched')));
    await switched.waitFor(WAIT);
    await page.waitForFunction(() => document.querySelector('.webchat__basic-transcript')?.getAttribute('dir') === 'rtl', undefined, WAIT);
    expect(await switched.locator('.webchat__text-content').evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    expect(await firstLetterSide(switched)).toBe('right');
    await page.context().close();
  });
});

/** Which edge of a bubble's text its first letter sits at: right for a right-to-left layout. */
async function firstLetterSide(bubble: Locator): Promise<'left' | 'right'> {
  const place = await bubble.locator('.webchat__text-content').evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const i = (node.textContent ?? '').search(/\p{L}/u);
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const letter = range.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return { fromLeft: letter.left - box.left, fromRight: box.right - letter.right };
    }
    return undefined;
  });
  if (!place) throw new Error('the bubble has no letter');
  return place.fromRight < place.fromLeft ? 'right' : 'left';
}
