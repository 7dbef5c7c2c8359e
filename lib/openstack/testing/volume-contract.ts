// Block storage's part of the contract suite (issue 13): every call of lib/openstack/volume,
// and Nova's with block devices, against a live Cinder: a volume from an image, a snapshot of
// it, boot from a new volume, the volume-backed snapshot Nova makes of that server (its
// Cinder snapshot and 0-byte image), boots from that snapshot, and what a delete leaves.
// Registered inside contractSuite's describe. A cloud whose catalog has no block storage (the
// Zed tier before Cinder) skips every test.
import { afterAll, expect, it } from 'vitest';
import type { Connection } from '../client';
import { createImage as snapshotServer, createServer, deleteServer, getServer, type Server } from '../compute/servers';
import { getFlavor } from '../compute/flavors';
import { OpenStackError } from '../errors';
import { regionsOf } from '../identity/catalog';
import type { IssuedToken } from '../identity/tokens';
import { deleteImage, getImage } from '../image/images';
import { volumeBackedSnapshotOf } from '../image/volume-backed';
import { listAttachments } from '../volume/attachments';
import { volumeEndpointFor } from '../volume/endpoint';
import { getVolumeLimits } from '../volume/limits';
import { createSnapshot, deleteSnapshot, getSnapshot, listAllSnapshots, listSnapshots } from '../volume/snapshots';
import { negotiateVolumeMicroversion, VOLUME_CLIENT_MAX_MICROVERSION } from '../volume/version';
import { listVolumeTypes } from '../volume/volume-types';
import { createVolume, deleteVolume, getVolume, listAllVolumes, listVolumes, setVolumeBootable, type Volume } from '../volume/volumes';
import type { ContractTarget } from './contract-suite';
import { waitFor } from './wait-for';

export interface VolumeContractState {
  t: ContractTarget;
  token: IssuedToken;
  conn: Connection;
  run: string;
}

const TEST_TIMEOUT_MS = 180_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function httpError(p: Promise<unknown>): Promise<OpenStackError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof OpenStackError)) throw new Error(`expected an OpenStackError, got ${String(err)}`);
  return err;
}

export function volumeContract(get: () => VolumeContractState): void {
  let vconn: Connection | null = null;
  const volumes = new Set<string>();
  const snapshots = new Set<string>();
  const images = new Set<string>();
  const servers = new Set<string>();
  /** What one test hands the next: the volume-backed server, its snapshot image and Cinder snapshot. */
  let bfvServer: Server | null = null;
  let bfvImageId: string | null = null;
  let bfvSnapshotId: string | null = null;
  let rootSize = 0;

  /** The connection with the volume endpoint and microversion, or a skip. */
  const cinderOr = async (ctx: { skip: (note?: string) => void }): Promise<{ s: VolumeContractState; conn: Connection } | null> => {
    const s = get();
    if (!vconn) {
      const region = s.t.region ?? regionsOf(s.token.catalog)[0] ?? '';
      const volume = volumeEndpointFor(s.token.catalog, { region, interface: s.t.interface ?? 'public' });
      if (volume === null) {
        ctx.skip('the catalog has no block storage service (block-storage / volumev3)');
        return null;
      }
      const volumeMicroversion = await negotiateVolumeMicroversion({ token: s.conn.token, volumeUrl: volume });
      vconn = { ...s.conn, endpoints: { ...s.conn.endpoints, volume }, volumeMicroversion };
    }
    return { s, conn: vconn };
  };
  // Volumes and servers on volumes wait longer than a snapshot: on Zed a boot from a new volume
  // has Cinder download and convert the image, then Nova poll for the volume (16 s idle, more
  // on the shared 2-core machine).
  /** The same, with the image and flavor the target boots, or a skip. */
  const bootOr = async (ctx: { skip: (note?: string) => void }) => {
    const c = await cinderOr(ctx);
    if (!c) return null;
    const b = c.s.t.boot;
    if (!b) {
      ctx.skip('this target boots no server');
      return null;
    }
    return { ...c, b };
  };
  const poll = (s: VolumeContractState, what: string) => ({ what, timeoutMs: s.t.snapshotTimeoutMs * 4, intervalMs: s.t.pollMs ?? 50 });
  const volumeIn = (conn: Connection, s: VolumeContractState, id: string, status: string) => waitFor(async () => {
    const v = await getVolume(conn, id);
    if (v.status === 'error') throw new Error(`volume ${id} is in error`);
    return v.status === status ? v : null;
  }, poll(s, `volume ${id} to be ${status}`));
  const gone = (s: VolumeContractState, what: string, probe: () => Promise<unknown>) => waitFor(async () => {
    const err = await probe().then(() => null, (e: unknown) => e);
    return err instanceof OpenStackError && err.is(404);
  }, poll(s, `${what} to be gone`));
  const serverActive = (conn: Connection, s: VolumeContractState, id: string) => waitFor(async () => {
    const server = await getServer(conn, id);
    if (server.status === 'ERROR') throw new Error(`server ${id} is in ERROR: ${server.fault?.message ?? 'no fault'}`);
    return server.status === 'ACTIVE' && server.taskState === null ? server : null;
  }, poll(s, `server ${id} to be ACTIVE`));
  const snapshotIn = (conn: Connection, s: VolumeContractState, id: string) => waitFor(async () => {
    const x = await getSnapshot(conn, id);
    if (x.status === 'error') throw new Error(`snapshot ${id} is in error`);
    return x.status === 'available' ? x : null;
  }, poll(s, `snapshot ${id} to be available`));
  const removeVolume = async (conn: Connection, s: VolumeContractState, id: string) => {
    await deleteVolume(conn, id);
    await gone(s, `volume ${id}`, () => getVolume(conn, id));
    volumes.delete(id);
  };
  const removeSnapshot = async (conn: Connection, s: VolumeContractState, id: string) => {
    await deleteSnapshot(conn, id);
    await gone(s, `snapshot ${id}`, () => getSnapshot(conn, id));
    snapshots.delete(id);
  };
  const deleteAndWait = async (conn: Connection, s: VolumeContractState, id: string) => {
    await deleteServer(conn, id);
    await gone(s, `server ${id}`, () => getServer(conn, id));
    servers.delete(id);
  };

  afterAll(async () => {
    const conn = vconn;
    if (!conn) return;
    for (const id of servers) await deleteServer(conn, id).catch(() => undefined);
    for (const id of images) await deleteImage(conn, id).catch(() => undefined);
    for (const id of snapshots) await deleteSnapshot(conn, id).catch(() => undefined);
    for (const id of volumes) await deleteVolume(conn, id, { cascade: true }).catch(() => undefined);
  });

  it('volume: negotiateVolumeMicroversion, listVolumeTypes, getVolumeLimits', async (ctx) => {
    const c = await cinderOr(ctx);
    if (!c) return;
    expect(c.conn.volumeMicroversion).toBe(VOLUME_CLIENT_MAX_MICROVERSION);
    expect(c.conn.endpoints.volume).toMatch(new RegExp(`/v3/${c.s.token.project?.id}$`));
    const types = await listVolumeTypes(c.conn);
    expect(types.map((t) => t.name)).toContain('__DEFAULT__');
    const limits = await getVolumeLimits(c.conn);
    expect(limits.snapshots.used).toBeGreaterThanOrEqual(0);
    expect(limits.gigabytes.max === null || limits.gigabytes.max >= limits.gigabytes.used).toBe(true);
    // A new volume counts at once (Cinder reserves and commits its quota in the API call).
    const v = await createVolume(c.conn, { size: 1, name: `${c.s.run}-quota` });
    volumes.add(v.id);
    const after = await getVolumeLimits(c.conn);
    expect(after.volumes.used).toBe(limits.volumes.used + 1);
    expect(after.gigabytes.used).toBe(limits.gigabytes.used + 1);
    // Its type (the cloud's default: __DEFAULT__, or the one default_volume_type names) is listed.
    expect(v.volumeType).not.toBeNull();
    expect(types.map((t) => t.name)).toContain(v.volumeType);
    await volumeIn(c.conn, c.s, v.id, 'available');
    await removeVolume(c.conn, c.s, v.id);
  }, TEST_TIMEOUT_MS);

  it('volume: listVolumes (name, status and bootable filters, limit and marker paging), listAllVolumes; listSnapshots (name, status, paging); createVolume from a snapshot takes its size; deleteVolume with cascade takes its snapshots', async (ctx) => {
    const c = await cinderOr(ctx);
    if (!c) return;
    const { s, conn } = c;
    const made: Volume[] = [];
    for (const n of [1, 2, 3]) {
      const v = await createVolume(conn, { size: 1, name: `${s.run}-page-${n}`, description: `page ${n}` });
      volumes.add(v.id);
      made.push(v);
    }
    for (const v of made) await volumeIn(conn, s, v.id, 'available');
    const ids = made.map((v) => v.id);
    const mine = (list: Volume[]) => list.filter((v) => ids.includes(v.id)).map((v) => v.id);
    // By exact name; then every available volume in pages of one, by name (the project may hold others).
    const first = await listVolumes(conn, { limit: 1, sortKey: 'name', sortDir: 'asc', name: `${s.run}-page-1` });
    expect(first.volumes.map((v) => v.id)).toEqual([ids[0]]);
    const paged: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 500; page++) {
      const r = await listVolumes(conn, { limit: 1, sortKey: 'name', sortDir: 'asc', status: 'available', marker });
      paged.push(...mine(r.volumes));
      if (r.nextMarker === null) break;
      marker = r.nextMarker;
    }
    expect(paged).toEqual(ids);
    expect(mine(await listAllVolumes(conn, { sortKey: 'name', sortDir: 'desc' }))).toEqual([...ids].reverse());
    expect(mine(await listAllVolumes(conn, { status: 'in-use' }))).toEqual([]);
    await setVolumeBootable(conn, ids[1]!, true);
    expect(mine(await listAllVolumes(conn, { bootable: true }))).toEqual([ids[1]]);
    expect(mine(await listAllVolumes(conn, { bootable: false })).sort()).toEqual([ids[0], ids[2]].sort());

    // Two snapshots of the first volume: name and status filters, paging.
    const snaps = [];
    for (const n of [1, 2]) {
      const x = await createSnapshot(conn, { volumeId: ids[0]!, name: `${s.run}-psnap-${n}`, description: `snapshot ${n}`, metadata: { snapdeck_contract: s.run } });
      snapshots.add(x.id);
      snaps.push(x);
    }
    for (const x of snaps) await snapshotIn(conn, s, x.id);
    const got = await getSnapshot(conn, snaps[0]!.id);
    expect(got).toMatchObject({ name: `${s.run}-psnap-1`, description: 'snapshot 1', volumeId: ids[0], size: 1, status: 'available', metadata: { snapdeck_contract: s.run } });
    expect((await listSnapshots(conn, { name: `${s.run}-psnap-2` })).snapshots.map((x) => x.id)).toEqual([snaps[1]!.id]);
    expect((await listSnapshots(conn, { volumeId: ids[0]!, status: 'available', sortKey: 'name', sortDir: 'asc' })).snapshots.map((x) => x.id)).toEqual(snaps.map((x) => x.id));
    expect((await listSnapshots(conn, { volumeId: ids[0]!, status: 'error' })).snapshots).toEqual([]);
    const p1 = await listSnapshots(conn, { volumeId: ids[0]!, limit: 1, sortKey: 'name', sortDir: 'asc' });
    expect(p1.snapshots.map((x) => x.id)).toEqual([snaps[0]!.id]);
    expect(p1.nextMarker).not.toBeNull();
    const p2 = await listSnapshots(conn, { volumeId: ids[0]!, limit: 1, sortKey: 'name', sortDir: 'asc', marker: p1.nextMarker! });
    expect(p2.snapshots.map((x) => x.id)).toEqual([snaps[1]!.id]);

    // A volume from a snapshot: no size given, the snapshot's taken; it records its source.
    const fromSnap = await createVolume(conn, { snapshotId: snaps[0]!.id, name: `${s.run}-from-snap` });
    volumes.add(fromSnap.id);
    expect(fromSnap).toMatchObject({ size: 1, sourceSnapshotId: snaps[0]!.id, status: 'creating' });
    expect(await volumeIn(conn, s, fromSnap.id, 'available')).toMatchObject({ size: 1, sourceSnapshotId: snaps[0]!.id, sourceVolumeId: null });
    await removeVolume(conn, s, fromSnap.id);

    // cascade: the volume and both its snapshots go in one call.
    await deleteVolume(conn, ids[0]!, { cascade: true });
    for (const x of snaps) {
      await gone(s, `snapshot ${x.id}`, () => getSnapshot(conn, x.id));
      snapshots.delete(x.id);
    }
    await gone(s, 'the cascaded volume', () => getVolume(conn, ids[0]!));
    for (const id of ids.slice(1)) await deleteVolume(conn, id);
    for (const id of ids) {
      await gone(s, `volume ${id}`, () => getVolume(conn, id));
      volumes.delete(id);
    }
  }, TEST_TIMEOUT_MS);

  it('volume: createVolume from an image is bootable by itself and carries the image metadata', async (ctx) => {
    const c = await bootOr(ctx);
    if (!c) return;
    const { s, conn, b } = c;
    const image = await getImage(conn, b.imageId);
    const size = Math.max(image.minDisk, 1);
    const v = await createVolume(conn, { size, imageRef: b.imageId, name: `${s.run}-from-image` });
    volumes.add(v.id);
    // Cinder answers bootable false here and goes creating → downloading → available, bootable
    // once the image is copied; the local cloud answers bootable true at once. Only the end is
    // asserted (the difference is reported in docs/zed-cloud.md).
    expect(v).toMatchObject({ status: 'creating', size });
    const ready = await volumeIn(conn, s, v.id, 'available');
    expect(ready.bootable).toBe(true);
    expect(ready.imageMetadata).toMatchObject({ image_id: b.imageId, image_name: image.name, hw_qemu_guest_agent: 'yes' });
    expect(ready.attachments).toEqual([]);
    await removeVolume(conn, s, v.id);
  }, TEST_TIMEOUT_MS);

  it('volume: createVolume (empty), setVolumeBootable, createSnapshot, listSnapshots by volume, getSnapshot, deleteSnapshot, deleteVolume', async (ctx) => {
    const c = await cinderOr(ctx);
    if (!c) return;
    const { s, conn } = c;
    const created = await createVolume(conn, { size: 1, name: `${s.run}-blank`, metadata: { snapdeck_contract: s.run } });
    volumes.add(created.id);
    expect(created).toMatchObject({ status: 'creating', size: 1, bootable: false, name: `${s.run}-blank`, metadata: { snapdeck_contract: s.run } });
    await volumeIn(conn, s, created.id, 'available');
    await setVolumeBootable(conn, created.id, true);
    expect((await getVolume(conn, created.id)).bootable).toBe(true);
    expect((await listVolumes(conn, { name: `${s.run}-blank` })).volumes.map((v) => v.id)).toEqual([created.id]);
    const snap = await createSnapshot(conn, { volumeId: created.id, name: `${s.run}-snap` });
    snapshots.add(snap.id);
    expect(snap).toMatchObject({ volumeId: created.id, size: 1, status: 'creating' });
    await snapshotIn(conn, s, snap.id);
    expect((await listSnapshots(conn, { volumeId: created.id })).snapshots.map((x) => x.id)).toEqual([snap.id]);
    // A volume with a snapshot cannot go (400); its snapshot first.
    expect((await httpError(deleteVolume(conn, created.id))).status).toBe(400);
    await removeSnapshot(conn, s, snap.id);
    await removeVolume(conn, s, created.id);
    expect((await httpError(getVolume(conn, created.id))).status).toBe(404);
  }, TEST_TIMEOUT_MS);

  it('compute: createServer from a new volume (block_device_mapping_v2 image → volume) is ACTIVE, image null, the volume in-use; listAttachments', async (ctx) => {
    const c = await bootOr(ctx);
    if (!c) return;
    const { s, conn, b } = c;
    // At least the flavor's disk, or the snapshot's min_disk will outgrow its own volume (the spike's trap).
    rootSize = Math.max((await getImage(conn, b.imageId)).minDisk, (await getFlavor(conn, b.flavorRef)).disk ?? 0, 1);
    const { id } = await createServer(conn, {
      name: `${s.run}-bfv`, flavorRef: b.flavorRef, networks: 'none',
      blockDeviceMapping: [{ sourceType: 'image', uuid: b.imageId, bootIndex: 0, volumeSize: rootSize, deleteOnTermination: true }],
    });
    servers.add(id);
    bfvServer = await serverActive(conn, s, id);
    expect(bfvServer.imageId).toBeNull();
    expect(bfvServer.volumesAttached).toHaveLength(1);
    const [root] = bfvServer.volumesAttached;
    expect(root).toEqual({ id: expect.stringMatching(UUID), deleteOnTermination: true });
    volumes.add(root!.id);
    const v = await getVolume(conn, root!.id);
    expect(v).toMatchObject({ status: 'in-use', size: rootSize, bootable: true });
    expect(v.attachments).toEqual([expect.objectContaining({ serverId: id })]);
    expect(v.imageMetadata?.image_id).toBe(b.imageId);
    const attachments = await listAttachments(conn, { serverId: id });
    expect(attachments).toEqual([expect.objectContaining({ serverId: id, volumeId: root!.id, status: 'attached' })]);
    expect(await listAttachments(conn, { volumeId: root!.id })).toEqual(attachments);
    expect(v.attachments[0]!.attachmentId).toBe(attachments[0]!.id);
  }, TEST_TIMEOUT_MS);

  it('compute: createServer from an existing volume (source volume, delete_on_termination false); createSnapshot of the in-use volume (force absent or true; false is 400 from 3.66); deleteServer leaves the volume available', async (ctx) => {
    const c = await bootOr(ctx);
    if (!c) return;
    const { s, conn, b } = c;
    const flavorDisk = (await getFlavor(conn, b.flavorRef)).disk ?? 0;
    const image = await getImage(conn, b.imageId);
    const vol = await createVolume(conn, { size: Math.max(image.minDisk, flavorDisk, 1), imageRef: b.imageId, name: `${s.run}-own-root` });
    volumes.add(vol.id);
    await volumeIn(conn, s, vol.id, 'available');
    const { id } = await createServer(conn, {
      name: `${s.run}-own-root`, flavorRef: b.flavorRef, networks: 'none',
      blockDeviceMapping: [{ sourceType: 'volume', uuid: vol.id, bootIndex: 0 }],
    });
    servers.add(id);
    const server = await serverActive(conn, s, id);
    expect(server.imageId).toBeNull();
    expect(server.volumesAttached).toEqual([{ id: vol.id, deleteOnTermination: false }]);
    const inUse = await getVolume(conn, vol.id);
    expect(inUse).toMatchObject({ status: 'in-use', attachments: [expect.objectContaining({ serverId: id })] });

    // From 3.66 an in-use volume is snapshotted without force; force true is ignored, false refused.
    expect(c.conn.volumeMicroversion).toBe(VOLUME_CLIENT_MAX_MICROVERSION);
    expect((await httpError(createSnapshot(conn, { volumeId: vol.id, force: false }))).status).toBe(400);
    for (const force of [undefined, true]) {
      const x = await createSnapshot(conn, { volumeId: vol.id, name: `${s.run}-in-use-${String(force)}`, force });
      snapshots.add(x.id);
      await snapshotIn(conn, s, x.id);
      await removeSnapshot(conn, s, x.id);
    }
    // An attached volume cannot be deleted (400).
    expect((await httpError(deleteVolume(conn, vol.id))).status).toBe(400);

    // Nova's service token lets Cinder delete the attachment: the volume is available again, kept.
    await deleteAndWait(conn, s, id);
    const after = await volumeIn(conn, s, vol.id, 'available');
    expect(after.attachments).toEqual([]);
    expect(await listAttachments(conn, { volumeId: vol.id })).toEqual([]);
    await removeVolume(conn, s, vol.id);
  }, TEST_TIMEOUT_MS);

  it('compute: createImage of a volume-backed server: a Cinder snapshot "snapshot for <name>" and a 0-byte image that volumeBackedSnapshotOf reads', async (ctx) => {
    const c = await cinderOr(ctx);
    if (!c || !bfvServer) return ctx.skip('no volume-backed server');
    const { s, conn } = c;
    const root = bfvServer.volumesAttached[0]!.id;
    const name = `${s.run}-vbs`;
    const { imageId } = await snapshotServer(conn, bfvServer.id, { name, metadata: { snapdeck_contract: s.run } });
    images.add(imageId);
    bfvImageId = imageId;
    const image = await waitFor(async () => {
      const i = await getImage(conn, imageId);
      return i.status === 'active' ? i : null;
    }, poll(s, 'the 0-byte image to be active'));
    // An empty upload: size 0, the md5 of nothing, the source image's formats.
    expect(image).toMatchObject({ size: 0, minDisk: rootSize, checksum: 'd41d8cd98f00b204e9800998ecf8427e', diskFormat: 'qcow2', containerFormat: 'bare' });
    expect(image.properties).toMatchObject({ bdm_v2: 'True', base_image_ref: '', snapdeck_contract: s.run });
    // block_device_mapping is a JSON string (Glance properties are strings), of one entry.
    const bdm = JSON.parse(image.properties.block_device_mapping ?? 'null') as Record<string, unknown>[];
    expect(bdm).toEqual([expect.objectContaining({ source_type: 'snapshot', destination_type: 'volume', boot_index: 0, volume_size: rootSize, delete_on_termination: true, snapshot_id: expect.stringMatching(UUID) })]);
    expect(image.properties.root_device_name).toMatch(/^\/dev\//);
    // Found by its block device mapping, not by image_type or instance_uuid (the spike's finding).
    expect(image.properties).not.toHaveProperty('image_type');
    expect(image.properties).not.toHaveProperty('instance_uuid');
    const read = volumeBackedSnapshotOf(image);
    expect(read?.mappings).toEqual([expect.objectContaining({ bootIndex: 0, volumeSize: rootSize, deleteOnTermination: true })]);
    bfvSnapshotId = read!.snapshotIds[0]!;
    snapshots.add(bfvSnapshotId);
    const snap = await waitFor(async () => {
      const x = await getSnapshot(conn, bfvSnapshotId!);
      return x.status === 'available' ? x : null;
    }, poll(s, 'the Cinder snapshot to be available'));
    expect(snap).toMatchObject({ name: `snapshot for ${name}`, volumeId: root, size: rootSize });
    expect((await listAllSnapshots(conn, { volumeId: root })).map((x) => x.id)).toContain(bfvSnapshotId);
  }, TEST_TIMEOUT_MS);

  it('compute: createServer from the volume-backed snapshot, by its Cinder snapshot and by its image, both ACTIVE on new volumes', async (ctx) => {
    const c = await cinderOr(ctx);
    if (!c || !bfvImageId || !bfvSnapshotId) return ctx.skip('no volume-backed snapshot');
    const { s, conn } = c;
    const b = s.t.boot!;
    const bySnapshot = await createServer(conn, {
      name: `${s.run}-from-snap`, flavorRef: b.flavorRef, networks: 'none',
      blockDeviceMapping: [{ sourceType: 'snapshot', uuid: bfvSnapshotId, bootIndex: 0, deleteOnTermination: true }],
    });
    servers.add(bySnapshot.id);
    const s1 = await serverActive(conn, s, bySnapshot.id);
    const v1: Volume = await getVolume(conn, s1.volumesAttached[0]!.id);
    expect(v1).toMatchObject({ sourceSnapshotId: bfvSnapshotId, status: 'in-use', size: rootSize });
    await deleteAndWait(conn, s, bySnapshot.id);
    // delete_on_termination: the volume goes with the server.
    await gone(s, 'the volume made from the snapshot', () => getVolume(conn, v1.id));

    const byImage = await createServer(conn, { name: `${s.run}-from-image`, imageRef: bfvImageId, flavorRef: b.flavorRef, networks: 'none' });
    servers.add(byImage.id);
    const s2 = await serverActive(conn, s, byImage.id);
    expect(s2.imageId).toBe(bfvImageId);
    const v2 = s2.volumesAttached[0]!.id;
    volumes.add(v2);
    expect((await getVolume(conn, v2)).sourceSnapshotId).toBe(bfvSnapshotId);
    // The image's mapping carries the source server's delete_on_termination (true here).
    expect(s2.volumesAttached[0]!.deleteOnTermination).toBe(true);
    await deleteAndWait(conn, s, byImage.id);
    await gone(s, 'the volume made from the image', () => getVolume(conn, v2));
    volumes.delete(v2);
  }, TEST_TIMEOUT_MS);

  it('compute: deleteServer of the volume-backed server deletes its delete_on_termination volume once its snapshot is gone; image: deleteImage leaves the Cinder snapshot', async (ctx) => {
    const c = await cinderOr(ctx);
    if (!c || !bfvServer) return ctx.skip('no volume-backed server');
    const { s, conn } = c;
    const root = bfvServer.volumesAttached[0]!.id;
    if (bfvImageId) {
      await deleteImage(conn, bfvImageId);
      images.delete(bfvImageId);
      // Glance does not know Cinder: the snapshot stays until someone deletes it (what Snapdeck must do).
      if (bfvSnapshotId) expect((await getSnapshot(conn, bfvSnapshotId)).status).toBe('available');
    }
    if (bfvSnapshotId) {
      await deleteSnapshot(conn, bfvSnapshotId);
      await gone(s, 'the Cinder snapshot', () => getSnapshot(conn, bfvSnapshotId!));
      snapshots.delete(bfvSnapshotId);
    }
    await deleteAndWait(conn, s, bfvServer.id);
    await gone(s, 'the root volume', () => getVolume(conn, root));
    volumes.delete(root);
  }, TEST_TIMEOUT_MS);
}
