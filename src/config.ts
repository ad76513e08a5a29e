import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The service's configuration, read from the environment (and an optional .env file). */
export const ConfigSchema = z
  .object({
    PORT: z.coerce.number({ message: 'must be a port number' }).int('must be a whole number').min(0).max(65535).default(3978),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optionalText,
    /** memory (default): this process only; file: a folder on this machine; blob: Azure Blob storage, shared by instances. */
    STORAGE: z.enum(['memory', 'file', 'blob']).default('memory'),
    /** Folder of the file store. */
    STORAGE_DIR: z.string().trim().min(1).default('./data/state'),
    /** Azure Storage connection string of the blob store. */
    BLOB_CONNECTION_STRING: optionalText,
    BLOB_CONTAINER: z
      .string()
      .trim()
      .regex(/^[a-z0-9](-?[a-z0-9]){2,62}$/, 'must be a valid container name (3-63 lower-case letters, digits, hyphens)')
      .default('iom-bot-state'),
    /** A store operation slower than this counts as failed (the bot answers without state). */
    STORAGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
    /** After a store failure, how long the bot answers without state before trying the store again. */
    STORAGE_RETRY_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /** A conversation's state is deleted after this many idle minutes. */
    STATE_IDLE_MINUTES: z.coerce.number().int().min(1).max(525_600).default(1440),
    /** Largest request body accepted, in bytes (1 MB at most). */
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(262_144),
    /** Web chat requests allowed per client address and minute. */
    WEBCHAT_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
    /** Behind a reverse proxy or load balancer: take the client address from X-Forwarded-For (the entry the proxy added). */
    TRUST_PROXY: booleanFlag,
    /** How many proxies in a row append to X-Forwarded-For in front of the bot (TRUST_PROXY=true means 1). */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Source tags counted in the report (comma-separated); empty: any tag, up to 200 distinct ones. */
    SOURCE_TAGS: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a comma-separated list of tags (letters, digits, _ and -)'))),
    /** Memory store: most items kept (about 2 per conversation); the least recently used go first. */
    MEMORY_MAX_ITEMS: z.coerce.number().int().min(100).max(10_000_000).default(50_000),
    /** Sending replies to a channel service (or the Emulator) fails after this long: the turn ends with an error. */
    OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** On SIGTERM, requests in flight get this long to finish; then their connections are closed and the process exits 0. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /** Longest wait for a request's headers, and for a whole request (body and answer). */
    HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
    /** Enables GET /api/report for `npm run report` (a shared secret of 16+ characters). */
    REPORT_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** Lets logs carry message text and ids: for an operator debugging, never by default. */
    VERBOSE_LOGGING: booleanFlag,
  })
  .superRefine((c, ctx) => {
    if (c.MicrosoftAppId && !c.MicrosoftAppPassword && c.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (c.STORAGE === 'blob' && !c.BLOB_CONNECTION_STRING) {
      ctx.addIssue({ code: 'custom', path: ['BLOB_CONNECTION_STRING'], message: 'is required when STORAGE is blob' });
    }
    if (c.HEADERS_TIMEOUT_MS > c.REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['HEADERS_TIMEOUT_MS'], message: 'must not be more than REQUEST_TIMEOUT_MS' });
    }
    if (c.MicrosoftAppType === 'SingleTenant' && !c.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required when MicrosoftAppType is SingleTenant' });
    }
  });
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => '  - ' + p).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates configuration values; a bad value names its variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const known = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k]]));
  const parsed = ConfigSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'configuration'}: ${i.message}`));
  }
  return parsed.data;
}

/** Loads `.env` from the working folder when it exists (values already in the environment win). */
export function loadDotEnv(file = path.join(process.cwd(), '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** How many proxies' X-Forwarded-For entries are trusted (0: the header is ignored). */
export function trustedProxyHops(config: Pick<Config, 'TRUST_PROXY' | 'TRUST_PROXY_HOPS'>): number {
  return config.TRUST_PROXY_HOPS > 0 ? config.TRUST_PROXY_HOPS : config.TRUST_PROXY ? 1 : 0;
}

/** True when the bot checks Bot Framework tokens (a Microsoft App Id is configured). */
export function isAuthenticated(config: Config): boolean {
  return !!config.MicrosoftAppId;
}
