// The client's contract with a cloud, as one reusable vitest suite: every call lib/openstack
// makes, run against a live target (the local cloud, the real Zed cloud of the Zed tier),
// with the same assertions on both. It checks the cloud's behaviour as much as the client's:
// status codes, id locations, task states, image records, property filters, patch semantics,
// permission answers, download digests. Test names start with the service and the call, so
// that docs/compatibility.md can line the two clouds up test by test.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Connection } from '../client';
import { OpenStackError } from '../errors';
import { request } from '../http';
import {
  createBackup, createImage as snapshotServer, createServer, deleteServer, getConsoleOutput, getInstanceAction, getServer,
  listAllServers, listInstanceActions, listServers, rebootServer, startServer, stopServer,
} from '../compute/servers';
import { listAvailabilityZones } from '../compute/availability-zones';
import { getFlavor, listFlavors } from '../compute/flavors';
import { listKeypairs } from '../compute/keypairs';
import { getLimits } from '../compute/limits';
import { CLIENT_MAX_MICROVERSION, microversionAtLeast } from '../compute/version';
import { regionsOf } from '../identity/catalog';
import { listAuthProjects } from '../identity/projects';
import { issueToken, rescopeToken, revokeToken, validateToken, type IssuedToken } from '../identity/tokens';
import {
  createImage as createGlanceImage, deleteImage, downloadImage, getImage, listAllImages, listImages, updateImage, uploadImageData,
} from '../image/images';
import { getImportMethods } from '../image/import';
import { removeProperty, setProperty } from '../image/json-patch';
import { listNetworks } from '../network/networks';
import { connect, type Login } from './connect';
import { uploadBytesLikeTheLibvirtDriver } from './libvirt-upload';
import { waitFor } from './wait-for';
import { workflowContract } from './workflow-contract';
import { volumeContract } from './volume-contract';
import { sharingContract } from './sharing-contract';
import { regionContract, type SecondRegionTarget } from './region-contract';

/** Where and as whom (`Login`), and what the cloud holds and does. */
export interface ContractTarget extends Login {
  /** The suite boots its own server from this image (networks "none") and deletes it after. */
  boot?: { imageId: string; flavorRef: string; keyName?: string };
  /** Without `boot`: an existing server of the project to snapshot (ACTIVE, no task). */
  serverId?: string;
  /** A public image of another project: visible, but not the user's to change (403). */
  othersPublicImageId: string;
  /** A private image of another project: invisible, so Glance answers 404 (not 403). */
  othersPrivateImageId: string;
  /** 'automatic': the compute driver uploads the snapshot's data (libvirt, the local cloud).
   * 'upload': it stays queued (Zed's FakeDriver) until the suite uploads bytes itself. */
  snapshotData: 'automatic' | 'upload';
  /** Deadline for a snapshot (or a boot, a power action) to finish, in ms. */
  snapshotTimeoutMs: number;
  pollMs?: number;
  /** Whether the catalog has a network service. */
  hasNetwork: boolean;
  /** The microversion the client must settle on with this cloud (default: the client's maximum). */
  expectedMicroversion?: string;
  /** Holds the compute service (not the API) so that a snapshot stays in its first task
   * state; resolves to the function that lets it go on. */
  pauseCompute?: () => Promise<() => Promise<void>>;
  /** Moves the workflow service's clock forward (the local cloud's POST /__admin/clock);
   * without it, the cron tests wait for real minutes. */
  workflowClock?: (seconds: number) => Promise<void>;
  /** A user of another project, to share images with (image members); without it those tests skip. */
  memberLogin?: Login;
  /** A second region with its own Glance (Copy to region); without it those tests skip. */
  regions?: () => Promise<SecondRegionTarget>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Waits inside have their own deadlines; this only bounds a test that hangs outright.
const TEST_TIMEOUT_MS = 120_000;

/** Properties Nova never copies from the boot image into a snapshot
 * (nova/compute/utils.py, non_inheritable_image_properties and prefixes). */
const inheritable = (key: string) =>
  !['cinder_encryption_key_id', 'cinder_encryption_key_deletion_policy', 'cache_in_nova', 'bittorrent'].includes(key)
  && !key.startsWith('os_glance') && !key.startsWith('img_signature');

async function httpError(p: Promise<unknown>): Promise<OpenStackError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof OpenStackError)) throw new Error(`expected an OpenStackError, got ${String(err)}`);
  return err;
}

async function digestsOf(stream: ReadableStream<Uint8Array>): Promise<{ md5: string; sha512: string; bytes: number }> {
  const md5 = createHash('md5');
  const sha512 = createHash('sha512');
  let bytes = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    md5.update(chunk);
    sha512.update(chunk);
    bytes += chunk.length;
  }
  return { md5: md5.digest('hex'), sha512: sha512.digest('hex'), bytes };
}

export function contractSuite(name: string, getTarget: () => ContractTarget | Promise<ContractTarget>): void {
  describe.sequential(`OpenStack contract: ${name}`, () => {
    let t: ContractTarget;
    let token: IssuedToken;
    let conn: Connection;
    /** The server the suite snapshots. */
    let serverId = '';
    let snapshotId: string | null = null;
    const servers = new Set<string>();
    const images = new Set<string>();
    const run = `contract-${Date.now().toString(36)}`;

    const poll = (what: string) => ({ what, timeoutMs: t.snapshotTimeoutMs, intervalMs: t.pollMs ?? 50 });
    /** The server once it is in `status` with no task (ERROR ends the wait at once). */
    const serverSettled = (id: string, status: string) => waitFor(async () => {
      const s = await getServer(conn, id);
      if (s.status === 'ERROR') throw new Error(`server ${id} is in ERROR: ${s.fault?.message ?? 'no fault'}`);
      return s.status === status && s.taskState === null ? s : null;
    }, poll(`server ${id} to be ${status} with no task`));
    const serverIdle = () => waitFor(async () => {
      const s = await getServer(conn, serverId);
      return s.taskState === null ? s : null;
    }, poll('the server to leave its task state'));
    const backupsOf = async (backupType: string) =>
      (await listImages(conn, { properties: { image_type: 'backup', backup_type: backupType, instance_uuid: serverId }, limit: 100 })).images;

    beforeAll(async () => {
      t = await getTarget();
      ({ token, conn } = await connect(t));
      if (t.boot) return;
      if (!t.serverId) throw new Error('a contract target needs `boot` or `serverId`');
      serverId = t.serverId;
    });

    afterAll(async () => {
      // Best effort: what a failed test left behind. Each test also deletes what it made.
      for (const id of images) await deleteImage(conn, id).catch(() => undefined);
      for (const id of servers) await deleteServer(conn, id).catch(() => undefined);
      if (token) await revokeToken(t.authUrl, token.tokenId, token.tokenId).catch(() => undefined);
    });

    // ------------------------------------------------------------------ identity

    it('identity: issueToken scoped to the project, validateToken, listAuthProjects', async () => {
      expect(token.project?.name).toBe(t.projectName);
      expect(token.user.name).toBe(t.username);
      expect(token.roles).toContain('member');
      expect(token.tokenId.length).toBeGreaterThan(20);
      expect(Date.parse(token.expiresAt)).toBeGreaterThan(Date.now());
      expect(regionsOf(token.catalog).length).toBeGreaterThan(0);
      const projects = await listAuthProjects(t.authUrl, token.tokenId);
      expect(projects.map((p) => p.name)).toContain(t.projectName);
      const validated = await validateToken(t.authUrl, token.tokenId, token.tokenId);
      expect(validated?.project?.id).toBe(token.project?.id);
      expect(validated?.user.id).toBe(token.user.id);
    }, TEST_TIMEOUT_MS);

    it('identity: sign-in without a project, as the app does it (unscoped → listAuthProjects → rescopeToken to each)', async () => {
      const unscoped = await issueToken(t.authUrl, { username: t.username, password: t.password, userDomainName: t.userDomainName ?? 'Default', unscoped: true });
      expect(unscoped.project).toBeNull();
      expect(unscoped.catalog).toEqual([]);
      const projects = (await listAuthProjects(t.authUrl, unscoped.tokenId)).filter((p) => p.enabled);
      expect(projects.length).toBeGreaterThan(1); // demo is a member of two projects on both clouds
      for (const p of projects) {
        const scoped = await rescopeToken(t.authUrl, unscoped.tokenId, { projectId: p.id });
        expect(scoped.project).toMatchObject({ id: p.id, name: p.name });
        expect(scoped.tokenId).not.toBe(unscoped.tokenId);
        expect(scoped.catalog.length).toBeGreaterThan(0);
        await revokeToken(t.authUrl, scoped.tokenId, scoped.tokenId);
      }
      await revokeToken(t.authUrl, unscoped.tokenId, unscoped.tokenId);
    }, TEST_TIMEOUT_MS);

    it('identity: a wrong password and an unknown token are 401', async () => {
      const wrong = await httpError(issueToken(t.authUrl, { username: t.username, password: `${t.password}-wrong`, projectName: t.projectName }));
      expect(wrong.status).toBe(401);
      expect(wrong.safeMessage).not.toContain(t.password);
      expect((await httpError(listAuthProjects(t.authUrl, 'not-a-token'))).status).toBe(401);
      expect(await validateToken(t.authUrl, token.tokenId, 'gAAAAABnot-a-real-token')).toBeNull();
    }, TEST_TIMEOUT_MS);

    // ------------------------------------------------------------------ compute and network basics

    it('compute: negotiateComputeMicroversion settles on the expected microversion', async () => {
      expect(conn.computeMicroversion).toBe(t.expectedMicroversion ?? CLIENT_MAX_MICROVERSION);
      expect(conn.endpoints.compute).toMatch(/\/v2\.1(\/[0-9a-f]+)?$/);
    }, TEST_TIMEOUT_MS);

    it('compute: listFlavors, getFlavor, listKeypairs, getLimits, listAvailabilityZones', async () => {
      const flavors = await listFlavors(conn);
      expect(flavors.map((f) => f.id)).toEqual(expect.arrayContaining(['s1-2', 'd2-2', 'd2-4', 'b2-7']));
      expect(await getFlavor(conn, 'd2-2')).toMatchObject({ id: 'd2-2', name: 'd2-2', vcpus: 1, ram: 2000, disk: 25, ephemeral: 0, swap: 0, isPublic: true });
      expect((await httpError(getFlavor(conn, 'no-such-flavor'))).status).toBe(404);
      const keypairs = await listKeypairs(conn);
      expect(keypairs.find((k) => k.name === 'demo-key')).toMatchObject({ type: 'ssh', fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/) });
      const limits = await getLimits(conn);
      expect(limits.instances.used).toBeGreaterThanOrEqual(0);
      expect(limits.cores.used).toBeGreaterThanOrEqual(0);
      expect(limits.ram.used).toBeGreaterThanOrEqual(0);
      // The default zone of every compute host in no zone's aggregate; a cloud may have more.
      expect(await listAvailabilityZones(conn)).toContain('nova');
    }, TEST_TIMEOUT_MS);

    it('network: listNetworks (null when the catalog has no network service)', async () => {
      const networks = await listNetworks(conn);
      if (t.hasNetwork) expect(networks?.length).toBeGreaterThan(0);
      else {
        expect(conn.endpoints.network).toBeNull();
        expect(networks).toBeNull();
      }
    }, TEST_TIMEOUT_MS);

    // ------------------------------------------------------------------ servers

    it('compute: createServer with networks "none" becomes ACTIVE', async (ctx) => {
      const b = t.boot;
      if (!b) return ctx.skip('this target snapshots an existing server');
      const { id } = await createServer(conn, {
        name: `${run}-srv.1`, imageRef: b.imageId, flavorRef: b.flavorRef, networks: 'none',
        ...(b.keyName ? { keyName: b.keyName } : {}), metadata: { snapdeck_contract: run },
      });
      expect(id).toMatch(UUID);
      servers.add(id);
      serverId = id;
      const server = await serverSettled(id, 'ACTIVE');
      expect(server.addresses).toEqual([]);
    }, TEST_TIMEOUT_MS);

    it('compute: createServer into a zone Nova does not list is 400 (its words), and boots nothing', async (ctx) => {
      const b = t.boot;
      if (!b) return ctx.skip('this target boots no server');
      const nowhere = `${run}-nowhere`;
      expect(await listAvailabilityZones(conn)).not.toContain(nowhere);
      const err = await httpError(createServer(conn, { name: `${run}-az`, imageRef: b.imageId, flavorRef: b.flavorRef, networks: 'none', availabilityZone: nowhere }));
      expect({ status: err.status, message: err.safeMessage }).toEqual({ status: 400, message: 'The requested availability zone is not available' });
      expect(await listServers(conn, { name: `${run}-az` })).toMatchObject({ servers: [] });
    }, TEST_TIMEOUT_MS);

    it('compute: getServer at the negotiated microversion (embedded flavor, locked) and at 2.1 (flavor id)', async () => {
      const s = await getServer(conn, serverId);
      expect(s).toMatchObject({
        id: serverId, status: 'ACTIVE', taskState: null, vmState: 'active', powerState: 1, powerStateName: 'Running',
        projectId: token.project?.id, availabilityZone: 'nova', fault: null,
      });
      expect(s.imageId).toMatch(UUID);
      expect(Date.parse(s.created)).not.toBeNaN();
      expect(Date.parse(s.launchedAt ?? '')).not.toBeNaN();
      if (microversionAtLeast(conn.computeMicroversion, '2.47')) {
        expect(s.flavor).toMatchObject({ id: null, name: expect.any(String), vcpus: expect.any(Number), ram: expect.any(Number), disk: expect.any(Number) });
      }
      if (microversionAtLeast(conn.computeMicroversion, '2.9')) expect(s.locked).toBe(false);
      if (t.boot) {
        expect(s).toMatchObject({ imageId: t.boot.imageId, userId: token.user.id, keyName: t.boot.keyName ?? null, metadata: { snapdeck_contract: run }, description: null });
        expect(s.flavor).toMatchObject({ name: t.boot.flavorRef, vcpus: 1, ram: 2000, disk: 25 });
      }
      const old = await getServer({ ...conn, computeMicroversion: '2.1' }, serverId);
      expect(old.flavor).toEqual({ id: expect.any(String), name: null, vcpus: null, ram: null, disk: null });
      expect(old.locked).toBeNull();
      expect(old.status).toBe('ACTIVE');
      expect((await httpError(getServer(conn, '00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    }, TEST_TIMEOUT_MS);

    it('compute: listServers (name filter as a substring, status filter, marker paging) and listAllServers', async () => {
      const all = await listServers(conn, { limit: 1000 });
      expect(all.servers.map((s) => s.id)).toContain(serverId);
      const name = (await getServer(conn, serverId)).name;
      const named = await listServers(conn, { name, limit: 10 });
      expect(named.servers.map((s) => s.id)).toContain(serverId);
      // Nova's name filter is a regular expression: the client escapes the dot of "srv.1".
      if (t.boot) expect((await listServers(conn, { name: `${run}-srvX1` })).servers).toEqual([]);
      const active = await listServers(conn, { status: 'ACTIVE', limit: 1000 });
      expect(active.servers.every((s) => s.status === 'ACTIVE')).toBe(true);
      // One server per page: the same servers by following Nova's servers_links.
      const followed = await listAllServers(conn, { name, limit: 1 });
      expect(followed.map((s) => s.id).sort()).toEqual(named.servers.map((s) => s.id).sort());
      if (all.servers.length < 2) return;
      const first = await listServers(conn, { limit: 1 });
      expect(first.servers).toHaveLength(1);
      expect(first.nextMarker).toBe(first.servers[0]?.id);
      const second = await listServers(conn, { limit: 1, marker: first.nextMarker ?? undefined });
      expect(second.servers[0]?.id).not.toBe(first.servers[0]?.id);
    }, TEST_TIMEOUT_MS);

    it('compute: createServer with networks "auto" (without a network service Nova answers 500)', async (ctx) => {
      const b = t.boot;
      if (!b) return ctx.skip('this target snapshots an existing server');
      const boot = { name: `${run}-auto`, imageRef: b.imageId, flavorRef: b.flavorRef, networks: 'auto' as const };
      if (t.hasNetwork) {
        const { id } = await createServer(conn, boot);
        servers.add(id);
        const server = await serverSettled(id, 'ACTIVE');
        expect(server.addresses.length).toBeGreaterThan(0);
        await deleteServer(conn, id);
        servers.delete(id);
        return;
      }
      // Nova asks Neutron for an auto-allocated topology and fails: the app must not offer
      // "auto" as if it worked. The client keeps Nova's own words out of the message.
      const err = await httpError(createServer(conn, boot));
      expect(err.status).toBe(500);
      expect(err.safeMessage).toMatch(/^Unexpected API Error/);
      expect(err.safeMessage).not.toMatch(/https?:/);
      expect((await listServers(conn, { name: `${run}-auto` })).servers).toEqual([]);
    }, TEST_TIMEOUT_MS);

    it('compute: stopServer, startServer (409 while already ACTIVE), rebootServer', async () => {
      const busy = await httpError(startServer(conn, serverId));
      expect(busy.status).toBe(409);
      expect(busy.safeMessage).toMatch(/vm_state active/);
      await stopServer(conn, serverId);
      expect(await serverSettled(serverId, 'SHUTOFF')).toMatchObject({ vmState: 'stopped', powerState: 4 });
      await startServer(conn, serverId);
      expect(await serverSettled(serverId, 'ACTIVE')).toMatchObject({ vmState: 'active', powerState: 1 });
      await rebootServer(conn, serverId, 'SOFT');
      expect(await serverSettled(serverId, 'ACTIVE')).toMatchObject({ powerState: 1 });
    }, TEST_TIMEOUT_MS);

    it('compute: getConsoleOutput, whole and its last line', async () => {
      const whole = await getConsoleOutput(conn, serverId);
      expect(whole.length).toBeGreaterThan(0);
      // Nova's _tail_log: the last `length` items of the text split on "\n".
      expect(await getConsoleOutput(conn, serverId, 1)).toBe(whole.split('\n').slice(-1).join('\n'));
    }, TEST_TIMEOUT_MS);

    // ------------------------------------------------------------------ snapshots

    it('compute: createImage at the negotiated microversion (image id in the body); the task state goes back to null', async () => {
      expect(microversionAtLeast(conn.computeMicroversion, '2.45')).toBe(true);
      await serverIdle();
      const { imageId } = await snapshotServer(conn, serverId, { name: `${run}-snap`, metadata: { snapdeck_contract: run } });
      expect(imageId).toMatch(UUID);
      images.add(imageId);
      snapshotId = imageId;
      // Nova creates the Glance image before it answers 202.
      expect((await getImage(conn, imageId)).name).toBe(`${run}-snap`);
      expect(await serverIdle()).toMatchObject({ status: 'ACTIVE', vmState: 'active', fault: null });
    }, TEST_TIMEOUT_MS);

    it("image: the snapshot record Nova made (image_type, instance_uuid, the boot image's properties, min_disk)", async () => {
      const snap = await getImage(conn, snapshotId!);
      const server = await getServer(conn, serverId);
      const boot = await getImage(conn, server.imageId!);
      expect(snap.properties).toMatchObject({
        image_type: 'snapshot', instance_uuid: serverId, base_image_ref: boot.id, user_id: token.user.id,
        owner_user_name: t.username, owner_project_name: t.projectName, snapdeck_contract: run,
      });
      expect(snap.properties.boot_roles?.split(',')).toContain('member');
      for (const [key, value] of Object.entries(boot.properties)) {
        if (inheritable(key)) expect(snap.properties[key], `inherited ${key}`).toBe(value);
      }
      expect(snap.minDisk).toBe(Math.max(boot.minDisk, server.flavor.disk ?? 0));
      expect(snap).toMatchObject({ visibility: 'private', owner: token.project?.id, protected: false, hidden: false });
      if (t.snapshotData === 'upload') {
        // The fake driver uploaded nothing: a record without data or formats, and no bytes to read.
        expect(snap).toMatchObject({ status: 'queued', size: null, checksum: null, diskFormat: null, containerFormat: null });
        expect((await downloadImage(conn, snap.id)).status).toBe(204);
      }
    }, TEST_TIMEOUT_MS);

    it('image: the snapshot becomes active (the driver uploads, or uploadBytesLikeTheLibvirtDriver) and downloads with matching digests', async () => {
      const id = snapshotId!;
      if (t.snapshotData === 'upload') await uploadBytesLikeTheLibvirtDriver(conn, id, randomBytes(64 * 1024 + 7));
      const image = await waitFor(async () => {
        const i = await getImage(conn, id);
        return i.status === 'active' ? i : null;
      }, poll('the snapshot to become active'));
      expect(image.diskFormat).not.toBeNull();
      expect(image.containerFormat).toBe('bare');
      const d = await downloadImage(conn, id);
      expect(d.status).toBe(200);
      const got = await digestsOf(d.body!);
      expect(got.bytes).toBe(image.size);
      if (d.contentLength !== null) expect(d.contentLength).toBe(image.size);
      expect(got.md5).toBe(image.checksum);
      expect(d.contentMd5).toBe(image.checksum);
      expect(image.hashAlgo).toBe('sha512');
      expect(got.sha512).toBe(image.hashValue);
    }, TEST_TIMEOUT_MS);

    it('image: image_location, image_state, owner_id come from the libvirt upload (the fake driver has none: the expected difference)', async () => {
      const snap = await getImage(conn, snapshotId!);
      const libvirt = { image_location: 'snapshot', image_state: 'available', owner_id: token.project?.id };
      if (t.snapshotData === 'automatic') expect(snap.properties).toMatchObject(libvirt);
      else for (const key of Object.keys(libvirt)) expect(snap.properties, key).not.toHaveProperty(key);
    }, TEST_TIMEOUT_MS);

    it('compute: listInstanceActions and getInstanceAction record the snapshot (no event details for a member)', async () => {
      const actions = await listInstanceActions(conn, serverId);
      const snap = actions.find((a) => a.action === 'createImage');
      expect(snap).toMatchObject({ userId: token.user.id, projectId: token.project?.id, message: null });
      expect(snap?.requestId).toMatch(/^req-/);
      const detail = await getInstanceAction(conn, serverId, snap!.requestId);
      expect(detail.action).toBe('createImage');
      expect(detail.events).toContainEqual(expect.objectContaining({ event: 'compute_snapshot_instance', result: 'Success' }));
      // On the wire a member's events carry no `details` at all: Nova's default policy
      // (os-instance-actions:events:details) is admin only, so a failure's reason is hidden too.
      const wire = await request(conn, {
        service: 'compute', method: 'GET', path: `/servers/${serverId}/os-instance-actions/${snap!.requestId}`, ok: [200],
        parse: z.looseObject({ instanceAction: z.looseObject({ events: z.array(z.record(z.string(), z.unknown())) }) }),
      });
      expect(wire.data.instanceAction.events.map((e) => Object.keys(e).sort())).toEqual([['event', 'finish_time', 'hostId', 'result', 'start_time']]);
    }, TEST_TIMEOUT_MS);

    it('compute: createImage and createBackup during a snapshot are 409 (task_state image_snapshot_pending)', async (ctx) => {
      const pause = t.pauseCompute;
      if (!pause) return ctx.skip('this target cannot hold its compute service');
      await serverIdle();
      const resume = await pause();
      try {
        const { imageId } = await snapshotServer(conn, serverId, { name: `${run}-busy` });
        images.add(imageId);
        expect((await getServer(conn, serverId)).taskState).toBe('image_snapshot_pending');
        const again = await httpError(snapshotServer(conn, serverId, { name: `${run}-conflict` }));
        expect(again.status).toBe(409);
        expect(again.safeMessage).toMatch(/^Cannot 'createImage' instance .* while it is in task_state image_snapshot_pending/);
        const backup = await httpError(createBackup(conn, serverId, { name: `${run}-conflict`, backupType: run, rotation: 1 }));
        expect(backup.status).toBe(409);
        expect(backup.safeMessage).toMatch(/^Cannot 'createBackup' instance .* while it is in task_state image_snapshot_pending/);
        expect((await listImages(conn, { name: `${run}-conflict` })).images).toEqual([]);
      } finally {
        await resume();
      }
      await serverIdle();
    }, TEST_TIMEOUT_MS);

    it('compute: createImage at microversion 2.1 (image id in the Location header)', async () => {
      await serverIdle();
      const { imageId } = await snapshotServer({ ...conn, computeMicroversion: '2.1' }, serverId, { name: `${run}-v21` });
      images.add(imageId);
      expect((await getImage(conn, imageId)).name).toBe(`${run}-v21`);
      await serverIdle();
    }, TEST_TIMEOUT_MS);

    it('compute: createBackup with rotation 2, three times: the two newest backups remain', async () => {
      const backupType = `${run}-daily`;
      const made: string[] = [];
      for (let i = 0; i < 3; i++) {
        await serverIdle();
        const { imageId } = await createBackup(conn, serverId, { name: `${run}-backup-${i}`, backupType, rotation: 2 });
        expect(imageId).toMatch(UUID);
        images.add(imageId!);
        made.push(imageId!);
        const backup = await getImage(conn, imageId!);
        expect(backup.properties).toMatchObject({ image_type: 'backup', backup_type: backupType, instance_uuid: serverId });
        // created_at has whole seconds and Nova sorts by it: one second apart, "newest" is defined.
        await waitFor(async () => Date.now() >= Date.parse(backup.createdAt) + 1000, { what: 'the next second', timeoutMs: 3000, intervalMs: 50 });
      }
      await serverIdle();
      const remaining = await waitFor(async () => {
        const list = await backupsOf(backupType);
        return list.length === 2 ? list : null;
      }, poll('the rotation to delete the oldest backup'));
      expect(remaining.map((i) => i.id).sort()).toEqual(made.slice(1).sort());
      for (const id of made.slice(1)) {
        await deleteImage(conn, id);
        images.delete(id);
      }
    }, TEST_TIMEOUT_MS);

    it('compute: createBackup at microversion 2.1 (Location only when rotation > 0; rotation 0 keeps nothing)', async () => {
      const v21 = { ...conn, computeMicroversion: '2.1' };
      await serverIdle();
      const kept = await createBackup(v21, serverId, { name: `${run}-v21-backup`, backupType: `${run}-weekly`, rotation: 1 });
      expect(kept.imageId).toMatch(UUID);
      images.add(kept.imageId!);
      expect((await getImage(conn, kept.imageId!)).properties.backup_type).toBe(`${run}-weekly`);
      await serverIdle();
      const none = await createBackup(v21, serverId, { name: `${run}-v21-zero`, backupType: `${run}-zero`, rotation: 0 });
      expect(none.imageId).toBeNull();
      await serverIdle();
      await waitFor(async () => (await backupsOf(`${run}-zero`)).length === 0, poll('rotation 0 to delete the new backup'));
    }, TEST_TIMEOUT_MS);

    // ------------------------------------------------------------------ Mistral (skipped without workflowv2)

    workflowContract(() => ({ t, token, conn, serverId, run }));

    // ------------------------------------------------------------------ Cinder (skipped without block-storage / volumev3)

    volumeContract(() => ({ t, token, conn, run }));

    // ------------------------------------------------------------------ Glance image members, os_hidden (issue 15)

    sharingContract(() => ({ t, token, conn, run }));

    // ------------------------------------------------------------------ Glance in a second region: Copy to region (issue 15)

    regionContract(() => ({ regions: t.regions, run }));

    // ------------------------------------------------------------------ Glance

    it('image: listImages by image_type=snapshot and by instance_uuid, id=in:, marker paging; listAllImages', async () => {
      const ofRun = await listImages(conn, { properties: { image_type: 'snapshot', snapdeck_contract: run }, limit: 100 });
      expect(ofRun.images.map((i) => i.id)).toEqual([snapshotId]);
      const snapshots = await listImages(conn, { properties: { image_type: 'snapshot' }, limit: 1000 });
      expect(snapshots.images.map((i) => i.id)).toContain(snapshotId);
      expect(snapshots.images.every((i) => i.properties.image_type === 'snapshot')).toBe(true);
      const ofServer = await listImages(conn, { properties: { instance_uuid: serverId }, limit: 1000 });
      expect(ofServer.images.every((i) => i.properties.instance_uuid === serverId)).toBe(true);
      expect(ofServer.images.map((i) => i.properties.image_type).sort()).toEqual(expect.arrayContaining(['backup', 'snapshot']));
      // One image per page: the same images by following Glance's next links.
      const followed = await listAllImages(conn, { properties: { instance_uuid: serverId }, limit: 1 }, 1000);
      expect(followed.map((i) => i.id).sort()).toEqual(ofServer.images.map((i) => i.id).sort());
      const first = await listImages(conn, { properties: { instance_uuid: serverId }, limit: 1 });
      expect(first.nextMarker).toBe(first.images[0]?.id);
      const second = await listImages(conn, { properties: { instance_uuid: serverId }, limit: 1, marker: first.nextMarker ?? undefined });
      expect(second.images[0]?.id).not.toBe(first.images[0]?.id);
      const byIds = await listImages(conn, { ids: [snapshotId!, t.othersPublicImageId, t.othersPrivateImageId], limit: 10 });
      expect(byIds.images.map((i) => i.id).sort()).toEqual([snapshotId!, t.othersPublicImageId].sort());
    }, TEST_TIMEOUT_MS);

    it('image: JSON patch of hw_qemu_guest_agent (add over a value, replace, remove, add)', async () => {
      const id = snapshotId!;
      let image = await getImage(conn, id);
      image = await updateImage(conn, id, setProperty('hw_qemu_guest_agent', 'no', image));
      expect(image.properties.hw_qemu_guest_agent).toBe('no');
      image = await updateImage(conn, id, [{ op: 'replace', path: '/hw_qemu_guest_agent', value: 'yes' }]);
      expect(image.properties.hw_qemu_guest_agent).toBe('yes');
      image = await updateImage(conn, id, removeProperty('hw_qemu_guest_agent', image));
      expect(image.properties).not.toHaveProperty('hw_qemu_guest_agent');
      expect(removeProperty('hw_qemu_guest_agent', image)).toEqual([]);
      image = await updateImage(conn, id, setProperty('hw_qemu_guest_agent', 'yes', image));
      expect((await getImage(conn, id)).properties.hw_qemu_guest_agent).toBe('yes');
    }, TEST_TIMEOUT_MS);

    it('image: JSON patch of os_require_quiesce (add, remove) beside hw_qemu_guest_agent', async () => {
      const id = snapshotId!;
      let image = await updateImage(conn, id, setProperty('os_require_quiesce', 'yes', await getImage(conn, id)));
      expect(image.properties).toMatchObject({ os_require_quiesce: 'yes', hw_qemu_guest_agent: 'yes' });
      image = await updateImage(conn, id, removeProperty('os_require_quiesce', image));
      expect((await getImage(conn, id)).properties).not.toHaveProperty('os_require_quiesce');
      expect(image.properties.hw_qemu_guest_agent).toBe('yes');
    }, TEST_TIMEOUT_MS);

    it('image: 409 on replace or remove of a missing property', async () => {
      const id = snapshotId!;
      expect((await httpError(updateImage(conn, id, [{ op: 'replace', path: '/snapdeck_missing', value: 'x' }]))).status).toBe(409);
      expect((await httpError(updateImage(conn, id, [{ op: 'remove', path: '/snapdeck_missing' }]))).status).toBe(409);
    }, TEST_TIMEOUT_MS);

    it("image: another project's public image is 403 to patch and delete; its private image is 404", async () => {
      const publicPatch = await httpError(updateImage(conn, t.othersPublicImageId, setProperty('snapdeck_contract', run)));
      expect(publicPatch.status).toBe(403);
      expect((await httpError(deleteImage(conn, t.othersPublicImageId))).status).toBe(403);
      expect((await getImage(conn, t.othersPublicImageId)).properties).not.toHaveProperty('snapdeck_contract');
      expect((await httpError(getImage(conn, t.othersPrivateImageId))).status).toBe(404);
      expect((await httpError(updateImage(conn, t.othersPrivateImageId, setProperty('snapdeck_contract', run)))).status).toBe(404);
    }, TEST_TIMEOUT_MS);

    it('image: createImage, uploadImageData, downloadImage whole and by range; 204 before any data', async () => {
      const created = await createGlanceImage(conn, {
        name: `${run}-data`, diskFormat: 'raw', containerFormat: 'bare', visibility: 'private', minDisk: 1,
        properties: { snapdeck_contract: run },
      });
      images.add(created.id);
      expect(created).toMatchObject({ status: 'queued', visibility: 'private', owner: token.project?.id, minDisk: 1, size: null });
      expect(created.properties.snapdeck_contract).toBe(run);
      expect((await downloadImage(conn, created.id)).status).toBe(204);
      const bytes = randomBytes(200_000);
      await uploadImageData(conn, created.id, bytes, bytes.length);
      const image = await getImage(conn, created.id);
      expect(image).toMatchObject({ status: 'active', size: bytes.length, checksum: createHash('md5').update(bytes).digest('hex') });
      expect(image.hashValue).toBe(createHash('sha512').update(bytes).digest('hex'));
      const whole = await downloadImage(conn, created.id);
      expect((await digestsOf(whole.body!)).md5).toBe(image.checksum);
      const part = await downloadImage(conn, created.id, { range: 'bytes=100-199' });
      expect(part.status).toBe(206);
      expect(part.contentRange).toBe(`bytes 100-199/${bytes.length}`);
      const got = await digestsOf(part.body!);
      expect(got.bytes).toBe(100);
      expect(got.md5).toBe(createHash('md5').update(bytes.subarray(100, 200)).digest('hex'));
      const again = await httpError(uploadImageData(conn, created.id, bytes, bytes.length));
      expect(again.status).toBe(409);
    }, TEST_TIMEOUT_MS);

    it('image: getImportMethods (GET /v2/info/import): the methods Copy to region chooses from; glance-download off by default', async () => {
      const methods = await getImportMethods(conn);
      // Zed answers ["glance-direct", "web-download", "copy-image"] (seen on the Zed tier).
      expect([...methods].sort()).toEqual(['copy-image', 'glance-direct', 'web-download']);
    }, TEST_TIMEOUT_MS);

    it('image: a protected image cannot be deleted (403) until it is unprotected', async () => {
      const created = await createGlanceImage(conn, { name: `${run}-protected`, visibility: 'private', protected: true });
      images.add(created.id);
      expect(created.protected).toBe(true);
      expect((await httpError(deleteImage(conn, created.id))).status).toBe(403);
      await updateImage(conn, created.id, [{ op: 'replace', path: '/protected', value: false }]);
      await deleteImage(conn, created.id);
      images.delete(created.id);
      expect((await httpError(getImage(conn, created.id))).status).toBe(404);
    }, TEST_TIMEOUT_MS);

    it('image: deleteImage of the snapshot, then 404 to show and to delete', async () => {
      const id = snapshotId!;
      await deleteImage(conn, id);
      images.delete(id);
      expect((await httpError(getImage(conn, id))).status).toBe(404);
      expect((await httpError(deleteImage(conn, id))).status).toBe(404);
      snapshotId = null;
    }, TEST_TIMEOUT_MS);

    // ------------------------------------------------------------------ the end of a server, of a token

    it('compute: deleteServer, then 404 to getServer and createImage', async (ctx) => {
      if (!t.boot) return ctx.skip('this target snapshots an existing server');
      for (const id of images) {
        await deleteImage(conn, id).catch((err: unknown) => {
          if (!(err instanceof OpenStackError && err.is(404))) throw err;
        });
        images.delete(id);
      }
      await serverIdle();
      await deleteServer(conn, serverId);
      await waitFor(async () => (await getServer(conn, serverId).then(() => null, (e: unknown) => e)) instanceof OpenStackError, poll('the server to be gone'));
      servers.delete(serverId);
      expect((await httpError(getServer(conn, serverId))).status).toBe(404);
      expect((await httpError(snapshotServer(conn, serverId, { name: `${run}-gone` }))).status).toBe(404);
    }, TEST_TIMEOUT_MS);

    it('compute, image: an unknown token is 401', async () => {
      const bad: Connection = { ...conn, token: 'not-a-token' };
      expect((await httpError(listServers(bad))).status).toBe(401);
      expect((await httpError(listImages(bad))).status).toBe(401);
    }, TEST_TIMEOUT_MS);

    it('identity: revokeToken; Keystone no longer knows the token', async () => {
      // Asked of Keystone, not Nova: keystonemiddleware may keep accepting a revoked token
      // until its cache expires (token_cache_time, 300 s by default; seen on Zed).
      const other = await issueToken(t.authUrl, {
        username: t.username, password: t.password, userDomainName: t.userDomainName ?? 'Default', projectName: t.projectName,
      });
      const victim = await issueToken(t.authUrl, {
        username: t.username, password: t.password, userDomainName: t.userDomainName ?? 'Default', projectName: t.projectName,
      });
      expect((await validateToken(t.authUrl, other.tokenId, victim.tokenId))?.user.id).toBe(token.user.id);
      await revokeToken(t.authUrl, other.tokenId, victim.tokenId);
      expect(await validateToken(t.authUrl, other.tokenId, victim.tokenId)).toBeNull();
      // Revoking again is not an error (404 is what was wanted).
      await revokeToken(t.authUrl, other.tokenId, victim.tokenId);
      await revokeToken(t.authUrl, other.tokenId, other.tokenId);
    }, TEST_TIMEOUT_MS);
  });
}

