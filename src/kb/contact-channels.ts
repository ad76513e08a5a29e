import path from 'node:path';
import { z } from 'zod';
import { DataError, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';

export const CONTACT_CHANNELS_FILE = 'contact-channels.yaml';

const phoneNumber = z.string().regex(/^\+\d{8,15}$/, 'must be an international number: + and digits only');
const httpsUrl = z.url({ protocol: /^https$/, message: 'must be an https URL' });

/** An emergency number and the words that name its service next to it in a text (fr, ar, en). */
export const EmergencyNumberSchema = z
  .object({
    number: z.string().regex(/^\d{2,4}$/, 'must be a short number: 2 to 4 digits'),
    names: z.array(z.string().trim().min(2)).min(1),
  })
  .strict();
export type EmergencyNumber = z.infer<typeof EmergencyNumberSchema>;

/** How to reach IOM as actions: tap-to-call, website, map; and the country's emergency numbers. */
export const ContactChannelsSchema = z
  .object({
    source: z.string().trim().min(1),
    phone: phoneNumber,
    fax: phoneNumber,
    website: httpsUrl,
    map: httpsUrl,
    emergency: z.array(EmergencyNumberSchema).min(1),
  })
  .strict();
export type ContactChannels = z.infer<typeof ContactChannelsSchema>;

export function loadContactChannels(knowledgeDir: string): ContactChannels {
  const file = path.join(knowledgeDir, CONTACT_CHANNELS_FILE);
  const display = path.relative(process.cwd(), file) || file;
  const parsed = ContactChannelsSchema.safeParse(readDataFile(file, display));
  if (!parsed.success) throw new DataError(zodProblems(display, parsed.error.issues));
  return parsed.data;
}
