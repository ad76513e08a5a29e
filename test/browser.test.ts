/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { Brain } from '../src/app';
import { parseConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createService, type Service } from '../src/server/service';
import { sharedBrain } from './helpers/brain';
import { launchChromium } from './helpers/chromium';

const SCREENSHOTS = path.resolve(__dirname, '..', 'test-output', 'screenshots');

jest.setTimeout(60_000);

let brain: Brain;
let service: Service;
let url: string;
let browser: Browser;

beforeAll(async () => {
  brain = await sharedBrain();
  // Every page of this file comes from 127.0.0.1: a limit well above what the tests send in a minute.
  service = createService({ config: parseConfig({ LOG_LEVEL: 'silent', WEBCHAT_RATE_LIMIT: '600' }), brain, log: createLogger('silent') });
  url = `http://127.0.0.1:${await service.listen(0, '127.0.0.1')}`;
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

/** axe-core's findings of every impact (the target is none serious or critical; we hold to none at all). */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}`);
}

const botMessages = (page: Page) => page.locator('.msg.bot');

describe('the web chat page in headless Chromium', () => {
  it('chats in French, follows a button, switches to Arabic right to left, and passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${url}/?src=test`);
    await botMessages(page).first().waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(service.stats.snapshot().conversationsBySource.test).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel(brain.locales.translator('fr')('webchat.inputLabel')).fill('Dans quelle rue se trouve le bureau ?');
    await page.keyboard.press('Enter');
    await page.getByText('Ait Ourir').first().waitFor();
    await expect(page.locator('a[href="tel:+212537652881"]').first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'answer-fr.png') });

    const count = await botMessages(page).count();
    await page.getByRole('button', { name: brain.locales.translator('fr')('menu.menu') }).click();
    await page.waitForFunction((n) => document.querySelectorAll('.msg.bot').length > n, count);
    expect(await botMessages(page).last().textContent()).toContain(brain.locales.translator('fr')('reply.menu'));

    await page.locator('#languages button[data-lang="ar"]').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await botMessages(page).last().textContent()).toContain(brain.locales.translator('ar')('reply.languageSwitched'));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'arabic-rtl.png') });
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('can be used with the keyboard alone', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(url);
    await botMessages(page).first().waitFor();
    await page.focus('#input');
    await page.keyboard.type('phone number');
    await page.keyboard.press('Enter');
    await page.getByText('+212 (0)5 37 65 28 81').first().waitFor();
    // Tab reaches the answer's buttons.
    await page.focus('#log');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.tagName);
    expect(['A', 'BUTTON']).toContain(focused);
    await page.close();
  });

  it('shows text sent by the bot as text, never as HTML', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(url);
    await botMessages(page).first().waitFor();
    await page.fill('#input', '<img src=x onerror="window.__pwned=1"><b>bold</b>');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.msg.bot').length >= 2);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('.msg img, .msg b').count()).toBe(0);
    await page.close();
  });

  it('makes 19, 177 and 15 of the emergency answer and IOM phone tap-to-call links, never the fax', async () => {
    const t = brain.locales.translator('fr');
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(url);
    await botMessages(page).first().waitFor();
    await page.getByRole('button', { name: t('menu.trafficking') }).click();
    await page.getByRole('button', { name: t('dialog.trafficking.yes') }).click();
    // The question carried the emergency line already; the answer to "yes" is the second message that does.
    const emergency = page.locator('.msg.bot', { hasText: 'Gendarmerie' }).nth(1);
    await emergency.waitFor();
    for (const n of ['19', '177', '15']) expect(await emergency.locator(`a[href="tel:${n}"]`).textContent()).toBe(n);
    expect(await emergency.locator('a[href="tel:+212537652881"]').count()).toBeGreaterThanOrEqual(1);

    await page.fill('#input', 'fax');
    await page.keyboard.press('Enter');
    const fax = page.locator('.msg.bot', { hasText: '75 85 40' }).first();
    await fax.waitFor();
    expect(await fax.locator('a[href="tel:+212537758540"]').count()).toBe(0);
    expect(await fax.locator('a', { hasText: '75 85 40' }).count()).toBe(0);
    expect(await fax.locator('a[href="tel:+212537652881"]').count()).toBe(1);
    await page.close();
  });

  it('clears its log and starts a new conversation after a reply that says the conversation was forgotten', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(url);
    await botMessages(page).first().waitFor();
    // The bot marks its "forgotten" reply with channelData.iomForget; the page is tested on its own here.
    await page.route('**/api/webchat/conversations/*/activities', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          conversationId: 'old-conversation-id-0123456789',
          activities: [{ type: 'message', text: 'Forgotten.', locale: 'en', channelData: { iomForget: true } }],
        }),
      }),
    );
    await page.fill('#input', 'delete my data');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.msg').length === 1);
    expect(await page.locator('.msg').first().textContent()).toContain('Forgotten.');
    await page.unroute('**/api/webchat/conversations/*/activities');

    const starts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') starts.push(new URL(r.url()).pathname);
    });
    await page.fill('#input', 'phone number');
    await page.keyboard.press('Enter');
    await page.getByText('+212 (0)5 37 65 28 81').first().waitFor();
    expect(starts[0]).toBe('/api/webchat/conversations');
    expect(starts.join(' ')).not.toContain('old-conversation-id');
    await page.close();
  });

  it.each([
    ['fr-FR', 'effacez mes données'],
    ['ar-MA', 'احذف معلوماتي'],
    ['en-US', 'please delete everything you know about me'],
  ])(
    'forgets for real with the bot (%s): the server forgets, the log is emptied, the old conversation id is not used again',
    async (locale, forget) => {
      const page = await browser.newPage({ locale });
      await page.goto(url);
      await botMessages(page).first().waitFor();
      await page.fill('#input', 'IOM phone number');
      await page.keyboard.press('Enter');
      await page.getByText('+212 (0)5 37 65 28 81').first().waitFor();
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
      });
      await page.fill('#input', forget);
      await page.keyboard.press('Enter');
      // Only the bot's confirmation is left on screen: the earlier messages are gone.
      await page.waitForFunction(
        () => document.querySelectorAll('.msg').length === 1 && document.querySelectorAll('.msg.bot').length === 1,
      );
      const lang = locale.slice(0, 2) as 'fr' | 'ar' | 'en';
      const confirmation = brain.locales.translator(lang)('reply.forgotten');
      expect(await page.locator('.msg.bot').first().textContent()).toContain(confirmation.slice(0, 20));
      const used = posts[0]!;
      await page.fill('#input', 'hello');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('.msg.bot').length >= 2);
      // The next message starts a new conversation instead of reusing the forgotten one.
      expect(posts[1]).toBe('/api/webchat/conversations');
      expect(posts.slice(1).join(' ')).not.toContain(used.split('/')[4] ?? 'none');
      await page.close();
    },
  );

  it('links card buttons only to https: and tel: addresses', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.route('**/api/webchat/conversations', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          conversationId: 'c'.repeat(32),
          activities: [
            {
              type: 'message',
              text: 'Links',
              locale: 'en',
              attachments: [
                {
                  contentType: 'application/vnd.microsoft.card.hero',
                  content: {
                    buttons: [
                      { type: 'openUrl', title: 'js', value: 'javascript:alert(1)' },
                      { type: 'openUrl', title: 'data', value: 'data:text/html,<b>x</b>' },
                      { type: 'openUrl', title: 'http', value: 'http://example.org' },
                      { type: 'openUrl', title: 'call', value: 'tel:+212537652881' },
                      { type: 'openUrl', title: 'site', value: 'https://morocco.iom.int' },
                    ],
                  },
                },
              ],
            },
          ],
        }),
      }),
    );
    await page.goto(url);
    await botMessages(page).first().waitFor();
    expect(await page.locator('.actions a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      'tel:+212537652881',
      'https://morocco.iom.int',
    ]);
    await page.close();
  });

  it('keeps a message typed while the conversation could not be started, and sends it once it starts', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.route('**/api/webchat/conversations', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{}' }),
    );
    await page.goto(url);
    const retry = page.locator('#status button');
    await retry.waitFor();
    await page.fill('#input', 'phone number');
    await page.keyboard.press('Enter');
    await page.locator('.msg.user', { hasText: 'phone number' }).waitFor();
    await page.waitForFunction(() => !(document.getElementById('send') as HTMLButtonElement).disabled);
    await page.unroute('**/api/webchat/conversations');
    await retry.click();
    await page.getByText('+212 (0)5 37 65 28 81').first().waitFor();
    expect(await page.locator('.msg.user', { hasText: 'phone number' }).count()).toBe(1);
    await page.close();
  });
});
