// The state file: loaded at start, saved after each change (debounced), always by writing a
// temporary file, fsync, then rename, so a crash leaves either the old or the new state and
// never half of one. Uploaded image bytes live beside it in <file>.blobs/<blobId>.
import { existsSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SeedCounts } from '../config';
import { createSeed, seedBulk } from './seed';
import type { CloudData, CloudState } from './state';

/** A fresh seeded cloud, plus the benchmark servers and images if asked. */
export function seededData(counts: SeedCounts = {}): CloudData {
  const data = createSeed();
  if (counts.servers || counts.images || counts.largeImageBytes) seedBulk(data, counts);
  return data;
}

// Loose on purpose: the shape of each record belongs to state.ts; this catches a file that is
// not a local cloud state at all (truncated, another program's JSON, an older format).
const record = z.object({ id: z.string() }).loose();
const stateFileSchema = z.object({
  version: z.literal(1),
  domains: z.array(record),
  projects: z.array(record),
  users: z.array(record),
  tokens: z.array(record),
  flavors: z.array(record),
  keypairs: z.array(z.object({ name: z.string() }).loose()),
  networks: z.array(record),
  images: z.array(record),
  servers: z.array(record),
}).loose();

export class StateFileError extends Error {
  constructor(file: string, why: string) {
    super(`The local cloud state file ${file} cannot be used: ${why}. Fix or delete it, or start with --reset to reseed.`);
    this.name = 'StateFileError';
  }
}

const blobDir = (file: string) => `${file}.blobs`;
const isTemp = (name: string) => /\.tmp-\d+$/.test(name);

/** Reads the state file, or returns null when there is none. Throws StateFileError when the
 * file is there but not a valid state. */
export function loadStateFile(file: string): { data: CloudData; blobs: Map<string, Buffer> } | null {
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StateFileError(file, `it is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const r = stateFileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new StateFileError(file, `${i?.path.join('.') || 'top level'}: ${i?.message ?? 'invalid'}`);
  }
  const data = raw as CloudData;
  const blobs = new Map<string, Buffer>();
  const dir = blobDir(file);
  const wanted = new Set(data.images.flatMap((img) => (img.data?.kind === 'blob' ? [img.data.blobId] : [])));
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      // Leftovers of a save that crashed before its rename.
      if (isTemp(name)) { unlinkSync(path.join(dir, name)); continue; }
      if (wanted.has(name)) blobs.set(name, readFileSync(path.join(dir, name)));
    }
  }
  const missing = [...wanted].filter((id) => !blobs.has(id));
  if (missing.length) throw new StateFileError(file, `image data ${missing.join(', ')} is missing from ${dir}`);
  for (const name of readdirSync(path.dirname(path.resolve(file)))) {
    if (name.startsWith(`${path.basename(file)}.tmp-`)) unlinkSync(path.join(path.dirname(path.resolve(file)), name));
  }
  return { data, blobs };
}

/** Writes bytes to `target` atomically: temp file, fsync, rename, fsync of the folder. */
async function writeAtomic(target: string, bytes: string | Buffer, hooks: PersistenceHooks): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await hooks.beforeRename?.(target);
  await rename(tmp, target);
  await fsyncDir(path.dirname(target));
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

export interface PersistenceHooks {
  /** Called between fsync and rename; tests throw here to play a crash. */
  beforeRename?: (target: string) => void | Promise<void>;
}

export interface Persistence {
  /** Saves now if anything changed since the last save. */
  flush(): Promise<void>;
  /** Flushes and stops listening. */
  close(): Promise<void>;
  /** Saves done so far (for tests and the CLI's summary). */
  readonly saves: number;
  /** The last save error, if the last save failed. */
  readonly lastError: Error | null;
}

/** Saves `state` to `file` after each change, debounced. */
export function attachPersistence(state: CloudState, file: string, opts: { debounceMs?: number; hooks?: PersistenceHooks; onError?: (err: Error) => void } = {}): Persistence {
  const debounceMs = opts.debounceMs ?? 50;
  const hooks = opts.hooks ?? {};
  const dir = blobDir(file);
  const written = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let dirty = false;
  let closed = false;
  let running: Promise<void> | null = null;
  let saves = 0;
  let lastError: Error | null = null;
  let lastSaveMs = 0;

  const saveOnce = async () => {
    dirty = false;
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    // Blobs first: the state file must never name bytes that are not on disk yet.
    if (state.blobs.size > 0 || existsSync(dir)) {
      await mkdir(dir, { recursive: true });
      for (const [id, bytes] of state.blobs) {
        if (written.has(id)) continue;
        await writeAtomic(path.join(dir, id), bytes, hooks);
        written.add(id);
      }
    }
    const json = JSON.stringify(state.data);
    await writeAtomic(file, json, hooks);
    saves++;
    // Only now may blobs the saved state no longer names go.
    if (existsSync(dir)) {
      for (const name of await readdir(dir)) {
        if (!state.blobs.has(name) && !isTemp(name)) {
          await unlink(path.join(dir, name)).catch(() => undefined);
          written.delete(name);
        }
      }
    }
  };

  const run = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        do {
          try {
            const t0 = performance.now();
            await saveOnce();
            lastSaveMs = performance.now() - t0;
            lastError = null;
          } catch (err) {
            lastError = err instanceof Error ? err : new Error(String(err));
            opts.onError?.(lastError);
            break;
          }
        } while (dirty);
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const schedule = () => {
    if (closed) return;
    dirty = true;
    if (timer) return;
    // A big state (the 1,000/10,000 seed is ~8 MiB) takes a while to save: waiting twice that
    // long keeps a busy cloud from spending its time saving.
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, Math.max(debounceMs, 2 * lastSaveMs));
  };
  state.onChange(schedule);

  // Blobs loaded from disk are already there.
  if (existsSync(dir)) for (const id of state.blobs.keys()) if (existsSync(path.join(dir, id))) written.add(id);

  const flush = async () => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (running) await running;
    if (dirty) await run();
    if (lastError) throw lastError;
  };

  return {
    flush,
    async close() {
      await flush();
      closed = true;
    },
    get saves() {
      return saves;
    },
    get lastError() {
      return lastError;
    },
  };
}
