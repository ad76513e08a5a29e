import path from 'node:path';
import type { Storage } from 'botbuilder';
import type { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Config } from '../config';
import { FEEDBACK_KEY } from '../bot/feedback';
import type { Logger } from '../log';
import { ExpiringStorage } from './expiring-storage';
import { FileStorage } from './file-storage';
import { HashedKeyStorage, hashedKey } from './hashed-keys';
import { BoundedMemoryStorage } from './memory-storage';
import { ResilientStorage } from './resilient-storage';

/** The feedback counts are anonymous and kept for good: they never expire and are never evicted. */
const FEEDBACK_STORED_KEY = hashedKey(FEEDBACK_KEY);
const isPermanent = (storedKey: string) => storedKey === FEEDBACK_STORED_KEY;

export type StorageConfig = Pick<
  Config,
  | 'STORAGE'
  | 'STORAGE_DIR'
  | 'BLOB_CONNECTION_STRING'
  | 'BLOB_CONTAINER'
  | 'STATE_IDLE_MINUTES'
  | 'STORAGE_TIMEOUT_MS'
  | 'STORAGE_RETRY_MS'
  | 'MEMORY_MAX_ITEMS'
>;

export interface BotStorage {
  storage: Storage;
  /** Deletes expired state now (also run periodically by the service). */
  sweep(): Promise<number>;
  /** False while the underlying store is failing (the bot then answers without state). */
  healthy(): boolean;
}

function baseStore(config: StorageConfig, log: Logger): Storage {
  switch (config.STORAGE) {
    case 'memory':
      return new BoundedMemoryStorage(config.MEMORY_MAX_ITEMS, isPermanent);
    case 'file':
      return new FileStorage(path.resolve(config.STORAGE_DIR), () => log.warn('storage.item.corrupt', { removed: true }));
    case 'blob': {
      // Loaded only when chosen: the Azure SDK adds about 100 ms to every start of the bot.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { BlobsStorage: Blobs } = require('botbuilder-azure-blobs') as { BlobsStorage: typeof BlobsStorage };
      return new Blobs(config.BLOB_CONNECTION_STRING ?? '', config.BLOB_CONTAINER, {
        // Few, short retries: ResilientStorage decides what a slow store means for the bot.
        storagePipelineOptions: {
          retryOptions: { maxTries: 2, tryTimeoutInMs: config.STORAGE_TIMEOUT_MS, retryDelayInMs: 100, maxRetryDelayInMs: 500 },
        },
      });
    }
  }
}

/**
 * The one place that decides where state lives: memory (default, this process only), a folder of
 * files (one machine, survives restarts) or Azure Blob storage (several instances). Every store
 * keeps items under the hash of their key (no channel id at rest), expires idle state, and a
 * failing store degrades to stateless answers instead of errors.
 */
export function createStorage(config: StorageConfig, log: Logger): BotStorage {
  const expiring = new ExpiringStorage(baseStore(config, log), config.STATE_IDLE_MINUTES * 60_000, isPermanent);
  const hashed = new HashedKeyStorage(expiring);
  // Memory cannot be unreachable or slow: only stores behind a disk or a network get the guard
  // (a timer and a race per operation).
  if (config.STORAGE === 'memory') return { storage: hashed, sweep: () => expiring.sweep(), healthy: () => true };
  const resilient = new ResilientStorage(hashed, log, {
    timeoutMs: config.STORAGE_TIMEOUT_MS,
    retryAfterMs: config.STORAGE_RETRY_MS,
    logIntervalMs: 60_000,
  });
  return {
    storage: resilient,
    sweep: () => expiring.sweep(),
    healthy: () => resilient.healthy,
  };
}
