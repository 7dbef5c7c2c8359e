// The Instances table's rows and the instance detail, shaped from the client's Server, the
// boot images Glance returned for the page, and flavors. No URLs, no tokens. Pure: the
// browser imports the types only.
import { agentChannelOf, type AgentChannel } from '@/lib/snapshots/rules';
import type { Flavor } from '@/lib/openstack/compute/flavors';
import type { Server } from '@/lib/openstack/compute/servers';
import type { Image } from '@/lib/openstack/image/images';
import type { Volume } from '@/lib/openstack/volume/volumes';

/** A volume as the Instances pages show it. */
export interface VolumeRef {
  id: string;
  name: string | null;
  /** GiB */
  size: number;
  status: string;
  bootable: boolean;
}

/** The Server fields the table shows as they are; the rest is looked up or derived. */
export interface InstanceRow extends Pick<Server, 'id' | 'name' | 'status' | 'taskState' | 'vmState' | 'powerState' | 'imageId' | 'addresses' | 'created' | 'launchedAt'> {
  /** The boot image as Glance shows it now; null when booted from volume or not visible. */
  image: { id: string; name: string | null; status: string; updatedAt: string } | null;
  /** Booted from a volume: that volume as Cinder shows it; null otherwise, or when Cinder
   * could not say. */
  rootVolume: VolumeRef | null;
  flavor: Server['flavor'];
  /** Whether a live snapshot can freeze the file systems (from the boot image). */
  channel: AgentChannel;
  /** Nova shows a fault only for servers in ERROR (or DELETED). */
  fault: { code: number; message: string } | null;
}

/** One page of the Instances list: GET /api/servers, and the first page in the HTML. */
export interface ServersPage {
  servers: InstanceRow[];
  nextMarker: string | null;
}

export interface InstanceDetail extends InstanceRow, Pick<Server, 'updated' | 'keyName' | 'metadata' | 'availabilityZone' | 'locked' | 'description'> {
  /** The boot image's consistency properties and OS, as Glance has them now. */
  imageProperties: Record<string, string>;
  /** Its volumes, as Cinder shows them, in Nova's order (empty without Cinder). */
  volumes: VolumeRef[];
}

/** The image properties the detail page shows: those that decide consistency, and the OS. */
const SHOWN_PROPERTIES = ['hw_qemu_guest_agent', 'os_require_quiesce', 'os_distro', 'os_version', 'image_type', 'base_image_ref'];

/** A volume-backed server's root volume: the bootable one among its volumes, else the first. */
export function rootVolumeOf(server: Pick<Server, 'imageId' | 'volumesAttached'>, volumes: ReadonlyMap<string, Volume>): Volume | null {
  if (server.imageId !== null) return null;
  const mine = server.volumesAttached.map((a) => volumes.get(a.id)).filter((v): v is Volume => v !== undefined);
  return mine.find((v) => v.bootable) ?? mine[0] ?? null;
}

const volumeRef = (v: Volume): VolumeRef => ({ id: v.id, name: v.name, size: v.size, status: v.status, bootable: v.bootable });

export function toInstanceRow(server: Server, bootImage: Image | null, flavors: ReadonlyMap<string, Flavor> | null, rootVolume: Volume | null = null): InstanceRow {
  // From 2.47 Nova embeds the flavor (no id); before, only the id: look it up.
  const known = server.flavor.id && flavors ? flavors.get(server.flavor.id) : undefined;
  const flavor = known
    ? { id: known.id, name: known.name, vcpus: known.vcpus, ram: known.ram, disk: known.disk }
    : { ...server.flavor };
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    taskState: server.taskState,
    vmState: server.vmState,
    powerState: server.powerState,
    imageId: server.imageId,
    image: bootImage ? { id: bootImage.id, name: bootImage.name, status: bootImage.status, updatedAt: bootImage.updatedAt } : null,
    rootVolume: rootVolume ? volumeRef(rootVolume) : null,
    flavor,
    addresses: server.addresses,
    created: server.created,
    launchedAt: server.launchedAt,
    channel: agentChannelOf(server, bootImage ? { properties: bootImage.properties, updatedAt: bootImage.updatedAt } : null, rootVolume?.imageMetadata ?? null),
    fault: server.fault ? { code: server.fault.code, message: server.fault.message } : null,
  };
}

export function toInstanceDetail(server: Server, bootImage: Image | null, flavors: ReadonlyMap<string, Flavor> | null, volumes: readonly Volume[] = []): InstanceDetail {
  const imageProperties: Record<string, string> = {};
  for (const key of SHOWN_PROPERTIES) {
    const value = bootImage?.properties[key];
    if (value !== undefined) imageProperties[key] = value;
  }
  return {
    ...toInstanceRow(server, bootImage, flavors, rootVolumeOf(server, new Map(volumes.map((v) => [v.id, v])))),
    updated: server.updated,
    keyName: server.keyName,
    metadata: server.metadata,
    availabilityZone: server.availabilityZone,
    locked: server.locked,
    description: server.description,
    imageProperties,
    volumes: volumes.map(volumeRef),
  };
}

/** The distinct boot image ids of a page, in order: one Glance lookup for all of them. */
export function bootImageIds(servers: readonly Pick<Server, 'imageId'>[]): string[] {
  return [...new Set(servers.map((s) => s.imageId).filter((id): id is string => id !== null))];
}
