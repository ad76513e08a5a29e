import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import type { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Config } from '../config';
import { FEEDBACK_KEY } from '../bot/feedback';
import type { Logger } from '../log';
import { ExpiringStorage, type ListableStorage } from './expiring-storage';
import { FileStorage } from './file-storage';
import { ResilientStorage } from './resilient-storage';

/** MemoryStorage that can list its items, for the expiry sweep. */
class ListableMemoryStorage extends MemoryStorage implements ListableStorage {
  private readonly items: Record<string, string>;

  constructor() {
    const items: Record<string, string> = {};
    super(items);
    this.items = items;
  }

  async *entries(): AsyncGenerator<[string, unknown]> {
    for (const [key, json] of Object.entries(this.items)) yield [key, JSON.parse(json) as unknown];
  }
}

export type StorageConfig = Pick<
  Config,
  'STORAGE' | 'STORAGE_DIR' | 'BLOB_CONNECTION_STRING' | 'BLOB_CONTAINER' | 'STATE_IDLE_MINUTES' | 'STORAGE_TIMEOUT_MS' | 'STORAGE_RETRY_MS'
>;

export interface BotStorage {
  storage: Storage;
  /** Deletes expired state now (also run periodically by the service). */
  sweep(): Promise<number>;
  /** False while the underlying store is failing (the bot then answers without state). */
  healthy(): boolean;
}

function baseStore(config: StorageConfig): Storage {
  switch (config.STORAGE) {
    case 'memory':
      return new ListableMemoryStorage();
    case 'file':
      return new FileStorage(path.resolve(config.STORAGE_DIR));
    case 'blob': {
      // Loaded only when chosen: the Azure SDK adds about 100 ms to every start of the bot.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { BlobsStorage: Blobs } = require('botbuilder-azure-blobs') as { BlobsStorage: typeof BlobsStorage };
      return new Blobs(config.BLOB_CONNECTION_STRING ?? '', config.BLOB_CONTAINER, {
        // Few, short retries: ResilientStorage decides what a slow store means for the bot.
        storagePipelineOptions: { retryOptions: { maxTries: 2, tryTimeoutInMs: config.STORAGE_TIMEOUT_MS, retryDelayInMs: 100, maxRetryDelayInMs: 500 } },
      });
    }
  }
}

/**
 * The one place that decides where state lives: memory (default, this process only), a folder of
 * files (one machine, survives restarts) or Azure Blob storage (several instances). Every store
 * expires idle state, and a failing store degrades to stateless answers instead of errors.
 */
export function createStorage(config: StorageConfig, log: Logger): BotStorage {
  const expiring = new ExpiringStorage(baseStore(config), config.STATE_IDLE_MINUTES * 60_000, (key) => key === FEEDBACK_KEY);
  // Memory cannot be unreachable or slow: only stores behind a disk or a network get the guard
  // (a timer and a race per operation).
  if (config.STORAGE === 'memory') return { storage: expiring, sweep: () => expiring.sweep(), healthy: () => true };
  const resilient = new ResilientStorage(expiring, log, {
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
