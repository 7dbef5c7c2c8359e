// The seeded cloud: a first look at every case the dashboard handles, with fixed ids so
// that tests can name things. `seedBulk` adds N servers and M images for benchmarks.
import { createHash } from 'node:crypto';
import type { CloudData, Flavor, Image, Network, Server } from './state';
import { glanceTime, novaLaunchedAt, novaTime } from './state';
import { syntheticDigests } from './image-data';
import type { CinderData } from '../cinder/model';
import { cinderTime, emptyCinder, FAKE_TYPE_ID, imageMetadataOf } from '../cinder/store';
import { withDeviceDefaults } from '../nova/libvirt-defaults';

/** A deterministic UUID for seeded objects: "<kind-prefix>-0000-4000-8000-<n>". */
const uid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const hex32 = (s: string) => createHash('md5').update(s).digest('hex');

export const SEED = {
  domainId: 'default',
  projects: { demo: hex32('project:demo'), altDemo: hex32('project:alt-demo'), admin: hex32('project:admin') },
  users: { demo: hex32('user:demo'), alt: hex32('user:alt'), admin: hex32('user:admin') },
  images: {
    debian12: uid('a0000001', 1),
    ubuntu2404: uid('a0000001', 2),
    template: uid('a0000001', 3), // private in demo, agent property + agent installed
    appTemplate: uid('a0000001', 4), // private in demo, agent property set after app-1 booted
    legacyTemplate: uid('a0000001', 5), // private in demo, agent + require quiesce, no agent installed
    altImage: uid('a0000001', 6), // private in alt-demo
    web1Snapshot: uid('a0000001', 7), // an existing snapshot of web-1
    protectedImage: uid('a0000001', 8), // private in demo, protected
  },
  servers: {
    web1: uid('b0000001', 1),
    db1: uid('b0000001', 2),
    app1: uid('b0000001', 3),
    legacy1: uid('b0000001', 4),
    batch1: uid('b0000001', 5),
    alt1: uid('b0000001', 6),
    vol1: uid('b0000001', 7), // volume-backed: booted from the Cinder volume vol-1-root
  },
  volumes: {
    vol1Root: uid('e0000001', 1), // made from Debian 12, bootable, in-use by vol-1
  },
  networks: { extNet: uid('c0000001', 1), demoPrivate: uid('c0000001', 2), altPrivate: uid('c0000001', 3) },
};

/** Custom property of seeded images saying that qemu-guest-agent is installed and enabled
 * in the guest. The local cloud's guest runs the agent only when this is "installed" or
 * the server's user data installs it. */
export const AGENT_INSTALLED_PROPERTY = 'localcloud_guest_agent';

const MiB = 1024 * 1024;

function flavors(): Flavor[] {
  const f = (id: string, name: string, vcpus: number, ram: number, disk: number): Flavor => ({
    id, name, vcpus, ram, disk, ephemeral: 0, swap: 0, rxtxFactor: 1, isPublic: true, description: null, extraSpecs: {},
  });
  // OVHcloud-like names and sizes (s1 = sandbox, d2 = discovery, b2 = general purpose).
  return [
    f('s1-2', 's1-2', 1, 2000, 10),
    f('d2-2', 'd2-2', 1, 2000, 25),
    f('d2-4', 'd2-4', 2, 4000, 50),
    f('d2-8', 'd2-8', 4, 8000, 50),
    f('b2-7', 'b2-7', 2, 7000, 50),
    f('b2-15', 'b2-15', 4, 15000, 100),
    f('b2-30', 'b2-30', 8, 30000, 200),
  ];
}

export function baseImage(over: Partial<Image> & Pick<Image, 'id' | 'name' | 'owner'>, sizeBytes: number | null, createdAt: Date): Image {
  const digests = sizeBytes === null ? null : syntheticDigests(over.id, sizeBytes);
  return {
    status: sizeBytes === null ? 'queued' : 'active',
    visibility: 'private',
    protected: false,
    osHidden: false,
    diskFormat: sizeBytes === null ? null : 'qcow2',
    containerFormat: sizeBytes === null ? null : 'bare',
    minDisk: 0,
    minRam: 0,
    size: sizeBytes,
    virtualSize: null,
    checksum: digests?.md5 ?? null,
    osHashAlgo: digests ? 'sha512' : null,
    osHashValue: digests?.sha512 ?? null,
    createdAt: glanceTime(createdAt),
    updatedAt: glanceTime(createdAt),
    tags: [],
    properties: {},
    data: sizeBytes === null ? { kind: 'none' } : { kind: 'synthetic', seed: over.id, size: sizeBytes },
    members: [],
    ...over,
  };
}

/** What Nova records of the boot image (system_metadata image_*), prefix removed. */
export function bootPropsOf(image: Image, flavor: Flavor): Record<string, string> {
  return {
    ...image.properties,
    min_disk: String(Math.max(image.minDisk, flavor.disk)),
    min_ram: String(image.minRam),
    ...(image.diskFormat ? { disk_format: image.diskFormat } : {}),
    ...(image.containerFormat ? { container_format: image.containerFormat } : {}),
    base_image_ref: image.id,
  };
}

let macCounter = 0;
const mac = () => {
  macCounter++;
  return `fa:16:3e:${((macCounter >> 16) & 255).toString(16).padStart(2, '0')}:${((macCounter >> 8) & 255).toString(16).padStart(2, '0')}:${(macCounter & 255).toString(16).padStart(2, '0')}`;
};

export function makeServer(args: {
  id: string; name: string; projectId: string; userId: string; image: Image | null; flavor: Flavor;
  network: Network | null; ipHost: number; createdAt: Date; vmState?: Server['vmState']; agentRunning?: boolean;
  keyName?: string | null; metadata?: Record<string, string>;
}): Server {
  const { image, flavor } = args;
  const vmState = args.vmState ?? 'active';
  // Seeded servers run on the libvirt host too, whose init_host registers its defaults for them.
  const bootImageProps = image ? withDeviceDefaults(bootPropsOf(image, flavor)) : {};
  const truthy = (v: string | undefined) => ['yes', 'true', '1', 'on', 'y', 't'].includes((v ?? '').toLowerCase());
  const launched = new Date(args.createdAt.getTime() + 20_000);
  return {
    id: args.id,
    name: args.name,
    projectId: args.projectId,
    userId: args.userId,
    vmState,
    taskState: null,
    powerState: vmState === 'active' ? 1 : vmState === 'stopped' ? 4 : vmState === 'paused' ? 3 : vmState === 'suspended' ? 7 : 0,
    imageRef: image?.id ?? '',
    bootImageProps,
    flavorId: flavor.id,
    flavor: { ...flavor },
    keyName: args.keyName ?? null,
    userData: null,
    metadata: args.metadata ?? {},
    addresses: args.network
      ? [{ networkName: args.network.name, addr: `${args.network.ipPrefix}${args.ipHost}`, version: 4, type: 'fixed', mac: mac() }]
      : [],
    accessIPv4: '',
    accessIPv6: '',
    availabilityZone: 'nova',
    hostId: createHash('sha224').update(`${args.projectId}localcloud`).digest('hex'),
    configDrive: '',
    description: null,
    tags: [],
    locked: false,
    lockedReason: null,
    createdAt: novaTime(args.createdAt),
    updatedAt: novaTime(launched),
    launchedAt: novaLaunchedAt(launched),
    terminatedAt: null,
    fault: null,
    agentChannel: truthy(bootImageProps.hw_qemu_guest_agent),
    agentRunning: args.agentRunning ?? bootImageProps[AGENT_INSTALLED_PROPERTY] === 'installed',
    console: [
      `[    0.000000] Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org)`,
      `[    1.204511] systemd[1]: Reached target multi-user.target.`,
      `${args.name} login: `,
    ],
    deleted: false,
  };
}

export function createSeed(now: Date = new Date()): CloudData {
  const day = 86_400_000;
  const ago = (days: number) => new Date(now.getTime() - days * day);
  const { projects: P, users: U, images: I, servers: S, networks: N } = SEED;
  const fl = flavors();
  const flavor = (id: string) => fl.find((f) => f.id === id)!;

  const networks: Network[] = [
    { id: N.extNet, name: 'Ext-Net', projectId: P.admin, shared: true, external: true, status: 'ACTIVE', adminStateUp: true, mtu: 1500, subnets: [uid('c1000001', 1)], ipPrefix: '57.128.10.', createdAt: novaTime(ago(400)), updatedAt: novaTime(ago(400)) },
    { id: N.demoPrivate, name: 'demo-private', projectId: P.demo, shared: false, external: false, status: 'ACTIVE', adminStateUp: true, mtu: 1450, subnets: [uid('c1000001', 2)], ipPrefix: '10.0.0.', createdAt: novaTime(ago(90)), updatedAt: novaTime(ago(90)) },
    { id: N.altPrivate, name: 'alt-private', projectId: P.altDemo, shared: false, external: false, status: 'ACTIVE', adminStateUp: true, mtu: 1450, subnets: [uid('c1000001', 3)], ipPrefix: '10.1.0.', createdAt: novaTime(ago(60)), updatedAt: novaTime(ago(60)) },
  ];
  const [extNet, demoNet, altNet] = networks as [Network, Network, Network];

  const debian = baseImage({ id: I.debian12, name: 'Debian 12', owner: P.admin, visibility: 'public', minDisk: 2, properties: { os_distro: 'debian', os_version: '12', os_type: 'linux', hw_disk_bus: 'scsi', hw_scsi_model: 'virtio-scsi' } }, 8 * MiB, ago(200));
  const ubuntu = baseImage({ id: I.ubuntu2404, name: 'Ubuntu 24.04', owner: P.admin, visibility: 'public', minDisk: 3, properties: { os_distro: 'ubuntu', os_version: '24.04', os_type: 'linux' } }, 12 * MiB, ago(180));
  const template = baseImage({ id: I.template, name: 'debian12-agent-template', owner: P.demo, minDisk: 10, properties: { os_distro: 'debian', os_version: '12', hw_qemu_guest_agent: 'yes', [AGENT_INSTALLED_PROPERTY]: 'installed', description: 'Debian 12 with qemu-guest-agent installed and enabled' } }, 6 * MiB, ago(40));
  // app-template had no agent property when app-1 booted; the property was added later.
  const appTemplateCreated = ago(30);
  const appTemplate = baseImage({ id: I.appTemplate, name: 'app-template', owner: P.demo, minDisk: 10, properties: { os_distro: 'ubuntu', os_version: '24.04' } }, 5 * MiB, appTemplateCreated);
  const legacy = baseImage({ id: I.legacyTemplate, name: 'legacy-template', owner: P.demo, minDisk: 10, properties: { os_distro: 'centos', hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' } }, 4 * MiB, ago(120));
  const alt = baseImage({ id: I.altImage, name: 'alt-demo-private-image', owner: P.altDemo, properties: { os_distro: 'debian' } }, 2 * MiB, ago(50));
  const protectedImg = baseImage({ id: I.protectedImage, name: 'golden-image-protected', owner: P.demo, protected: true, minDisk: 5, properties: { os_distro: 'debian' } }, 3 * MiB, ago(70));

  const web1 = makeServer({ id: S.web1, name: 'web-1', projectId: P.demo, userId: U.demo, image: debian, flavor: flavor('d2-4'), network: extNet, ipHost: 21, createdAt: ago(25), keyName: 'demo-key' });
  const db1 = makeServer({ id: S.db1, name: 'db-1', projectId: P.demo, userId: U.demo, image: template, flavor: flavor('b2-7'), network: demoNet, ipHost: 12, createdAt: ago(20) });
  const app1 = makeServer({ id: S.app1, name: 'app-1', projectId: P.demo, userId: U.demo, image: appTemplate, flavor: flavor('d2-4'), network: demoNet, ipHost: 13, createdAt: ago(15) });
  const legacy1 = makeServer({ id: S.legacy1, name: 'legacy-1', projectId: P.demo, userId: U.demo, image: legacy, flavor: flavor('d2-2'), network: demoNet, ipHost: 14, createdAt: ago(100) });
  const batch1 = makeServer({ id: S.batch1, name: 'batch-1', projectId: P.demo, userId: U.demo, image: ubuntu, flavor: flavor('d2-2'), network: extNet, ipHost: 22, createdAt: ago(10), vmState: 'stopped' });
  const alt1 = makeServer({ id: S.alt1, name: 'alt-1', projectId: P.altDemo, userId: U.alt, image: debian, flavor: flavor('d2-2'), network: altNet, ipHost: 5, createdAt: ago(12) });

  const { server: vol1, cinder } = seedVolumeBacked(debian, flavor('s1-2'), demoNet, ago(150));

  // The property was set on app-template after app-1 booted: app-1 keeps its boot-time view.
  appTemplate.properties.hw_qemu_guest_agent = 'yes';
  appTemplate.updatedAt = glanceTime(ago(5));

  const web1Snap = baseImage({
    id: I.web1Snapshot, name: 'web-1-snapshot-weekly', owner: P.demo, minDisk: 50, minRam: 0,
    properties: {
      ...Object.fromEntries(Object.entries(web1.bootImageProps).filter(([k]) => !['min_disk', 'min_ram', 'disk_format', 'container_format'].includes(k))),
      image_type: 'snapshot', instance_uuid: web1.id, user_id: U.demo, owner_project_name: 'demo', owner_user_name: 'demo',
      boot_roles: 'member,reader', image_location: 'snapshot', image_state: 'available', owner_id: P.demo,
    },
  }, 7 * MiB, ago(7));

  return {
    version: 1,
    domains: [{ id: 'default', name: 'Default' }],
    projects: [
      { id: P.demo, name: 'demo', domainId: 'default', description: 'Demo project', enabled: true },
      { id: P.altDemo, name: 'alt-demo', domainId: 'default', description: 'Another project of the demo user', enabled: true },
      { id: P.admin, name: 'admin', domainId: 'default', description: 'Bootstrap project for initializing the cloud.', enabled: true },
    ],
    users: [
      { id: U.demo, name: 'demo', domainId: 'default', password: 'demo', enabled: true, assignments: [{ projectId: P.demo, roles: ['member', 'reader'] }, { projectId: P.altDemo, roles: ['member', 'reader'] }] },
      { id: U.alt, name: 'alt', domainId: 'default', password: 'alt', enabled: true, assignments: [{ projectId: P.altDemo, roles: ['member', 'reader'] }] },
      { id: U.admin, name: 'admin', domainId: 'default', password: 'admin', enabled: true, assignments: [{ projectId: P.admin, roles: ['admin', 'member', 'reader'] }] },
    ],
    tokens: [],
    flavors: fl,
    keypairs: [
      { name: 'demo-key', userId: U.demo, type: 'ssh', createdAt: novaTime(ago(90)), fingerprint: '7e:eb:ab:24:ba:d1:e1:88:ae:9a:fb:66:53:df:d3:bd', publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBMd4xoFqJbwl5rAbtDV2Y0S0LzvdeIkRbh+bVmQkq9B demo@laptop' },
    ],
    networks,
    images: [debian, ubuntu, template, appTemplate, legacy, alt, protectedImg, web1Snap],
    servers: [web1, db1, app1, legacy1, batch1, alt1, vol1],
    cinder,
  };
}

/**
 * vol-1, a volume-backed server of demo, as the spike made one: a bootable volume of 10 GiB
 * (vol-1-root, from Debian 12, as big as the s1-2 flavor's disk) booted with --volume, so
 * Nova shows `image: ""`, keeps the volume on delete, and records the volume's image
 * metadata as the server's (system_metadata image_*, base_image_ref '').
 */
function seedVolumeBacked(image: Image, flavor: Flavor, network: Network, createdAt: Date): { server: Server; cinder: CinderData } {
  const { projects: P, users: U, servers: S, volumes: V } = SEED;
  const attachedAt = new Date(createdAt.getTime() + 20_000);
  const server = makeServer({ id: S.vol1, name: 'vol-1', projectId: P.demo, userId: U.demo, image: null, flavor, network, ipHost: 15, createdAt });
  const imageMetadata = imageMetadataOf(image);
  const skip = new Set(['image_id', 'image_name', 'size', 'checksum', 'container_format', 'disk_format', 'min_ram', 'min_disk']);
  server.bootImageProps = {
    ...Object.fromEntries(Object.entries(imageMetadata).filter(([k]) => !skip.has(k))),
    min_disk: String(Math.max(image.minDisk, flavor.disk)),
    min_ram: String(image.minRam),
    base_image_ref: '',
  };
  const attachmentId = uid('e2000001', 1);
  // hw_disk_bus=scsi in Debian 12's properties: the root is /dev/sda, as in the spike.
  server.blockDevices = [{
    id: uid('e3000001', 1), sourceType: 'volume', destinationType: 'volume', imageId: null, snapshotId: null, volumeId: V.vol1Root,
    volumeSize: 10, bootIndex: 0, deleteOnTermination: false, deviceName: '/dev/sda', diskBus: null, deviceType: null,
    guestFormat: null, volumeType: null, tag: null, attachmentId,
  }];
  const cinder = emptyCinder();
  cinder.volumes.push({
    id: V.vol1Root, projectId: P.demo, userId: U.demo, name: 'vol-1-root', description: null, size: 10, status: 'in-use',
    availabilityZone: 'nova', volumeTypeId: FAKE_TYPE_ID, snapshotId: null, sourceVolid: null, metadata: {}, bootable: true,
    multiattach: false, imageMetadata, createdAt: cinderTime(new Date(createdAt.getTime() - 60_000)), updatedAt: cinderTime(attachedAt),
  });
  cinder.attachments.push({
    id: attachmentId, projectId: P.demo, volumeId: V.vol1Root, instanceId: S.vol1, status: 'attached', mountpoint: '/dev/sda',
    attachMode: 'rw', attachedAt: cinderTime(attachedAt), detachedAt: null,
  });
  return { server, cinder };
}

/** The id of the large synthetic image `seedBulk` adds when asked (`largeImageBytes`). */
export const BENCH_LARGE_IMAGE = { id: uid('d0000002', 1), name: 'bench-1gib' };

export interface BulkCounts {
  servers?: number;
  images?: number;
  /** How many of `images` are snapshots; by default every third one (1, 4, 7 …). */
  snapshots?: number;
  /** Adds one more image, `bench-1gib`, a snapshot of web-1 with this many synthetic bytes
   * (never held in memory: image-data.ts), for the download benchmark. */
  largeImageBytes?: number;
}

/** Whether bulk image i (0-based) of n is a snapshot when `snapshots` of them are: spread
 * evenly (Bresenham), so that every page sorted by date holds about the same share. */
const isSpreadSnapshot = (i: number, n: number, snapshots: number) =>
  Math.floor(((i + 1) * snapshots) / n) > Math.floor((i * snapshots) / n);

/** Adds `servers` servers and `images` images to the demo project, for benchmarks. A bulk
 * snapshot's instance_uuid names a bulk server when there are any (else one that is gone). */
export function seedBulk(data: CloudData, counts: BulkCounts, now: Date = new Date()): void {
  const { projects: P, users: U, networks: N } = SEED;
  const flavor = data.flavors.find((f) => f.id === 'd2-2')!;
  const net = data.networks.find((n) => n.id === N.demoPrivate)!;
  const base = data.images.find((i) => i.id === SEED.images.debian12)!;
  const sizes = [1 * MiB, 2 * MiB, 4 * MiB];
  const nImages = counts.images ?? 0;
  const nServers = counts.servers ?? 0;
  if (counts.snapshots !== undefined && counts.snapshots > nImages) {
    throw new Error(`seedBulk: ${counts.snapshots} snapshots asked among ${nImages} images`);
  }
  let snapshotsSoFar = 0;
  let othersSoFar = 0;
  for (let i = 0; i < nImages; i++) {
    // snapshot, private image, public image: every third one each unless `snapshots` says
    // how many snapshots, then the other images alternate private and public.
    const kind = counts.snapshots === undefined
      ? i % 3
      : isSpreadSnapshot(i, nImages, counts.snapshots) ? 0 : 1 + (othersSoFar++ % 2);
    const size = sizes[i % sizes.length]!;
    const serverN = nServers > 0 ? (snapshotsSoFar % nServers) + 1 : (i % 500) + 1;
    if (kind === 0) snapshotsSoFar++;
    const img = baseImage({
      id: uid('d0000001', i + 1),
      name: `bulk-${kind === 0 ? 'snapshot' : 'image'}-${String(i + 1).padStart(5, '0')}`,
      owner: kind === 2 ? P.admin : P.demo,
      visibility: kind === 2 ? 'public' : 'private',
      properties: kind === 0 ? { image_type: 'snapshot', instance_uuid: uid('b0000002', serverN), base_image_ref: base.id, image_location: 'snapshot' } : {},
      data: { kind: 'synthetic', seed: `bulk-${size}`, size },
    }, null, new Date(now.getTime() - i * 60_000));
    const d = syntheticDigests(`bulk-${size}`, size);
    Object.assign(img, { status: 'active', size, checksum: d.md5, osHashAlgo: 'sha512', osHashValue: d.sha512, diskFormat: 'qcow2', containerFormat: 'bare' });
    data.images.push(img);
  }
  for (let i = 0; i < nServers; i++) {
    data.servers.push(makeServer({
      id: uid('b0000002', i + 1), name: `bulk-${String(i + 1).padStart(5, '0')}`, projectId: P.demo, userId: U.demo,
      image: base, flavor, network: net, ipHost: 2 + (i % 250), createdAt: new Date(now.getTime() - i * 60_000),
    }));
  }
  if (counts.largeImageBytes) {
    // Digests of a GiB take seconds (md5 and sha512 over every byte), once per process.
    data.images.push(baseImage({
      id: BENCH_LARGE_IMAGE.id, name: BENCH_LARGE_IMAGE.name, owner: P.demo,
      properties: { image_type: 'snapshot', instance_uuid: SEED.servers.web1, base_image_ref: base.id, image_location: 'snapshot' },
    }, counts.largeImageBytes, new Date(now.getTime() - 3_600_000)));
  }
}
