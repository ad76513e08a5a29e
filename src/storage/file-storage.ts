import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';

interface Stored {
  key: string;
  value: unknown;
}

/** A stored file's content, or undefined when it is damaged (not JSON, or not an item). */
function parseStored(text: string): Stored | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<Stored> | null;
    if (
      parsed &&
      typeof parsed === 'object' &&
      typeof parsed.key === 'string' &&
      parsed.value !== null &&
      typeof parsed.value === 'object'
    ) {
      return { key: parsed.key, value: parsed.value };
    }
  } catch {
    // Not JSON.
  }
  return undefined;
}

/**
 * Bot Framework storage in a folder of JSON files: one file per key (named by the key's SHA-256),
 * written atomically (temporary file, then rename). For a single machine; several instances need
 * a shared store (Azure Blob). Honours eTags like MemoryStorage.
 */
export class FileStorage implements Storage {
  private eTagCounter = Date.now();
  /** Writes of one key in this process, one after the other, so that an eTag check and its write are one step. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    /** Told when a stored item could not be parsed (and was removed). */
    private readonly onCorrupt: () => void = () => undefined,
  ) {}

  private file(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        let text: string;
        try {
          text = await fs.readFile(this.file(key), 'utf8');
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw err;
        }
        const stored = parseStored(text);
        if (!stored) {
          // A damaged item is this conversation's problem only: it counts as absent and is removed.
          this.onCorrupt();
          await fs.rm(this.file(key), { force: true });
          return;
        }
        if (stored.key === key) items[key] = stored.value;
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const [key, change] of Object.entries(changes)) await this.serially(key, () => this.writeOne(key, change));
  }

  private serially(key: string, work: () => Promise<void>): Promise<void> {
    const before = this.writing.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(work);
    const settled = mine.catch(() => undefined);
    this.writing.set(key, settled);
    void settled.then(() => {
      if (this.writing.get(key) === settled) this.writing.delete(key);
    });
    return mine;
  }

  private async writeOne(key: string, change: unknown): Promise<void> {
    const value = { ...(change as Record<string, unknown>) };
    const incoming = value.eTag as string | undefined;
    if (incoming && incoming !== '*') {
      const current = (await this.read([key]))[key] as { eTag?: string } | undefined;
      if (current?.eTag && current.eTag !== incoming) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
    }
    value.eTag = String(++this.eTagCounter);
    const target = this.file(key);
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ key, value }), { mode: 0o600 });
    await fs.rename(tmp, target);
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => fs.rm(this.file(key), { force: true })));
  }

  /** Every stored key with its value, for the expiry sweep. */
  async *entries(): AsyncGenerator<[string, unknown]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      let stored: Stored | undefined;
      try {
        stored = parseStored(await fs.readFile(path.join(this.dir, name), 'utf8'));
      } catch {
        // A file removed or being replaced meanwhile: the next sweep sees it.
        continue;
      }
      // A damaged item is removed by the sweep too.
      if (!stored) await fs.rm(path.join(this.dir, name), { force: true }).catch(() => undefined);
      else yield [stored.key, stored.value];
    }
  }
}
