import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';

/**
 * Bot Framework storage in a folder of JSON files: one file per key (named by the key's SHA-256),
 * written atomically (temporary file, then rename). For a single machine; several instances need
 * a shared store (Azure Blob). Honours eTags like MemoryStorage.
 */
export class FileStorage implements Storage {
  private eTagCounter = Date.now();

  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        try {
          const stored = JSON.parse(await fs.readFile(this.file(key), 'utf8')) as { key: string; value: unknown };
          if (stored.key === key) items[key] = stored.value;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const [key, change] of Object.entries(changes)) {
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
      try {
        const stored = JSON.parse(await fs.readFile(path.join(this.dir, name), 'utf8')) as { key: string; value: unknown };
        yield [stored.key, stored.value];
      } catch {
        // A file removed or being replaced meanwhile: the next sweep sees it.
      }
    }
  }
}
