// Nova's JSON views (nova/api/openstack/compute/views/*.py) per microversion: servers as
// captured from Zed (nova-03 at 2.1, nova-04/05 at 2.93), flavors, links.
import { createHash } from 'node:crypto';
import type { ApiVersion } from './microversion';
import { atLeast } from './microversion';
import type { Flavor, Server } from '../state/state';
import { rootDeviceOf, volumesAttachedView } from './block-devices';

/** The compute host every local-cloud server runs on (also in state/seed.ts's hostId). */
export const COMPUTE_HOST = 'localcloud';

export const computeUrls = (root: string) => ({
  api: `${root}/v2.1`,
  bookmark: root,
});

export const links = (root: string, collection: string, id: string) => [
  { rel: 'self', href: `${computeUrls(root).api}/${collection}/${id}` },
  { rel: 'bookmark', href: `${computeUrls(root).bookmark}/${collection}/${id}` },
];

// ---------------------------------------------------------------- status

type StateMap = Record<string, Record<string, string>>;

/** nova/api/openstack/common.py _STATE_MAP: (vm_state, task_state) → status. Snapshot task
 * states map to nothing, so a server being snapshotted keeps its status. */
const STATE_MAP: StateMap = {
  active: {
    default: 'ACTIVE',
    rebooting: 'REBOOT', reboot_pending: 'REBOOT', reboot_started: 'REBOOT',
    rebooting_hard: 'HARD_REBOOT', reboot_pending_hard: 'HARD_REBOOT', reboot_started_hard: 'HARD_REBOOT',
    updating_password: 'PASSWORD',
    rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD',
    migrating: 'MIGRATING',
    resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE',
  },
  building: { default: 'BUILD' },
  stopped: {
    default: 'SHUTOFF',
    resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE',
    rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD',
  },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: { default: 'ERROR', rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD' },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
};

export function statusOf(vmState: string, taskState: string | null): string {
  const map = STATE_MAP[vmState];
  if (!map) return 'UNKNOWN';
  return (taskState !== null ? map[taskState] : undefined) ?? map.default ?? 'UNKNOWN';
}

/** common.task_and_vm_state_from_status: the (vm_state, task_state) pairs a status filter
 * selects. A task state of "default" means "any task state". */
export function statesForStatuses(statuses: string[]): { vmStates: string[]; taskStates: string[] } {
  const wanted = new Set(statuses.map((s) => s.toLowerCase()));
  const vmStates = new Set<string>();
  const taskStates = new Set<string>();
  for (const [vm, map] of Object.entries(STATE_MAP)) {
    for (const [task, status] of Object.entries(map)) {
      if (wanted.has(status.toLowerCase())) {
        vmStates.add(vm);
        taskStates.add(task);
      }
    }
  }
  return { vmStates: [...vmStates].sort(), taskStates: [...taskStates].sort() };
}

const PROGRESS_STATUSES = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);
const FAULT_STATUSES = new Set(['ERROR', 'DELETED']);

// ---------------------------------------------------------------- derived server fields

/** libvirt's domain name: instance-%08x of the database id (here: the uuid's tail). */
export const instanceName = (s: Server): string => `instance-${s.id.replace(/-/g, '').slice(-8).toLowerCase()}`;

/** A stable "r-xxxxxxxx" per server (Nova makes one per create request). */
export const reservationId = (s: Server): string => {
  const digest = createHash('sha1').update(`reservation:${s.id}`).digest();
  return `r-${[...digest.subarray(0, 8)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('')}`;
};

/** nova.utils.sanitize_hostname. */
export const hostnameOf = (name: string): string =>
  name.toLowerCase().replace(/[ _.]/g, '-').replace(/[^\w.-]+/g, '').replace(/^[.-]+|[.-]+$/g, '').slice(0, 63) || 'server';

/** The boot disk's device name: virtio (/dev/vda) unless the image asked for SCSI. */
const rootDeviceName = (s: Server) => (['scsi', 'sata'].includes(s.bootImageProps.hw_disk_bus ?? '') ? '/dev/sda' : '/dev/vda');

function addressesView(s: Server): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const a of s.addresses) {
    (out[a.networkName] ??= []).push({ version: a.version, addr: a.addr, 'OS-EXT-IPS:type': a.type, 'OS-EXT-IPS-MAC:mac_addr': a.mac });
  }
  return out;
}

export function flavorInServerView(root: string, s: Server, v: ApiVersion): Record<string, unknown> {
  if (!atLeast(v, '2.47')) {
    return { id: s.flavorId, links: [{ rel: 'bookmark', href: `${computeUrls(root).bookmark}/flavors/${s.flavorId}` }] };
  }
  const f = s.flavor;
  return { vcpus: f.vcpus, ram: f.ram, disk: f.disk, ephemeral: f.ephemeral, swap: f.swap, original_name: f.name, extra_specs: { ...f.extraSpecs } };
}

export interface ViewContext {
  root: string;
  version: ApiVersion;
  isAdmin: boolean;
}

/** One server, as GET /servers/{id} (show) or one entry of /servers/detail (list). */
export function serverView(ctx: ViewContext, s: Server, mode: 'show' | 'list'): Record<string, unknown> {
  const { root, version: v, isAdmin } = ctx;
  const status = statusOf(s.vmState, s.taskState);
  const host = s.hostId ? COMPUTE_HOST : null;
  const view: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    status,
    tenant_id: s.projectId,
    user_id: s.userId,
    metadata: { ...s.metadata },
    hostId: s.hostId,
    image: s.imageRef ? { id: s.imageRef, links: [{ rel: 'bookmark', href: `${computeUrls(root).bookmark}/images/${s.imageRef}` }] } : '',
    flavor: flavorInServerView(root, s, v),
    created: s.createdAt,
    updated: s.updatedAt,
    addresses: addressesView(s),
    accessIPv4: s.accessIPv4,
    accessIPv6: s.accessIPv6,
    links: links(root, 'servers', s.id),
    'OS-DCF:diskConfig': 'MANUAL',
  };
  if (FAULT_STATUSES.has(status) && s.fault) {
    // Details only for admins or non-500 faults (views/servers.py _get_fault).
    view.fault = {
      code: s.fault.code,
      created: s.fault.created,
      message: s.fault.message,
      ...(s.fault.details && (isAdmin || s.fault.code !== 500) ? { details: s.fault.details } : {}),
    };
  }
  if (PROGRESS_STATUSES.has(status)) view.progress = 0;
  view['OS-EXT-AZ:availability_zone'] = s.availabilityZone;
  view.config_drive = s.configDrive;
  view.key_name = s.keyName;
  view['OS-SRV-USG:launched_at'] = s.launchedAt;
  view['OS-SRV-USG:terminated_at'] = s.terminatedAt;
  // Neutron reports the default security group only for servers that have ports.
  if (s.addresses.length > 0) view.security_groups = [{ name: 'default' }];
  if (isAdmin) {
    view['OS-EXT-SRV-ATTR:host'] = host;
    view['OS-EXT-SRV-ATTR:instance_name'] = instanceName(s);
    view['OS-EXT-SRV-ATTR:hypervisor_hostname'] = host;
    if (atLeast(v, '2.3')) {
      view['OS-EXT-SRV-ATTR:reservation_id'] = reservationId(s);
      view['OS-EXT-SRV-ATTR:launch_index'] = 0;
      view['OS-EXT-SRV-ATTR:hostname'] = hostnameOf(s.name);
      view['OS-EXT-SRV-ATTR:kernel_id'] = '';
      view['OS-EXT-SRV-ATTR:ramdisk_id'] = '';
      view['OS-EXT-SRV-ATTR:root_device_name'] = rootDeviceOf(s) ?? rootDeviceName(s);
      view['OS-EXT-SRV-ATTR:user_data'] = s.userData;
    }
  }
  view['OS-EXT-STS:task_state'] = s.taskState;
  view['OS-EXT-STS:vm_state'] = s.vmState;
  view['OS-EXT-STS:power_state'] = s.powerState;
  view['os-extended-volumes:volumes_attached'] = volumesAttachedView(s, v);
  // host_status is admin-only by default policy (os_compute_api:servers:show:host_status).
  if (mode === 'show' && isAdmin && atLeast(v, '2.16')) view.host_status = 'UP';
  if (atLeast(v, '2.9')) view.locked = s.locked;
  if (atLeast(v, '2.73')) view.locked_reason = s.lockedReason;
  if (atLeast(v, '2.19')) view.description = s.description;
  if (atLeast(v, '2.26')) view.tags = [...s.tags];
  if (atLeast(v, '2.63')) view.trusted_image_certificates = null;
  if (atLeast(v, '2.90') && !isAdmin) view['OS-EXT-SRV-ATTR:hostname'] = hostnameOf(s.name);
  if (mode === 'list' && isAdmin && atLeast(v, '2.16')) view.host_status = 'UP';
  if (mode === 'show' && atLeast(v, '2.71')) view.server_groups = [];
  return view;
}

/** GET /servers (no detail): id, links, name. */
export const serverBriefView = (root: string, s: Server) => ({ id: s.id, links: links(root, 'servers', s.id), name: s.name });

// ---------------------------------------------------------------- flavors

export function flavorView(root: string, f: Flavor, v: ApiVersion, detail: boolean): Record<string, unknown> {
  if (!detail) {
    return { id: f.id, links: links(root, 'flavors', f.id), name: f.name, ...(atLeast(v, '2.55') ? { description: f.description } : {}) };
  }
  return {
    id: f.id,
    name: f.name,
    ram: f.ram,
    disk: f.disk,
    // Before 2.75 a flavor without swap says "" (views/flavors.py).
    swap: f.swap === 0 && !atLeast(v, '2.75') ? '' : f.swap,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    'OS-FLV-DISABLED:disabled': false,
    vcpus: f.vcpus,
    'os-flavor-access:is_public': f.isPublic,
    rxtx_factor: f.rxtxFactor,
    links: links(root, 'flavors', f.id),
    ...(atLeast(v, '2.55') ? { description: f.description } : {}),
    ...(atLeast(v, '2.61') ? { extra_specs: { ...f.extraSpecs } } : {}),
  };
}
