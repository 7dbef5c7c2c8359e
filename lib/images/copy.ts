import 'server-only';
// Copy to another region (docs/decisions/011). A copy is a target image in the other region,
// made with the snapshot's formats and properties plus `snapdeck_copied_from=<region>/<id>`,
// filled either by the target Glance itself (glance-download, where offered) or by a stream
// from the source's download into the target's upload (copy-stream.ts). Progress lives in
// this process; the marker lets any process find a copy that a restart cut short.
import type { Connection } from '@/lib/openstack/client';
import { OpenStackError } from '@/lib/openstack/errors';
import { getImportMethods, importGlanceDownload } from '@/lib/openstack/image/import';
import { createImage, deleteImage, getImage, listImages, RESERVED_IMAGE_QUERY_KEYS, type Image } from '@/lib/openstack/image/images';
import { volumeBackedSnapshotOf } from '@/lib/openstack/image/volume-backed';
import { Refusal } from '@/lib/server/api';
import { streamImageData } from './copy-stream';

export const COPY_MARKER = 'snapdeck_copied_from';
const markerOf = (region: string, id: string) => `${region}/${id}`;
/** At most this many copies run at once in one server process (each holds a download and an upload). */
export const MAX_RUNNING_COPIES = 2;

export type CopyMethod = 'glance-download' | 'stream';
export type CopyPhase = 'creating' | 'pulling' | 'streaming' | 'verifying' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface CopyView {
  targetId: string;
  targetRegion: string;
  sourceId: string;
  sourceRegion: string;
  name: string;
  method: CopyMethod | null;
  phase: CopyPhase;
  bytes: number;
  total: number | null;
  /** 0–100, null while unknown (glance-download shows no bytes until it is done). */
  percent: number | null;
  /** Bytes per second since the data started to move. */
  rate: number | null;
  etaSeconds: number | null;
  message: string | null;
  startedAt: string;
}

/** A copy refused before anything is made: the status and the reason in words. */
export class CopyRefusal extends Refusal {
  override name = 'CopyRefusal';
  constructor(override readonly status: 400 | 404 | 409 | 429, message: string) {
    super(status, message);
  }
}

/** Why this image cannot be copied, or null. A volume-backed snapshot's data is in Cinder
 * (decision 008): its 0-byte image would arrive empty in the other region. */
export function copyRefusalOf(image: Pick<Image, 'status' | 'size' | 'properties'>): string | null {
  if (volumeBackedSnapshotOf(image)) {
    return 'This snapshot is of an instance booted from a volume: its data is in Cinder snapshots, not in Glance, and Glance cannot copy those to another region.';
  }
  if (image.status !== 'active') return `Only an active image can be copied; this one is ${image.status}.`;
  if (!image.size) return 'This image has no data in Glance to copy.';
  return null;
}

/** The target's properties: every custom property of the snapshot (image_type, instance_uuid,
 * base_image_ref, hw_qemu_guest_agent, os_require_quiesce …) but Glance's own reserved ones,
 * plus the lineage marker. */
export function copyProperties(image: Pick<Image, 'id' | 'properties'>, sourceRegion: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(image.properties)) {
    if (key.startsWith('os_glance') || RESERVED_IMAGE_QUERY_KEYS.has(key) || key === COPY_MARKER) continue;
    out[key] = value;
  }
  out[COPY_MARKER] = markerOf(sourceRegion, image.id);
  return out;
}

export interface CopyRequest {
  projectId: string;
  source: Connection;
  sourceRegion: string;
  sourceId: string;
  target: Connection;
  targetRegion: string;
  name: string;
  /** The catalog interface glance-download should use to reach the source. */
  endpointInterface: 'public' | 'internal' | 'admin';
}

interface Job {
  view: CopyView;
  projectId: string;
  target: Connection;
  abort: AbortController;
  /** When the data started to move (rate and ETA). */
  movingSince: number | null;
  done: Promise<void>;
}

export interface CopyManagerOptions {
  limit?: number;
  pollMs?: number;
  /** Finished copies are shown this long, then forgotten (Glance still has the image). */
  keepFinishedMs?: number;
  now?: () => number;
}

export class CopyManager {
  private jobs = new Map<string, Job>();
  private readonly limit: number;
  private readonly pollMs: number;
  private readonly keepFinishedMs: number;
  private readonly now: () => number;

  constructor(opts: CopyManagerOptions = {}) {
    this.limit = opts.limit ?? MAX_RUNNING_COPIES;
    this.pollMs = opts.pollMs ?? 1000;
    this.keepFinishedMs = opts.keepFinishedMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  running(): number {
    return [...this.jobs.values()].filter((j) => !isFinal(j.view.phase)).length;
  }

  /** Starts a copy; resolves once the target image exists (its id is the copy's id). */
  async start(req: CopyRequest): Promise<CopyView> {
    if (req.targetRegion === req.sourceRegion) throw new CopyRefusal(400, 'The target region is the region the snapshot is in.');
    if (this.running() >= this.limit) {
      throw new CopyRefusal(429, `${this.limit} copies are already running on this server, the most it runs at once. Start this one when one of them has finished.`);
    }
    const source = await getImage(req.source, req.sourceId);
    const refusal = copyRefusalOf(source);
    if (refusal) throw new CopyRefusal(409, refusal);
    const methods = await getImportMethods(req.target).catch(() => [] as string[]);
    const method: CopyMethod = methods.includes('glance-download') ? 'glance-download' : 'stream';
    const target = await createImage(req.target, {
      name: req.name,
      ...(source.diskFormat ? { diskFormat: source.diskFormat as never } : {}),
      ...(source.containerFormat ? { containerFormat: source.containerFormat as never } : {}),
      minDisk: source.minDisk, minRam: source.minRam,
      properties: copyProperties(source, req.sourceRegion),
    });
    const view: CopyView = {
      targetId: target.id, targetRegion: req.targetRegion, sourceId: source.id, sourceRegion: req.sourceRegion, name: req.name,
      method, phase: method === 'glance-download' ? 'pulling' : 'streaming', bytes: 0, total: source.size, percent: method === 'stream' ? 0 : null,
      rate: null, etaSeconds: null, message: null, startedAt: new Date(this.now()).toISOString(),
    };
    const job: Job = { view, projectId: req.projectId, target: req.target, abort: new AbortController(), movingSince: this.now(), done: Promise.resolve() };
    this.jobs.set(target.id, job);
    job.done = this.run(job, req, source, method);
    return { ...view };
  }

  private async run(job: Job, req: CopyRequest, source: Image, method: CopyMethod): Promise<void> {
    const { view } = job;
    try {
      if (method === 'glance-download') {
        await importGlanceDownload(req.target, view.targetId, {
          glanceImageId: source.id, glanceRegion: req.sourceRegion, glanceServiceInterface: req.endpointInterface,
        });
        await this.waitForImport(job);
      } else {
        const result = await streamImageData(req.source, source.id, req.target, view.targetId, {
          hashAlgo: source.hashAlgo ?? 'sha512', signal: job.abort.signal, onBytes: (b) => this.progress(job, b),
        });
        if (source.hashValue && result.hash !== source.hashValue) throw new CopyFailure('The data read from the source did not match its os_hash_value.');
      }
      view.phase = 'verifying';
      const made = await getImage(req.target, view.targetId);
      if (made.status !== 'active') throw new CopyFailure(`Glance left the copy ${made.status}.`);
      if (made.hashValue !== source.hashValue || made.size !== source.size) {
        throw new CopyFailure(`The copy's checksum does not match the snapshot's (${source.hashAlgo ?? 'sha512'} ${short(made.hashValue)} ≠ ${short(source.hashValue)}).`);
      }
      Object.assign(view, { phase: 'done', bytes: made.size ?? view.bytes, percent: 100, etaSeconds: 0, message: `Copied to ${view.targetRegion}; the ${source.hashAlgo ?? 'sha512'} checksums match.` });
    } catch (err) {
      const cancelled = job.abort.signal.aborted;
      const why = cancelled ? 'Cancelled.' : `The copy failed: ${reasonOf(err)}`;
      const cleanup = await this.deleteTarget(job);
      Object.assign(view, { phase: cancelled ? 'cancelled' : 'failed', rate: null, etaSeconds: null, message: `${why} ${cleanup}` });
    } finally {
      const t = setTimeout(() => this.jobs.delete(view.targetId), this.keepFinishedMs);
      t.unref?.();
    }
  }

  private progress(job: Job, bytes: number): void {
    const { view } = job;
    view.bytes = bytes;
    const elapsed = (this.now() - (job.movingSince ?? this.now())) / 1000;
    view.rate = elapsed > 0 ? Math.round(bytes / elapsed) : null;
    if (view.total) {
      view.percent = Math.min(100, Math.floor((bytes / view.total) * 100));
      view.etaSeconds = view.rate ? Math.max(0, Math.round((view.total - bytes) / view.rate)) : null;
    }
  }

  /** glance-download: importing until active, or back to queued when Glance's task failed. */
  private async waitForImport(job: Job): Promise<void> {
    for (;;) {
      if (job.abort.signal.aborted) throw new CopyFailure('Cancelled.');
      const image = await getImage(job.target, job.view.targetId);
      if (image.status === 'active') return;
      if (image.status === 'queued' && 'os_glance_failed_import' in image.properties) {
        throw new CopyFailure(`Glance in ${job.view.targetRegion} could not download the snapshot from ${job.view.sourceRegion}.`);
      }
      if (image.status === 'killed') throw new CopyFailure('Glance killed the import.');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.pollMs);
        job.abort.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
      });
    }
  }

  private async deleteTarget(job: Job): Promise<string> {
    try {
      await deleteImage(job.target, job.view.targetId);
      return `The unfinished image in ${job.view.targetRegion} was deleted.`;
    } catch (err) {
      if (err instanceof OpenStackError && err.is(404)) return `The unfinished image in ${job.view.targetRegion} is already gone.`;
      return `The unfinished image ${job.view.targetId} in ${job.view.targetRegion} could not be deleted (${reasonOf(err)}): delete it there.`;
    }
  }

  /** This project's copies of one snapshot, as this process knows them. */
  list(projectId: string, sourceId: string): CopyView[] {
    return [...this.jobs.values()].filter((j) => j.projectId === projectId && j.view.sourceId === sourceId).map((j) => ({ ...j.view }));
  }

  has(targetId: string): boolean {
    return this.jobs.has(targetId);
  }

  /** Cancels a running copy of this project; resolves when its target is deleted. */
  async cancel(projectId: string, targetId: string): Promise<CopyView | null> {
    const job = this.jobs.get(targetId);
    if (!job || job.projectId !== projectId) return null;
    if (!isFinal(job.view.phase)) {
      job.abort.abort(new CopyFailure('Cancelled.'));
      await job.done;
    }
    return { ...job.view };
  }

  /** Waits for every copy (tests, shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }
}

class CopyFailure extends Error {
  override name = 'CopyFailure';
}

const isFinal = (phase: CopyPhase) => phase === 'done' || phase === 'failed' || phase === 'cancelled' || phase === 'interrupted';
const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : 'none');

function reasonOf(err: unknown): string {
  if (err instanceof CopyFailure) return err.message;
  if (err instanceof OpenStackError) return `${err.service} answered ${err.status || err.kind}: ${err.safeMessage}`;
  if (err instanceof Error && err.name === 'AbortError') return 'Cancelled.';
  return 'an unexpected error (logged on the server).';
}

/** Copies found in a target region by their marker that no process here is running: a
 * restart cut them short (queued/saving/importing), or they are finished (active). */
export async function copiesInRegion(target: Connection, targetRegion: string, sourceRegion: string, sourceId: string, manager: CopyManager): Promise<CopyView[]> {
  const { images } = await listImages(target, { properties: { [COPY_MARKER]: markerOf(sourceRegion, sourceId) }, limit: 50 });
  return images.filter((i) => !manager.has(i.id)).map((i) => {
    const finished = i.status === 'active';
    return {
      targetId: i.id, targetRegion, sourceId, sourceRegion, name: i.name ?? i.id, method: null,
      phase: finished ? 'done' : 'interrupted', bytes: i.size ?? 0, total: i.size, percent: finished ? 100 : null, rate: null, etaSeconds: null,
      message: finished ? `A copy in ${targetRegion}.` : `Interrupted: this copy was cut short (the server restarted) and the image in ${targetRegion} is ${i.status}.`,
      startedAt: i.createdAt,
    } satisfies CopyView;
  });
}

/** The process's copies: one per server process, kept across hot reloads in development. */
const holder = globalThis as typeof globalThis & { snapdeckCopies?: CopyManager };
export const copyManager = (): CopyManager => (holder.snapdeckCopies ??= new CopyManager());
