import { z } from 'zod';

/** The reply languages the bot speaks. */
export const LANGS = ['fr', 'ar', 'en'] as const;
export const LangSchema = z.enum(LANGS);
export type Lang = z.infer<typeof LangSchema>;

/** Topic ids answered from the knowledge base (see shared/eval/TOPICS.md). */
export const KNOWLEDGE_TOPICS = [
  'about-iom',
  'iom-morocco',
  'migration-context',
  'migration-mainstreaming',
  'trqn',
  'vocational-training',
  'jmdi',
  'avrr-from-morocco',
  'avrr-to-morocco',
  'motuse',
  'vulnerable-migrants',
  'anti-trafficking',
  'migrant-health',
  'forsaty',
  'salemm',
  'donors',
  'contact',
] as const;
export const KnowledgeTopicSchema = z.enum(KNOWLEDGE_TOPICS);
export type KnowledgeTopic = z.infer<typeof KnowledgeTopicSchema>;

/** Conversational topics, answered from locales/ rather than the knowledge base. */
export const COMMAND_TOPICS = ['greeting', 'thanks', 'help', 'language'] as const;
export const CommandTopicSchema = z.enum(COMMAND_TOPICS);
export type CommandTopic = z.infer<typeof CommandTopicSchema>;

export type Topic = KnowledgeTopic | CommandTopic | 'none';

/** Funders named in the sheet's "Fonds :" lines; their names live in locales/. */
export const FUNDERS = [
  'switzerland',
  'netherlands',
  'eu',
  'belgium',
  'spain',
  'morocco',
  'germany',
  'finland',
  'usaid',
  'iom-development-fund',
] as const;
export const FunderSchema = z.enum(FUNDERS);
export type Funder = z.infer<typeof FunderSchema>;

const nonBlank = z.string().trim().min(1, 'must not be empty');
/** A question or keyword; a bare number in YAML (2014) is read as text. */
const phrase = z.union([z.string(), z.number()]).transform(String).pipe(nonBlank);

/** "2014", "2014-07": month precision at most, as the sheet gives it. */
const YearMonth = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^(19|20)\d\d(-(0[1-9]|1[0-2]))?$/, 'must be YYYY or YYYY-MM'));

export const PeriodSchema = z
  .object({
    start: YearMonth.optional(),
    end: YearMonth.optional(),
    /** ongoing: described by the sheet as running; ended: has an end date in the past; not-a-project: general information. */
    status: z.enum(['ongoing', 'ended', 'not-a-project']),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.status === 'ended' && !p.end) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'an ended project needs its end date' });
    }
    if (p.status === 'ongoing' && p.end) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'an ongoing programme has no end date' });
    }
    if (p.start && p.end && p.start > p.end) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'ends before it starts' });
    }
  });
export type Period = z.infer<typeof PeriodSchema>;

/** Where a fact comes from: a section of the activity sheet, or a named outside source. */
export const SourceSchema = z.union([z.object({ sheet: nonBlank }).strict(), z.object({ outside: nonBlank, fact: nonBlank }).strict()]);
export type Source = z.infer<typeof SourceSchema>;

/** Longest short answer, in characters: what a phone screen shows without scrolling. */
export const MAX_ANSWER_CHARS = 600;

export const LocalizedEntrySchema = z
  .object({
    title: nonBlank.max(80),
    /** The label of a button that opens this entry; Web Chat cuts longer labels. */
    short: nonBlank.max(24).optional(),
    answer: nonBlank.max(MAX_ANSWER_CHARS, `must fit a phone screen (at most ${MAX_ANSWER_CHARS} characters)`),
    questions: z.array(phrase).min(2, 'needs at least 2 question variants'),
    keywords: z.array(phrase).min(2, 'needs at least 2 keywords'),
  })
  .strict();
export type LocalizedEntry = z.infer<typeof LocalizedEntrySchema>;

const ENTRY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const EntrySchema = z
  .object({
    id: z.string().regex(ENTRY_ID, 'must be lower-case words joined by hyphens'),
    topic: KnowledgeTopicSchema,
    period: PeriodSchema,
    funders: z.array(FunderSchema),
    sources: z.array(SourceSchema).min(1, 'every entry names where its facts come from'),
    reviewed: z
      .union([z.string(), z.date()])
      .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
      .pipe(z.string().regex(ISO_DATE, 'must be a date YYYY-MM-DD')),
    followups: z.array(z.string().regex(ENTRY_ID)).max(4, 'at most 4 follow-ups fit as buttons').default([]),
    /** The answer speaks to a person who may be a victim (of trafficking, violence, exploitation): it must carry the emergency line. */
    victim: z.boolean().default(false),
    fr: LocalizedEntrySchema,
    ar: LocalizedEntrySchema,
    en: LocalizedEntrySchema,
  })
  .strict();
export type Entry = z.infer<typeof EntrySchema>;

/** One knowledge file: a list of entries. */
export const EntryFileSchema = z.array(EntrySchema).min(1, 'a knowledge file holds at least one entry');

/** knowledge/source.yaml: what the knowledge base was built from. */
export const SourceDocumentSchema = z
  .object({
    title: nonBlank,
    publisher: nonBlank,
    url: nonBlank,
    date: nonBlank,
    note: nonBlank.optional(),
  })
  .strict();
export type SourceDocument = z.infer<typeof SourceDocumentSchema>;
