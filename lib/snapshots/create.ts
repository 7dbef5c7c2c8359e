// Create snapshot, the server side: what Nova is asked, and for a volume-backed instance what
// is checked first. Nova snapshots such an instance by asking Cinder for a snapshot of each
// attached volume and registering a 0-byte image that names them; it writes neither
// image_type nor instance_uuid on that image (a Zed run, ../shared/cinder-spike). Snapdeck
// passes both as createImage metadata, so its own volume-backed snapshots are found like any
// other (docs/decisions/008-volume-backed-snapshots.md).
import type { Connection } from '@/lib/openstack/client';
import { getServer, type CreateImageOpts, type Server } from '@/lib/openstack/compute/servers';
import { OpenStackError } from '@/lib/openstack/errors';
import { getImage, type Image } from '@/lib/openstack/image/images';
import { rootVolumeOf } from '@/lib/instances/instance-view';
import { agentChannelOf } from './rules';
import { takenMetadata } from './taken';
import { volumeBackedSnapshotOf } from '@/lib/openstack/image/volume-backed';
import { getVolumeLimits, snapshotQuotaShortfall } from '@/lib/openstack/volume/limits';
import { getVolume, type Volume } from '@/lib/openstack/volume/volumes';
import { Refusal } from '@/lib/server/api';

/** The image a server booted from, or null when it booted from a volume or the image is gone
 * or hidden (the server's disks then say nothing more; Nova decides). */
async function bootImageOf(conn: Connection, server: Server): Promise<Image | null> {
  if (server.imageId === null) return null;
  try {
    return await getImage(conn, server.imageId);
  } catch (err) {
    if (err instanceof OpenStackError && err.is(404)) return null;
    throw err;
  }
}

/** Whether Nova will snapshot this server through Cinder: booted from a volume (`image: ""`),
 * or from a volume-backed snapshot image (which keeps its id on the server but boots a new
 * volume). */
function isVolumeBacked(server: Server, bootImage: Image | null): boolean {
  if (server.imageId === null) return true;
  return server.volumesAttached.length > 0 && bootImage !== null && volumeBackedSnapshotOf(bootImage) !== null;
}

export class QuotaRefusal extends Refusal {
  override name = 'QuotaRefusal';
  constructor(message: string) {
    super(403, message);
  }
}

/** The createImage request for this server. Its metadata records how the snapshot is taken
 * (lib/snapshots/taken.ts: the boot-time agent channel as the instance's page shows it, the
 * require-quiesce flag and the power state), over anything the caller gave under those keys. For a
 * volume-backed one: the Cinder quota is checked first (snapshots and gigabytes, one snapshot per
 * attached volume, as Nova will ask), and a QuotaRefusal with the numbers is thrown where Cinder
 * would refuse; the metadata gains instance_uuid and image_type=snapshot. */
export async function snapshotRequestFor(conn: Connection, serverId: string, body: CreateImageOpts): Promise<{ body: CreateImageOpts; volumeBacked: boolean }> {
  const server = await getServer(conn, serverId);
  const bootImage = await bootImageOf(conn, server);
  if (!isVolumeBacked(server, bootImage)) {
    return { body: { ...body, metadata: { ...body.metadata, ...recordFor(server, bootImage, null) } }, volumeBacked: false };
  }
  // Only a volume-backed server's volumes matter: its root volume's image metadata is its
  // channel, and Cinder counts them all against the quota.
  const [volumes, limits] = conn.endpoints.volume
    ? await Promise.all([Promise.all(server.volumesAttached.map((v) => getVolume(conn, v.id))), getVolumeLimits(conn)])
    : [[], null];
  if (limits) {
    const need = { count: volumes.length, gigabytes: volumes.reduce((n, v) => n + v.size, 0) };
    const short = snapshotQuotaShortfall(limits, need);
    if (short) {
      const what = short.quota === 'snapshots' ? `${short.requested} more volume snapshot${short.requested === 1 ? '' : 's'}` : `${short.requested} GiB more of volume storage`;
      throw new QuotaRefusal(`Cinder would refuse this snapshot: it needs ${what}, and the project's ${short.quota} quota has ${short.used} of ${short.max} used. Delete old volume snapshots or ask for a larger quota.`);
    }
  }
  const record = recordFor(server, bootImage, rootVolumeOf(server, new Map(volumes.map((v) => [v.id, v]))));
  return { body: { ...body, metadata: { ...body.metadata, ...record, instance_uuid: server.id, image_type: 'snapshot' } }, volumeBacked: true };
}

/** How this server is being snapshotted, as the createImage/createBackup metadata records it:
 * its channel read as the instance's page reads it (lib/snapshots/rules.ts agentChannelOf). */
function recordFor(server: Server, bootImage: Image | null, rootVolume: Volume | null): Record<string, string> {
  const boot = bootImage ? { properties: bootImage.properties, updatedAt: bootImage.updatedAt } : null;
  return takenMetadata(server, agentChannelOf(server, boot, rootVolume?.imageMetadata ?? null));
}

/** The createBackup metadata: the same record as a snapshot's (Nova refuses volume-backed
 * instances for backups). */
export async function backupMetadataFor(conn: Connection, serverId: string): Promise<Record<string, string>> {
  const server = await getServer(conn, serverId);
  return recordFor(server, await bootImageOf(conn, server), null);
}
