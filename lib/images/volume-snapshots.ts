// A volume-backed snapshot is two things: the 0-byte Glance image Nova registers and the
// Cinder snapshot(s) its block_device_mapping names. Snapdeck shows, and deletes, them as
// one object: the detail page reads the Cinder snapshots; a delete removes the image and
// then its Cinder snapshots, and says what became of each (nothing is left behind silently).
import type { Connection } from '@/lib/openstack/client';
import { OpenStackError } from '@/lib/openstack/errors';
import { deleteImage, getImage, type Image } from '@/lib/openstack/image/images';
import { volumeBackedSnapshotOf, type VolumeBackedSnapshot } from '@/lib/openstack/image/volume-backed';
import { deleteSnapshot, getSnapshot, type VolumeSnapshot } from '@/lib/openstack/volume/snapshots';
import { getVolume } from '@/lib/openstack/volume/volumes';
import type { BatchItemResult, VolumeSnapshotOutcome, VolumeSnapshotRef } from '@/lib/images/contract';
import { failureOf, lookup } from './batch';

type Lookup = Awaited<ReturnType<typeof lookup<VolumeSnapshot>>>;
const lookupSnapshot = (conn: Connection, id: string): Promise<Lookup> => lookup(() => getSnapshot(conn, id));

const NO_CINDER = "This region's catalog has no block storage service (Cinder), so its snapshots cannot be read or deleted here.";

/** The Cinder side of a volume-backed snapshot, for its detail page: one GET per snapshot (a
 * snapshot has one or a few), and the name of the volume each was taken of (one GET each;
 * `volumeNames: false` leaves them out, for the snapshot progress polled every 2 s). */
export async function volumeSnapshotRefs(conn: Connection, backed: VolumeBackedSnapshot, { volumeNames = true } = {}): Promise<VolumeSnapshotRef[]> {
  return Promise.all(backed.mappings.filter((m, i, all) => all.findIndex((o) => o.snapshotId === m.snapshotId) === i).map(async (m): Promise<VolumeSnapshotRef> => {
    const base = { id: m.snapshotId, name: null, status: null, size: m.volumeSize, volumeId: null, volumeName: null, deviceName: m.deviceName, bootIndex: m.bootIndex };
    if (!conn.endpoints.volume) return { ...base, presence: 'unknown', message: NO_CINDER };
    const r = await lookupSnapshot(conn, m.snapshotId);
    if ('gone' in r) return { ...base, presence: 'gone', message: 'Cinder has no such snapshot (deleted, or not visible to this project).' };
    if ('unknown' in r) return { ...base, presence: 'unknown', message: r.unknown };
    const s = r.found;
    const volume = volumeNames ? await lookup(() => getVolume(conn, s.volumeId)) : null;
    const volumeName = volume && 'found' in volume ? volume.found.name : null;
    return { ...base, presence: 'exists', name: s.name, status: s.status, size: s.size, volumeId: s.volumeId, volumeName };
  }));
}

/** Cinder takes a snapshot delete only when it is `available` or `error` (volume/api.py
 * delete_snapshot); in any other state it answers 400, so the reason is given without asking. */
function refusalFor(status: string): string | null {
  if (status === 'available' || status === 'error') return null;
  if (status === 'deleting') return 'Cinder is already deleting it.';
  if (status === 'error_deleting') return 'Cinder failed to delete it before (error_deleting): an administrator must reset its state (openstack volume snapshot set --state available) before it can be deleted.';
  return `It is ${status}: Cinder deletes a snapshot only when it is available or in error.`;
}

async function deleteOne(conn: Connection, id: string, fromImage: number | null, looked: Lookup): Promise<VolumeSnapshotOutcome> {
  const base = { id, name: null, size: fromImage, volumeId: null };
  if ('gone' in looked) return { ...base, outcome: 'gone', message: 'Already gone from Cinder.' };
  const known = 'found' in looked ? { name: looked.found.name, size: looked.found.size, volumeId: looked.found.volumeId } : {};
  if ('found' in looked) {
    const refusal = refusalFor(looked.found.status);
    if (refusal) return { ...base, ...known, outcome: 'kept', message: refusal };
  }
  try {
    await deleteSnapshot(conn, id);
    return { ...base, ...known, outcome: 'deleted', message: 'Deleted (Cinder is removing it).' };
  } catch (err) {
    if (err instanceof OpenStackError && err.is(401)) throw err;
    if (err instanceof OpenStackError && err.is(404)) return { ...base, ...known, outcome: 'gone', message: 'Already gone from Cinder.' };
    return { ...base, ...known, outcome: 'kept', message: `Kept: ${failureOf(err).message}` };
  }
}

/** Deletes an image; a volume-backed snapshot with its Cinder snapshots. The image goes
 * first: when Glance refuses (protected, another project's), nothing else is touched and
 * the error is thrown. Each Cinder snapshot is then deleted on its own; one that Cinder
 * will not delete is kept and the outcome says why. */
export async function deleteImageAsOne(conn: Connection, id: string): Promise<Omit<BatchItemResult, 'id' | 'ok'>> {
  const image: Image = await getImage(conn, id);
  const name = image.name ?? '';
  const backed = volumeBackedSnapshotOf(image);
  if (!backed) {
    await deleteImage(conn, id);
    return { name, message: 'Deleted' };
  }
  const sizes = new Map(backed.mappings.map((m) => [m.snapshotId, m.volumeSize]));
  if (!conn.endpoints.volume) {
    await deleteImage(conn, id);
    const volumeSnapshots = backed.snapshotIds.map((sid): VolumeSnapshotOutcome => ({ id: sid, name: null, size: sizes.get(sid) ?? null, volumeId: null, outcome: 'kept', message: `Kept: ${NO_CINDER}` }));
    return { name, message: 'Image deleted; its Cinder snapshots were kept', volumeSnapshots };
  }
  // Read them before the image goes: afterwards nothing points at them any more.
  const looked = await Promise.all(backed.snapshotIds.map((sid) => lookupSnapshot(conn, sid)));
  await deleteImage(conn, id);
  const volumeSnapshots = await Promise.all(backed.snapshotIds.map((sid, i) => deleteOne(conn, sid, sizes.get(sid) ?? null, looked[i]!)));
  const kept = volumeSnapshots.filter((o) => o.outcome === 'kept').length;
  const message = kept === 0
    ? `Deleted with ${volumeSnapshots.length === 1 ? 'its Cinder snapshot' : `its ${volumeSnapshots.length} Cinder snapshots`}`
    : `Image deleted; ${kept} of ${volumeSnapshots.length} Cinder snapshot${volumeSnapshots.length === 1 ? '' : 's'} kept`;
  return { name, message, volumeSnapshots };
}
