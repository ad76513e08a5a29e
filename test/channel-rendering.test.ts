import type { CardAction } from 'botbuilder';
import type { Brain } from '../src/app';
import { channelProfile, OWN_PAGE_CHANNEL_ID, replyActivity } from '../src/bot/activity';
import { callableNumbers, type CallableNumbers, escapeMarkdown, findPhoneNumbers, markdownWithPhoneLinks } from '../src/bot/phone-links';
import { type Lang, LANGS } from '../src/kb/schema';
import { menuOptions, type Reply, renderEntry } from '../src/reply/render';
import { sharedBrain } from './helpers/brain';

const RLI = '\u2067';
const LRI = '\u2066';
const PDI = '\u2069';
const IOM = '+212537652881';
const FAX = '+212537758540';

let brain: Brain;
let callable: CallableNumbers;

beforeAll(async () => {
  brain = await sharedBrain();
  callable = callableNumbers(brain.contact);
});

const dials = (text: string) => findPhoneNumbers(text, callable).map((s) => s.dial);
const answer = (lang: Lang, id: string) => brain.kb.byId.get(id)?.[lang].answer ?? '';

describe('callable numbers in a text', () => {
  it('uses the data: IOM phone and the emergency numbers of contact-channels.yaml', () => {
    expect(callable.phones).toEqual([IOM]);
    expect(callable.emergency.map((e) => e.number)).toEqual(['19', '177', '15']);
  });

  it.each(LANGS)('finds 19, 177, 15 and IOM in the emergency answer, never the fax (%s)', (lang) => {
    expect(dials(answer(lang, 'anti-trafficking-emergency'))).toEqual(['19', '177', '15', IOM]);
    expect(dials(answer(lang, 'contact'))).toEqual([IOM]);
    expect(dials(answer(lang, 'contact'))).not.toContain(FAX);
  });

  it.each<[string, string[]]>([
    ['Si vous êtes en danger, appelez la police au 19.', ['19']],
    ['Urgence médicale : appelez le 15 (protection civile).', ['15']],
    ['اتصل بالرقم 15 (الوقاية المدنية)', ['15']],
    ['إذا كنت في خطر الآن، اتصل بالشرطة على الرقم 19', ['19']],
    ['outside cities: Gendarmerie Royale, 177', ['177']],
    ['mon petit frère de 15 ans est seul au Maroc', []],
    ['Le projet a duré de 2015 à 2019, avec la police', []],
    ['police 19 ans plus tard', []],
    ['police 1915', []],
    ['police 19.5', []],
    ['la police 19 et la gendarmerie 15', ['19']],
    ['police ................................................ 19', []],
    [`Fax : ${IOM}`, []],
    ['فاكس: +212 (0)5 37 65 28 81', []],
    ['Tél : +212 (0)5 37 65 28 81\nFax : +212 (0)5 37 75 85 40', [IOM]],
    ['+212 5 37 65 28 81', [IOM]],
    [`${IOM}\n2. Site web`, [IOM]],
    ['+212 6 00 00 00 00 (not IOM)', []],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(dials(text)).toEqual(expected);
  });

  it('stays linear on long hostile input', () => {
    const hostile = `${'police 19 '.repeat(2000)}${'+212 '.repeat(5000)}${'1'.repeat(20_000)}`;
    expect(dials(hostile)).toHaveLength(2000);
  });

  it('writes Markdown links and escapes what would format', () => {
    expect(markdownWithPhoneLinks('*police* 19 [x](javascript:alert(1)) <b>', callable)).toBe(
      '\\*police\\* [19](tel:19) \\[x\\](javascript:alert(1)) \\<b\\>',
    );
    expect(escapeMarkdown('a_b`c~d|e\\f')).toBe('a\\_b\\`c\\~d\\|e\\\\f');
  });
});

interface Rendered {
  text: string;
  cards: CardAction[];
  quick: CardAction[];
  textFormat?: string;
}

function render(reply: Reply, channelId: string): Rendered {
  const a = replyActivity(brain, reply, channelId);
  const cards = (a.attachments ?? []).flatMap((att) => (att.content as { buttons?: CardAction[] }).buttons ?? []);
  return { text: a.text ?? '', cards, quick: a.suggestedActions?.actions ?? [], textFormat: a.textFormat };
}

const contact = (lang: Lang) => renderEntry(brain, lang, 'contact');
const emergency = (lang: Lang) => renderEntry(brain, lang, 'anti-trafficking-emergency');
const CHANNELS = [
  'directline',
  'emulator',
  'webchat',
  OWN_PAGE_CHANNEL_ID,
  'msteams',
  'telegram',
  'facebook',
  'sms',
  'slack',
  'line',
  'test',
  'unknown-channel',
];

describe('what each channel gets', () => {
  it.each(CHANNELS.flatMap((c) => LANGS.map((l) => [c, l] as const)))(
    '%s (%s): every phone action dials exactly IOM, never tel:tel: nor the fax',
    (channel, lang) => {
      const r = render(contact(lang), channel);
      const everything = JSON.stringify(r);
      expect(everything).not.toContain('tel:tel:');
      expect(everything).not.toContain(`tel:${FAX}`);
      for (const a of [...r.cards, ...r.quick].filter((x) => x.type === 'call' || String(x.value).startsWith('tel:'))) {
        expect([`tel:${IOM}`, IOM]).toContain(a.value);
      }
      // The number can always be reached: on a button or in the message.
      expect(everything).toContain(IOM.slice(1));
    },
  );

  it.each(LANGS)('Web Chat over Direct Line: openUrl tel: button, Markdown tel: links, isolated lines (%s)', (lang) => {
    const r = render(contact(lang), 'directline');
    expect(r.textFormat).toBe('markdown');
    expect(r.cards).toContainEqual(expect.objectContaining({ type: 'openUrl', value: `tel:${IOM}` }));
    expect(r.cards.some((c) => c.type === 'call')).toBe(false);
    expect(r.text).toMatch(/\]\(tel:\+212537652881\)/);
    const open = lang === 'ar' ? RLI : LRI;
    for (const line of r.text.split('\n').filter((l) => l.trim())) expect(line).toMatch(new RegExp(`^${open}.*${PDI}( {2})?$`));
    const e = render(emergency(lang), 'directline');
    for (const n of ['19', '177', '15']) expect(e.text).toContain(`[${n}](tel:${n})`);
  });

  it.each(LANGS)('the own page: plain text as written, openUrl tel: button (%s)', (lang) => {
    const r = render(emergency(lang), OWN_PAGE_CHANNEL_ID);
    expect(r.textFormat).toBe('plain');
    expect(r.text).toBe(answer(lang, 'anti-trafficking-emergency'));
    expect(render(contact(lang), OWN_PAGE_CHANNEL_ID).cards).toContainEqual(
      expect.objectContaining({ type: 'openUrl', value: `tel:${IOM}` }),
    );
  });

  it.each(LANGS)("Azure's Web Chat channel (webchat) is Microsoft's Web Chat: Markdown tel: links for 19, 177 and 15 (%s)", (lang) => {
    const e = render(emergency(lang), 'webchat');
    expect(e.textFormat).toBe('markdown');
    for (const n of ['19', '177', '15']) expect(e.text).toContain(`[${n}](tel:${n})`);
  });

  it.each(LANGS)('Teams: no call action, the call as a Markdown tel: line, choices on the card (%s)', (lang) => {
    const r = render(contact(lang), 'msteams');
    expect(r.cards.some((c) => c.type === 'call' || String(c.value).startsWith('tel:'))).toBe(false);
    expect(r.text).toContain(`${brain.locales.translator(lang)('contact.call')}: [${IOM}](tel:${IOM})`);
    expect(r.cards.some((c) => c.type === 'imBack')).toBe(true);
    expect(r.quick).toEqual([]);
    expect(render(emergency(lang), 'msteams').text).toContain('[19](tel:19)');
  });

  it.each(LANGS)('Telegram: no tel: anywhere, the international number written out (%s)', (lang) => {
    const r = render(contact(lang), 'telegram');
    expect(JSON.stringify(r)).not.toContain('tel:');
    expect(r.cards.every((c) => c.type === 'openUrl' && String(c.value).startsWith('https://'))).toBe(true);
    expect(r.text).toContain(IOM);
    expect(render(emergency(lang), 'telegram').text).not.toContain('](');
  });

  it.each(LANGS)('Messenger: a call button with the bare number, 3 card buttons at most (%s)', (lang) => {
    const r = render(contact(lang), 'facebook');
    expect(r.cards).toContainEqual(expect.objectContaining({ type: 'call', value: IOM }));
    expect(r.cards.length).toBeLessThanOrEqual(3);
    expect(r.textFormat).toBe('plain');
  });

  it.each(LANGS)('SMS: numbered text only, digits, no link syntax (%s)', (lang) => {
    const r = render(contact(lang), 'sms');
    expect(r.cards).toEqual([]);
    expect(r.quick).toEqual([]);
    expect(r.text).toMatch(/\n1\. /);
    expect(r.text).toContain(IOM);
    expect(r.text).not.toContain('tel:');
    expect(r.text).not.toContain(RLI);
  });

  it.each(LANGS)('no isolates where the client sets direction itself (%s)', (lang) => {
    for (const channel of [OWN_PAGE_CHANNEL_ID, 'msteams', 'telegram', 'facebook', 'sms']) {
      const text = render(emergency(lang), channel).text;
      expect(text).not.toMatch(/[\u2066-\u2069]/);
    }
  });

  it.each(LANGS)('a quick-reply label too long to show whole is listed in full in the message (%s)', (lang) => {
    const t = brain.locales.translator(lang);
    const long = 'x'.repeat(30);
    const reply: Reply = {
      lang,
      locale: t('meta.locale'),
      text: 'question',
      options: [
        { label: long, value: 'entry:contact' },
        { label: 'Menu', value: 'command:menu' },
      ],
    };
    for (const channel of ['directline', 'telegram', 'facebook']) {
      const r = render(reply, channel);
      expect(r.quick.map((q) => q.title)).toEqual([long, 'Menu']);
      expect(r.text).toContain(`1. ${long}`);
      expect(r.text).toContain(t('reply.chooseOption'));
    }
    // Labels that fit: only the question.
    const menu: Reply = { lang, locale: t('meta.locale'), text: 'question', options: menuOptions(brain, lang) };
    expect(menu.options.every((o) => o.label.length <= (channelProfile('directline').labelMax ?? 0))).toBe(true);
    expect(render(menu, 'directline').text).not.toContain(t('reply.chooseOption'));
    // The own page wraps its buttons: nothing to add.
    expect(render(reply, OWN_PAGE_CHANNEL_ID).text).toBe('question');
  });
});
