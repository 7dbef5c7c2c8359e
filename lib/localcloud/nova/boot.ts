// POST /servers: the request schema per microversion (nova/api/openstack/compute/schemas/
// servers.py), the checks nova-api makes before accepting a boot (image, flavor fit,
// networks, key pair, quota), and the simulated build that follows.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { AuthInfo, CloudContext } from '../context';
import { parseRequestedZone, zoneToBoot } from './availability-zones';
import { userDataInstallsGuestAgent } from './cloud-init';
import { serviceOptions } from '../config';
import { callerOf, canSee } from '../glance/access';
import { novaFault } from '../errors';
import type { NovaContext } from './common';
import { appendConsole, kernelStamp, truthy, updateServer } from './common';
import { finishEvent, recordAction, startEvent } from './instance-actions';
import type { ApiVersion } from './microversion';
import { atLeast, versionString } from './microversion';
import { projectUsage, QUOTAS } from './resources';
import type { Parsed } from './validation';
import {
  booleanType, countType, descriptionType, isBase64, isUuidLike, metadataType, nameType, noSchemaMatches, notFormat, notOfType,
  notOneOf, tagType, tooLong, tooShort, uuidType, validate,
} from './validation';
import type { BlockDevicePlan } from './block-devices';
import {
  blockDeviceSchema, completeBlockDevices, connectBlockDevices, createBlockDeviceVolumes, isVolumeBacked, planBlockDevices,
  recordBlockDevices, releaseBlockDevices,
} from './block-devices';
import { withDeviceDefaults } from './libvirt-defaults';
import { hostnameOf, links } from './views';
import { AGENT_INSTALLED_PROPERTY, bootPropsOf } from '../state/seed';
import type { Flavor, Image, Network, Server, ServerAddress } from '../state/state';
import { newId, novaLaunchedAt, novaTime } from '../state/state';

// ---------------------------------------------------------------- schema

const str = () => z.string(notOfType("'string'"));
const ipAddress = () => str().refine((s) => /^(\d{1,3}\.){3}\d{1,3}$/.test(s) || /^[0-9a-fA-F:]+(%\w+)?$/.test(s) && s.includes(':'), noSchemaMatches);
const networkItem = (v: ApiVersion) =>
  z.strictObject({
    fixed_ip: ipAddress().optional(),
    port: z.union([str(), z.null()], noSchemaMatches).refine((p) => p === null || isUuidLike(p), noSchemaMatches).optional(),
    // From 2.37 the network uuid must be a uuid.
    uuid: atLeast(v, '2.37') ? uuidType().optional() : str().optional(),
    // The network tag came in 2.32, went with 2.37's new schema and came back in 2.42.
    ...((atLeast(v, '2.32') && !atLeast(v, '2.37')) || atLeast(v, '2.42') ? { tag: tagType().optional() } : {}),
  }, notOfType("'object'"));

const NETWORK_KEYWORDS = ['none', 'auto'] as const;

function networksSchema(v: ApiVersion) {
  const list = z.array(networkItem(v), notOfType("'array'"));
  if (!atLeast(v, '2.37')) return list.optional();
  return z.union([list, z.enum(NETWORK_KEYWORDS, notOneOf(NETWORK_KEYWORDS))], noSchemaMatches);
}

const createSchemaCache = new Map<string, ReturnType<typeof buildCreateServerSchema>>();
/** Built once per microversion: zod compiles an object schema on its first parse. */
export function createServerSchema(v: ApiVersion) {
  const key = versionString(v);
  let schema = createSchemaCache.get(key);
  if (!schema) createSchemaCache.set(key, (schema = buildCreateServerSchema(v)));
  return schema;
}

function buildCreateServerSchema(v: ApiVersion) {
  const server = z.strictObject({
    name: nameType(),
    // oneOf [uuid, empty string]: the empty string is for boot from volume.
    imageRef: str().refine((s) => s === '' || isUuidLike(s), noSchemaMatches).optional(),
    flavorRef: z.union([str().min(1, tooShort), z.number().int()], notOfType("'string', 'integer'")),
    adminPass: str().optional(),
    metadata: metadataType().optional(),
    networks: networksSchema(v),
    'OS-DCF:diskConfig': z.enum(['AUTO', 'MANUAL'], notOneOf(['AUTO', 'MANUAL'])).optional(),
    accessIPv4: str().refine((s) => /^(\d{1,3}\.){3}\d{1,3}$/.test(s), notFormat('ipv4')).optional(),
    accessIPv6: str().refine((s) => s.includes(':'), notFormat('ipv6')).optional(),
    ...(atLeast(v, '2.57') ? {} : { personality: z.array(z.strictObject({ path: str(), contents: str() }), notOfType("'array'")).optional() }),
    availability_zone: nameType().optional(),
    block_device_mapping: z.array(z.looseObject({}), notOfType("'array'")).optional(),
    block_device_mapping_v2: z.array(blockDeviceSchema(v), notOfType("'array'")).optional(),
    config_drive: booleanType().optional(),
    key_name: nameType().optional(),
    min_count: countType(1).optional(),
    max_count: countType(1).optional(),
    return_reservation_id: booleanType().optional(),
    security_groups: z.array(z.strictObject({ name: nameType() }), notOfType("'array'")).optional(),
    user_data: str().max(65535, tooLong).refine(isBase64, notFormat('base64')).optional(),
    ...(atLeast(v, '2.19') ? { description: descriptionType().optional() } : {}),
    ...(atLeast(v, '2.52') ? { tags: z.array(tagType(), notOfType("'array'")).max(50, tooLong).optional() } : {}),
    ...(atLeast(v, '2.63') ? { trusted_image_certificates: z.union([z.array(str()), z.null()]).optional() } : {}),
    ...(atLeast(v, '2.74') ? { host: str().optional(), hypervisor_hostname: str().optional() } : {}),
  }, notOfType("'object'"));
  const hints = z.looseObject({}, notOfType("'object'")).optional();
  return z.strictObject({ server, 'os:scheduler_hints': hints, 'OS-SCH-HNT:scheduler_hints': hints }, notOfType("'object'"));
}

type CreateBody = z.output<ReturnType<typeof buildCreateServerSchema>>;
type ServerRequest = CreateBody['server'];

// ---------------------------------------------------------------- checks

const GiB = 1024 ** 3;

const networkVisibleTo = (n: Network, auth: AuthInfo) => auth.isAdmin || n.shared || n.projectId === auth.project?.id;

/** The image: 400 when it is missing, invisible or not active (compute/api.py _get_image). */
function findImage(cloud: CloudContext, c: NovaContext, imageRef: string): Parsed<Image> {
  const image = cloud.state.image(imageRef);
  const fail = (m: string) => ({ ok: false as const, response: novaFault(c, 400, m) });
  // Nova asks Glance for the image with the caller's token: what Glance would show.
  if (!image || !canSee(callerOf(c.get('auth')), image)) return fail(`Image ${imageRef} could not be found.`);
  if (image.status !== 'active') return fail(`Image ${imageRef} is not active.`);
  return { ok: true, data: image };
}

/** _validate_flavor_image_nostatus: RAM, and the disk unless the root is a volume (its own
 * size is checked against min_disk with the block devices). */
function checkFlavorFits(c: NovaContext, image: Image, flavor: Flavor, volumeBacked: boolean): Parsed<Image> {
  const fail = (m: string) => ({ ok: false as const, response: novaFault(c, 400, m) });
  if (flavor.ram < image.minRam) return fail("Flavor's memory is too small for requested image.");
  // A flavor without a root disk size boots whatever the image needs.
  if (flavor.disk > 0 && !volumeBacked) {
    const flavorBytes = flavor.disk * GiB;
    if ((image.size ?? 0) > flavorBytes) {
      return fail(`Flavor's disk is too small for requested image. Flavor disk is ${flavorBytes} bytes, image is ${image.size} bytes.`);
    }
    if (image.minDisk * GiB > flavorBytes) {
      return fail(`Flavor's disk is too small for requested image. Flavor disk is ${flavorBytes} bytes, minimum size is ${image.minDisk * GiB} bytes.`);
    }
  }
  return { ok: true, data: image };
}

type NetworkPlan = { network: Network; fixedIp?: string }[];

const NOVA_500_NO_NETWORK_SERVICE = 'Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class \'keystoneauth1.exceptions.catalog.EndpointNotFound\'>';

/** Resolves `networks` to the networks ports will be made on. "auto" (and no networks
 * before 2.37) picks the project's own network, else a shared one. */
function planNetworks(cloud: CloudContext, c: NovaContext, requested: ServerRequest['networks']): Parsed<NetworkPlan> {
  const auth = c.get('auth');
  if (requested === 'none') return { ok: true, data: [] };
  // Without Neutron, nova-api's validate_networks cannot ask for networks and fails with a
  // bare 500 (seen on Zed for "auto" and for no networks at 2.36); only "none" boots.
  if (!serviceOptions(cloud).neutron) {
    return { ok: false, response: novaFault(c, 500, NOVA_500_NO_NETWORK_SERVICE) };
  }
  if (requested === undefined || requested === 'auto' || requested.length === 0) {
    const visible = cloud.state.data.networks.filter((n) => networkVisibleTo(n, auth));
    const own = visible.find((n) => n.projectId === auth.project?.id && !n.shared && !n.external);
    const chosen = own ?? visible.find((n) => n.shared);
    return { ok: true, data: chosen ? [{ network: chosen }] : [] };
  }
  const plan: NetworkPlan = [];
  for (const item of requested) {
    if (item.port) return { ok: false, response: novaFault(c, 400, `Port id ${item.port} could not be found.`) };
    if (!item.uuid) return { ok: false, response: novaFault(c, 400, 'Bad networks format: network uuid is not in proper format ()') };
    const network = cloud.state.data.networks.find((n) => n.id === item.uuid);
    if (!network || !networkVisibleTo(network, auth)) {
      return { ok: false, response: novaFault(c, 400, `Network ${item.uuid} could not be found.`) };
    }
    plan.push({ network, fixedIp: item.fixed_ip });
  }
  return { ok: true, data: plan };
}

/** compute/api.py _check_num_instances_quota: as many as fit between min and max, else 403. */
function checkQuota(cloud: CloudContext, c: NovaContext, flavor: Flavor, min: number, max: number): Parsed<number> {
  const projectId = c.get('auth').project!.id;
  const used = projectUsage(cloud.state, projectId);
  const headroom = {
    instances: QUOTAS.instances - used.instances,
    cores: QUOTAS.cores - used.cores,
    ram: QUOTAS.ram - used.ram,
  };
  let allowed = headroom.instances;
  if (flavor.vcpus) allowed = Math.min(allowed, Math.floor(headroom.cores / flavor.vcpus));
  if (flavor.ram) allowed = Math.min(allowed, Math.floor(headroom.ram / flavor.ram));
  if (allowed >= max) return { ok: true, data: max };
  if (allowed >= min) return { ok: true, data: allowed };
  const count = min === max ? `${min}` : `${min}-${max}`;
  const requested = { instances: count, cores: `${min * flavor.vcpus}`, ram: `${min * flavor.ram}` };
  const wanted = { instances: min, cores: min * flavor.vcpus, ram: min * flavor.ram };
  const overs = (['cores', 'instances', 'ram'] as const).filter((r) => wanted[r] > headroom[r]);
  const msg = `Quota exceeded for ${overs.join(', ')}: Requested ${overs.map((r) => requested[r]).join(', ')}, but already used ${overs.map((r) => used[r]).join(', ')} of ${overs.map((r) => QUOTAS[r]).join(', ')} ${overs.join(', ')}`;
  return { ok: false, response: novaFault(c, 403, msg) };
}

// ---------------------------------------------------------------- create

const PASSWORD_CHARS = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** nova.utils.generate_password: 12 characters without look-alikes. */
const generatePassword = () => Array.from({ length: 12 }, () => PASSWORD_CHARS[randomInt(PASSWORD_CHARS.length)]).join('');
const randomMac = () => `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;

function allocateAddress(cloud: CloudContext, network: Network, fixedIp?: string): ServerAddress {
  const used = new Set(cloud.state.data.servers.flatMap((s) => (s.deleted ? [] : s.addresses.map((a) => a.addr))));
  let addr = fixedIp;
  for (let host = 10; !addr && host < 255; host++) {
    if (!used.has(`${network.ipPrefix}${host}`)) addr = `${network.ipPrefix}${host}`;
  }
  return { networkName: network.name, addr: addr ?? `${network.ipPrefix}254`, version: addr?.includes(':') ? 6 : 4, type: 'fixed', mac: randomMac() };
}

const bootConsole = (s: Server, agentFromUserData: boolean): string[] => [
  `${kernelStamp(s)} Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org)`,
  `${kernelStamp(s)} systemd[1]: Reached target network-online.target.`,
  ...(agentFromUserData ? [`${kernelStamp(s)} cloud-init[612]: Setting up qemu-guest-agent ...`, `${kernelStamp(s)} systemd[1]: Started qemu-guest-agent.service - QEMU Guest Agent.`] : []),
  `${kernelStamp(s)} systemd[1]: Reached target multi-user.target.`,
  `${hostnameOf(s.name)} login: `,
];

export interface CreatedServers {
  servers: Server[];
  adminPass: string;
  reservationId: string;
}

/** Validates and accepts a boot request; the build then runs on the cloud's timers. */
export function createServers(cloud: CloudContext, c: NovaContext, body: unknown): Parsed<CreatedServers> {
  const v = c.get('version');
  const parsed = validate(c, createServerSchema(v), body, 'body');
  if (!parsed.ok) return parsed;
  const req = parsed.data.server;
  const auth = c.get('auth');
  const fail = (status: number, m: string) => ({ ok: false as const, response: novaFault(c, status, m) });

  const requestedZone = parseRequestedZone(c, req.availability_zone);
  if (!requestedZone.ok) return requestedZone;
  if (req.block_device_mapping?.length) {
    return fail(400, 'Block Device Mapping is Invalid: the local cloud takes block_device_mapping_v2 only.');
  }
  const requestedDevices = req.block_device_mapping_v2 ?? [];
  // servers.py _image_from_req_data: no imageRef is fine when block devices are given.
  if (!req.imageRef && requestedDevices.length === 0) return fail(400, 'Missing imageRef attribute');
  // flavorRef may be a URL: Nova keeps its last path segment (common.get_id_from_href).
  const flavorId = String(req.flavorRef).split('/').pop() ?? '';
  const flavor = cloud.state.flavor(flavorId);
  if (!flavor) return fail(400, `Flavor ${flavorId} could not be found.`);
  const zone = zoneToBoot(cloud, c, requestedZone.data);
  if (!zone.ok) return zone;
  const min = req.min_count ?? 1;
  const max = req.max_count ?? min;
  if (min > max) return fail(400, 'min_count must be <= max_count');
  if (Object.keys(req.metadata ?? {}).length > QUOTAS.metadataItems) {
    return fail(403, `Quota exceeded for metadata_items: Requested ${Object.keys(req.metadata ?? {}).length}, but already used 0 of ${QUOTAS.metadataItems} metadata_items`);
  }
  const image = req.imageRef ? findImage(cloud, c, req.imageRef) : { ok: true as const, data: null };
  if (!image.ok) return image;
  let plan: BlockDevicePlan | null = null;
  if (requestedDevices.length > 0 || (image.data && image.data.properties.block_device_mapping)) {
    const planned = planBlockDevices(cloud, c, { requested: requestedDevices, image: image.data, flavor, count: max });
    if (!planned.ok) return planned;
    if (planned.data.devices.some((d) => d.destinationType === 'volume')) plan = planned.data;
  }
  const bootImage = plan?.bootImage ?? image.data;
  if (bootImage) {
    const fits = checkFlavorFits(c, bootImage, flavor, plan?.volumeBacked ?? false);
    if (!fits.ok) return fits;
  }
  if (req.key_name !== undefined && !cloud.state.data.keypairs.some((k) => k.name === req.key_name && k.userId === auth.user.id)) {
    return fail(400, 'Invalid key_name provided.');
  }
  const networks = planNetworks(cloud, c, req.networks);
  if (!networks.ok) return networks;
  const count = checkQuota(cloud, c, flavor, min, max);
  if (!count.ok) return count;

  // Fields that exist only from some microversion on.
  const optional = req as { description?: string | null; tags?: string[] };
  const bootImageProps = plan?.volumeBacked ? plan.bootProps ?? {} : bootPropsOf(image.data!, flavor);
  const agentFromUserData = userDataInstallsGuestAgent(req.user_data);
  const adminPass = req.adminPass ?? generatePassword();
  const servers: Server[] = [];
  for (let i = 1; i <= count.data; i++) {
    const at = novaTime();
    const server: Server = {
      id: newId(),
      // nova's multi_instance_display_name_template: "%(name)s-%(count)d".
      name: count.data > 1 ? `${req.name}-${i}` : req.name,
      projectId: auth.project!.id,
      userId: auth.user.id,
      vmState: 'building',
      taskState: 'scheduling',
      powerState: 0,
      // Volume-backed: '' unless booted by imageRef from an image holding the root mapping.
      imageRef: image.data?.id ?? '',
      bootImageProps: { ...bootImageProps },
      flavorId: flavor.id,
      flavor: { ...flavor, extraSpecs: { ...flavor.extraSpecs } },
      keyName: req.key_name ?? null,
      userData: req.user_data ?? null,
      metadata: { ...req.metadata },
      addresses: [],
      accessIPv4: req.accessIPv4 ?? '',
      accessIPv6: req.accessIPv6 ?? '',
      availabilityZone: zone.data,
      hostId: '',
      configDrive: req.config_drive ? 'True' : '',
      description: optional.description ?? null,
      tags: [...new Set(optional.tags ?? [])],
      locked: false,
      lockedReason: null,
      createdAt: at,
      updatedAt: at,
      launchedAt: null,
      terminatedAt: null,
      fault: null,
      agentChannel: truthy(bootImageProps.hw_qemu_guest_agent),
      agentRunning: bootImageProps[AGENT_INSTALLED_PROPERTY] === 'installed' || agentFromUserData,
      console: [],
      deleted: false,
    };
    cloud.state.addServer(server);
    if (plan) recordBlockDevices(cloud, server, plan);
    servers.push(server);
    build(cloud, c, server, networks.data, agentFromUserData);
  }
  cloud.state.touch();
  return { ok: true, data: { servers, adminPass, reservationId: `r-${Array.from({ length: 8 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[randomInt(36)]).join('')}` } };
}

/** scheduling → spawning (placed on the host, ports bound) → ACTIVE after buildMs. With
 * volumes, a third step comes first on the host: block_device_mapping, where nova-compute
 * has Cinder make the volumes, then attaches them (attaching, then in-use once it runs). */
function build(cloud: CloudContext, c: NovaContext, server: Server, networks: NetworkPlan, agentFromUserData: boolean): void {
  const action = recordAction(cloud.state, server, c, 'create');
  const schedule = startEvent(action, 'conductor_schedule_and_build_instances');
  const withVolumes = (server.blockDevices ?? []).some((d) => d.destinationType === 'volume');
  const step = Math.floor(cloud.state.timings.buildMs / (withVolumes ? 3 : 2));
  const alive = () => cloud.state.server(server.id) === server && !server.deleted && server.vmState === 'building';
  const spawn = (spawnEvent: ReturnType<typeof startEvent>, rest: number) => {
    updateServer(cloud, server, {
      taskState: 'spawning',
      hostId: seedHostId(server.projectId),
      addresses: networks.map((n) => allocateAddress(cloud, n.network, n.fixedIp)),
    });
    if (withVolumes) connectBlockDevices(cloud, server);
    cloud.later(rest, () => {
      if (!alive()) return;
      if (withVolumes) completeBlockDevices(cloud, server);
      // The end of the libvirt driver's spawn. Only image-backed: the one volume-backed capture
      // (the spike) came from the fake driver, and a real guest could not attach its volumes.
      if (!isVolumeBacked(server)) server.bootImageProps = withDeviceDefaults(server.bootImageProps);
      updateServer(cloud, server, { vmState: 'active', taskState: null, powerState: 1, launchedAt: novaLaunchedAt() });
      appendConsole(server, bootConsole(server, agentFromUserData));
      finishEvent(action, spawnEvent);
    });
  };
  cloud.later(step, () => {
    if (!alive()) return;
    finishEvent(action, schedule);
    const spawnEvent = startEvent(action, 'compute__do_build_and_run_instance');
    if (!withVolumes) return spawn(spawnEvent, cloud.state.timings.buildMs - step);
    updateServer(cloud, server, { taskState: 'block_device_mapping', hostId: seedHostId(server.projectId) });
    const refusal = createBlockDeviceVolumes(cloud, server);
    if (refusal !== null) {
      // _build_resources: OverQuota from Cinder aborts the build (BuildAbortException).
      releaseBlockDevices(cloud, server);
      updateServer(cloud, server, {
        vmState: 'error', taskState: null, fault: { code: 500, message: `Build of instance ${server.id} aborted: ${refusal}`, details: '', created: novaTime() },
      });
      finishEvent(action, spawnEvent, { exception: 'BuildAbortException', message: refusal });
      return;
    }
    cloud.later(step, () => {
      if (!alive()) return;
      spawn(spawnEvent, cloud.state.timings.buildMs - 2 * step);
    });
  });
}

/** hostId = sha224(project + host), as state/seed.ts computes it for the seeded servers. */
const seedHostId = (projectId: string) => createHash('sha224').update(`${projectId}localcloud`).digest('hex');

/** The POST /servers 202 body (views/servers.py create + adminPass). */
export function createdView(root: string, s: Server, adminPass: string, securityGroups: { name: string }[] | undefined) {
  return {
    server: {
      id: s.id,
      links: links(root, 'servers', s.id),
      'OS-DCF:diskConfig': 'MANUAL',
      security_groups: securityGroups?.length ? securityGroups.map((g) => ({ name: g.name })) : [{ name: 'default' }],
      adminPass,
    },
  };
}

/** What nova-compute's init_instance does to servers caught mid-task by a restart. */
export function recoverInterruptedTasks(cloud: CloudContext): void {
  let changed = false;
  for (const s of cloud.state.data.servers) {
    if (s.deleted) continue;
    if (s.vmState === 'building') {
      Object.assign(s, { vmState: 'error', taskState: null, fault: { code: 500, message: 'Build of instance was interrupted by a restart', details: '', created: novaTime() } });
    } else if (s.taskState === 'powering-off') {
      Object.assign(s, { vmState: 'stopped', powerState: 4, taskState: null });
    } else if (s.taskState === 'powering-on' || (s.taskState ?? '').startsWith('reboot')) {
      Object.assign(s, { vmState: 'active', powerState: 1, taskState: null });
    } else if (s.taskState === 'deleting') {
      Object.assign(s, { deleted: true, vmState: 'deleted', taskState: null, powerState: 0, terminatedAt: novaLaunchedAt(), addresses: [] });
    } else if (s.taskState !== null) {
      s.taskState = null; // image_* states: the snapshot is abandoned
    } else {
      continue;
    }
    s.updatedAt = novaTime();
    changed = true;
  }
  if (changed) cloud.state.touch();
}
