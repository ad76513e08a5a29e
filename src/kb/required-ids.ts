/**
 * Knowledge entries the code refers to by id. A renamed or deleted entry fails kb:check and
 * start-up naming the id and the code that needs it, instead of a menu button or a dialog step
 * that silently leads nowhere. Code that needs an entry takes its id from here.
 */
export interface RequiredEntry {
  readonly id: string;
  /** Who relies on the entry, as shown in the problem report. */
  readonly usedBy: string;
}

const menu = (id: string): RequiredEntry => ({ id, usedBy: 'the main menu (src/reply/render.ts)' });
const dialog = (id: string, name: string): RequiredEntry => ({ id, usedBy: `the ${name} dialog (dialogs/)` });

export const REQUIRED_ENTRIES = {
  menuAvrr: menu('avrr-from-morocco'),
  menuTraining: menu('vocational-training'),
  menuTrafficking: menu('anti-trafficking-help'),
  menuContact: menu('contact'),

  avrrStart: dialog('avrr-from-morocco', 'return (AVRR)'),
  avrrEligibility: dialog('avrr-from-morocco-eligibility', 'return (AVRR)'),
  avrrSupport: dialog('avrr-from-morocco-support', 'return (AVRR)'),
  avrrVulnerable: dialog('avrr-from-morocco-vulnerable', 'return (AVRR)'),
  avrrHowToAsk: dialog('avrr-from-morocco-how-to-ask', 'return (AVRR)'),

  trainingStart: dialog('vocational-training', 'vocational training'),
  trainingEligibility: dialog('vocational-training-eligibility', 'vocational training'),
  trainingNow: dialog('vocational-training-now', 'vocational training'),

  traffickingEmergency: dialog('anti-trafficking-emergency', 'trafficking help'),
  traffickingHelp: dialog('anti-trafficking-help', 'trafficking help'),
  traffickingContact: dialog('contact', 'trafficking help'),

  safetyAbroad: {
    id: 'anti-trafficking-transnational',
    usedBy: 'the safety reply to a victim abroad (src/bot/iom-bot.ts, src/nlu/routes.ts)',
  },
  followUpAddress: { id: 'contact-address', usedBy: 'follow-ups about the office (src/nlu/routes.ts)' },
  followUpPhone: { id: 'contact-phone', usedBy: 'follow-ups about the phone (src/nlu/routes.ts)' },

  contact: { id: 'contact', usedBy: 'the contact dialog (dialogs/) and the contact actions of every reply (src/reply/render.ts)' },
  contactPhone: dialog('contact-phone', 'contact'),
  contactAddress: dialog('contact-address', 'contact'),
  contactPerson: dialog('contact-person', 'contact'),
} as const satisfies Record<string, RequiredEntry>;

export type RequiredEntryRole = keyof typeof REQUIRED_ENTRIES;

/** Each required id once, with everyone who needs it. */
export function requiredEntryIds(): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const { id, usedBy } of Object.values(REQUIRED_ENTRIES)) {
    const list = users.get(id) ?? [];
    if (!list.includes(usedBy)) list.push(usedBy);
    users.set(id, list);
  }
  return users;
}
