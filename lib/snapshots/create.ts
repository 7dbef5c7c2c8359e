// Create snapshot, the server side: what Nova is asked, and for a volume-backed instance what
// is checked first. Nova snapshots such an instance by asking Cinder for a snapshot of each
// attached volume and registering a 0-byte image that names them; it writes neither
// image_type nor instance_uuid on that image (a Zed run, ../shared/cinder-spike). Snapdeck
// passes both as createImage metadata, so its own volume-backed snapshots are found like any
// other (docs/decisions/008-volume-backed-snapshots.md).
import type { Connection } from '@/lib/openstack/client';
import { getServer, type CreateImageOpts, type Server } from '@/lib/openstack/compute/servers';
import { OpenStackError } from '@/lib/openstack/errors';
import { getImage } from '@/lib/openstack/image/images';
import { volumeBackedSnapshotOf } from '@/lib/openstack/image/volume-backed';
import { getVolumeLimits, snapshotQuotaShortfall } from '@/lib/openstack/volume/limits';
import { getVolume } from '@/lib/openstack/volume/volumes';
import { Refusal } from '@/lib/server/api';

/** Whether Nova will snapshot this server through Cinder: booted from a volume (`image: ""`),
 * or from a volume-backed snapshot image (which keeps its id on the server but boots a new
 * volume). */
export async function isVolumeBackedServer(conn: Connection, server: Server): Promise<boolean> {
  if (server.imageId === null) return true;
  if (server.volumesAttached.length === 0) return false;
  try {
    return volumeBackedSnapshotOf(await getImage(conn, server.imageId)) !== null;
  } catch (err) {
    // The boot image gone or hidden: the server's disks say nothing more; Nova decides.
    if (err instanceof OpenStackError && err.is(404)) return false;
    throw err;
  }
}

export class QuotaRefusal extends Refusal {
  override name = 'QuotaRefusal';
  constructor(message: string) {
    super(403, message);
  }
}

/** The createImage request for this server. For a volume-backed one: the Cinder quota is
 * checked first (snapshots and gigabytes, one snapshot per attached volume, as Nova will ask),
 * and a QuotaRefusal with the numbers is thrown where Cinder would refuse; the metadata gains
 * instance_uuid and image_type=snapshot. */
export async function snapshotRequestFor(conn: Connection, serverId: string, body: CreateImageOpts): Promise<{ body: CreateImageOpts; volumeBacked: boolean }> {
  const server = await getServer(conn, serverId);
  if (!(await isVolumeBackedServer(conn, server))) return { body, volumeBacked: false };
  if (conn.endpoints.volume) {
    const [volumes, limits] = await Promise.all([Promise.all(server.volumesAttached.map((v) => getVolume(conn, v.id))), getVolumeLimits(conn)]);
    const need = { count: volumes.length, gigabytes: volumes.reduce((n, v) => n + v.size, 0) };
    const short = snapshotQuotaShortfall(limits, need);
    if (short) {
      const what = short.quota === 'snapshots' ? `${short.requested} more volume snapshot${short.requested === 1 ? '' : 's'}` : `${short.requested} GiB more of volume storage`;
      throw new QuotaRefusal(`Cinder would refuse this snapshot: it needs ${what}, and the project's ${short.quota} quota has ${short.used} of ${short.max} used. Delete old volume snapshots or ask for a larger quota.`);
    }
  }
  return { body: { ...body, metadata: { ...body.metadata, instance_uuid: server.id, image_type: 'snapshot' } }, volumeBacked: true };
}
