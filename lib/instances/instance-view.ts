// The Instances table's rows and the instance detail, shaped from the client's Server, the
// boot images Glance returned for the page, and flavors. No URLs, no tokens. Pure: the
// browser imports the types only.
import { agentChannelOf, type AgentChannel } from '@/lib/snapshots/rules';
import type { Flavor } from '@/lib/openstack/compute/flavors';
import type { Server } from '@/lib/openstack/compute/servers';
import type { Image } from '@/lib/openstack/image/images';

/** The Server fields the table shows as they are; the rest is looked up or derived. */
export interface InstanceRow extends Pick<Server, 'id' | 'name' | 'status' | 'taskState' | 'vmState' | 'powerState' | 'imageId' | 'addresses' | 'created' | 'launchedAt'> {
  /** The boot image as Glance shows it now; null when booted from volume or not visible. */
  image: { id: string; name: string | null; status: string; updatedAt: string } | null;
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
}

/** The image properties the detail page shows: those that decide consistency, and the OS. */
const SHOWN_PROPERTIES = ['hw_qemu_guest_agent', 'os_require_quiesce', 'os_distro', 'os_version', 'image_type', 'base_image_ref'];

export function toInstanceRow(server: Server, bootImage: Image | null, flavors: ReadonlyMap<string, Flavor> | null): InstanceRow {
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
    flavor,
    addresses: server.addresses,
    created: server.created,
    launchedAt: server.launchedAt,
    channel: agentChannelOf(server, bootImage ? { properties: bootImage.properties, updatedAt: bootImage.updatedAt } : null),
    fault: server.fault ? { code: server.fault.code, message: server.fault.message } : null,
  };
}

export function toInstanceDetail(server: Server, bootImage: Image | null, flavors: ReadonlyMap<string, Flavor> | null): InstanceDetail {
  const imageProperties: Record<string, string> = {};
  for (const key of SHOWN_PROPERTIES) {
    const value = bootImage?.properties[key];
    if (value !== undefined) imageProperties[key] = value;
  }
  return {
    ...toInstanceRow(server, bootImage, flavors),
    updated: server.updated,
    keyName: server.keyName,
    metadata: server.metadata,
    availabilityZone: server.availabilityZone,
    locked: server.locked,
    description: server.description,
    imageProperties,
  };
}

/** The distinct boot image ids of a page, in order: one Glance lookup for all of them. */
export function bootImageIds(servers: readonly Pick<Server, 'imageId'>[]): string[] {
  return [...new Set(servers.map((s) => s.imageId).filter((id): id is string => id !== null))];
}
