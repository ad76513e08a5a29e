import path from 'node:path';
import { z } from 'zod';
import { DataError, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';

export const CONTACT_CHANNELS_FILE = 'contact-channels.yaml';

const phoneNumber = z.string().regex(/^\+\d{8,15}$/, 'must be an international number: + and digits only');
const httpsUrl = z.url({ protocol: /^https$/, message: 'must be an https URL' });

/** How to reach IOM as actions: tap-to-call, website, map. */
export const ContactChannelsSchema = z
  .object({ source: z.string().trim().min(1), phone: phoneNumber, fax: phoneNumber, website: httpsUrl, map: httpsUrl })
  .strict();
export type ContactChannels = z.infer<typeof ContactChannelsSchema>;

export function loadContactChannels(knowledgeDir: string): ContactChannels {
  const file = path.join(knowledgeDir, CONTACT_CHANNELS_FILE);
  const display = path.relative(process.cwd(), file) || file;
  const parsed = ContactChannelsSchema.safeParse(readDataFile(file, display));
  if (!parsed.success) throw new DataError(zodProblems(display, parsed.error.issues));
  return parsed.data;
}
