// The client's contract with a cloud, as one reusable vitest suite: the same calls the app
// makes, run against a live target (the local cloud in CI, a real Zed cloud by hand). It
// checks the cloud's behaviour as much as the client's: status codes, id locations,
// property filters, patch semantics, permission answers, download digests.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../client';
import { OpenStackError } from '../errors';
import { getServer, createImage as snapshotServer, listServers } from '../compute/servers';
import { listFlavors } from '../compute/flavors';
import { listKeypairs } from '../compute/keypairs';
import { getLimits } from '../compute/limits';
import { negotiateComputeMicroversion } from '../compute/version';
import { endpointsFor, regionsOf, type EndpointInterface } from '../identity/catalog';
import { listAuthProjects } from '../identity/projects';
import { issueToken, revokeToken, validateToken, type IssuedToken } from '../identity/tokens';
import { deleteImage, downloadImage, getImage, listImages, updateImage, uploadImageData, type Image } from '../image/images';
import { removeProperty, setProperty } from '../image/json-patch';
import { listNetworks } from '../network/networks';
import { waitFor } from './wait-for';

export interface ContractTarget {
  authUrl: string;
  username: string;
  password: string;
  userDomainName?: string;
  projectName: string;
  region?: string;
  interface?: EndpointInterface;
  /** A server of the project that may be snapshotted (ACTIVE or SHUTOFF, no task). */
  serverId: string;
  /** A public image of another project: visible, but not the user's to change (403). */
  othersPublicImageId: string;
  /** A private image of another project: invisible, so Glance answers 404 (not 403). */
  othersPrivateImageId: string;
  /** 'automatic': the cloud uploads the snapshot's data (libvirt, the local cloud).
   * 'upload': it stays queued (Zed's FakeDriver) and the suite uploads bytes itself. */
  snapshotData: 'automatic' | 'upload';
  /** Deadline for a snapshot to finish, in ms. */
  snapshotTimeoutMs: number;
  pollMs?: number;
  /** Whether the catalog has a network service. */
  hasNetwork: boolean;
}

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
    let snapshotId: string | null = null;
    const run = `contract-${Date.now().toString(36)}`;

    const poll = (what: string) => ({ what, timeoutMs: t.snapshotTimeoutMs, intervalMs: t.pollMs ?? 50 });
    const serverIdle = () => waitFor(async () => (await getServer(conn, t.serverId)).taskState === null, poll('the server to leave its task state'));

    /** Waits for a snapshot to end, and makes it active where the cloud uploads nothing. */
    async function settle(imageId: string): Promise<Image> {
      await serverIdle();
      if (t.snapshotData === 'upload') {
        await updateImage(conn, imageId, [
          { op: 'replace', path: '/disk_format', value: 'raw' },
          { op: 'replace', path: '/container_format', value: 'bare' },
        ]);
        await uploadImageData(conn, imageId, new TextEncoder().encode(`${run} snapshot data\n`));
      }
      return waitFor(async () => {
        const image = await getImage(conn, imageId);
        return image.status === 'active' ? image : null;
      }, poll('the snapshot to become active'));
    }

    beforeAll(async () => {
      t = await getTarget();
      token = await issueToken(t.authUrl, {
        username: t.username, password: t.password, userDomainName: t.userDomainName ?? 'Default', projectName: t.projectName,
      });
      const region = t.region ?? regionsOf(token.catalog)[0];
      if (!region) throw new Error('the catalog has no usable region');
      const endpoints = endpointsFor(token.catalog, { region, interface: t.interface ?? 'public', authUrl: t.authUrl });
      conn = { token: token.tokenId, endpoints, computeMicroversion: await negotiateComputeMicroversion({ token: token.tokenId, computeUrl: endpoints.compute }) };
    });

    it('signs in, scoped to the project, and sees its projects', async () => {
      expect(token.project?.name).toBe(t.projectName);
      expect(token.tokenId.length).toBeGreaterThan(20);
      expect(Date.parse(token.expiresAt)).toBeGreaterThan(Date.now());
      const projects = await listAuthProjects(t.authUrl, token.tokenId);
      expect(projects.map((p) => p.name)).toContain(t.projectName);
      const validated = await validateToken(t.authUrl, token.tokenId, token.tokenId);
      expect(validated?.project?.id).toBe(token.project?.id);
    });

    it('reads flavors, key pairs, limits and networks', async () => {
      expect((await listFlavors(conn)).length).toBeGreaterThan(0);
      await listKeypairs(conn);
      const limits = await getLimits(conn);
      expect(limits.instances.used).toBeGreaterThanOrEqual(0);
      const networks = await listNetworks(conn);
      if (t.hasNetwork) expect(networks?.length).toBeGreaterThan(0);
      else expect(networks).toBeNull();
    });

    it('lists servers, one page at a time by marker', async () => {
      const all = await listServers(conn, { limit: 1000 });
      expect(all.servers.map((s) => s.id)).toContain(t.serverId);
      if (all.servers.length < 2) return;
      const first = await listServers(conn, { limit: 1 });
      expect(first.servers).toHaveLength(1);
      expect(first.nextMarker).toBe(first.servers[0]?.id);
      const second = await listServers(conn, { limit: 1, marker: first.nextMarker ?? undefined });
      expect(second.servers[0]?.id).not.toBe(first.servers[0]?.id);
    });

    it('snapshots a server and sees the snapshot become active', async () => {
      await serverIdle();
      const { imageId } = await snapshotServer(conn, t.serverId, { name: `${run}-snap`, metadata: { snapdeck_contract: run } });
      snapshotId = imageId;
      const image = await settle(imageId);
      expect(image.properties).toMatchObject({ image_type: 'snapshot', instance_uuid: t.serverId, snapdeck_contract: run });
      expect(image.visibility).toBe('private');
      expect(image.owner).toBe(token.project?.id);
    });

    it('a second snapshot while one runs is a 409 (when the cloud is slow enough to catch it)', async () => {
      // Only checked where the first call leaves a task state behind it.
      const { imageId } = await snapshotServer(conn, t.serverId, { name: `${run}-busy` });
      const during = await getServer(conn, t.serverId);
      if (during.taskState !== null) {
        const err = await httpError(snapshotServer(conn, t.serverId, { name: `${run}-conflict` }));
        expect(err.status).toBe(409);
        expect(err.safeMessage).toMatch(/task_state/);
      }
      await settle(imageId);
      await deleteImage(conn, imageId);
    });

    it('reads the image id from the Location header at microversion 2.1', async () => {
      await serverIdle();
      const { imageId } = await snapshotServer({ ...conn, computeMicroversion: '2.1' }, t.serverId, { name: `${run}-v21` });
      expect((await getImage(conn, imageId)).name).toBe(`${run}-v21`);
      await settle(imageId);
      await deleteImage(conn, imageId);
    });

    it('finds the snapshot by image_type=snapshot', async () => {
      const { images } = await listImages(conn, { properties: { image_type: 'snapshot', snapdeck_contract: run }, limit: 100 });
      expect(images.map((i) => i.id)).toEqual([snapshotId]);
      const snapshots = await listImages(conn, { properties: { image_type: 'snapshot' }, limit: 1000 });
      expect(snapshots.images.every((i) => i.properties.image_type === 'snapshot')).toBe(true);
    });

    it('adds and removes hw_qemu_guest_agent with add/remove patches', async () => {
      const id = snapshotId!;
      let image = await getImage(conn, id);
      const before = image.properties.hw_qemu_guest_agent;
      image = await updateImage(conn, id, setProperty('hw_qemu_guest_agent', before === 'yes' ? 'no' : 'yes', image));
      expect(image.properties.hw_qemu_guest_agent).toBe(before === 'yes' ? 'no' : 'yes');
      image = await updateImage(conn, id, removeProperty('hw_qemu_guest_agent', image));
      expect(image.properties).not.toHaveProperty('hw_qemu_guest_agent');
      expect(removeProperty('hw_qemu_guest_agent', image)).toEqual([]);
    });

    it('answers 409 to replace or remove of a missing property', async () => {
      const id = snapshotId!;
      expect((await httpError(updateImage(conn, id, [{ op: 'replace', path: '/snapdeck_missing', value: 'x' }]))).status).toBe(409);
      expect((await httpError(updateImage(conn, id, [{ op: 'remove', path: '/snapdeck_missing' }]))).status).toBe(409);
    });

    it("answers 403 to changes of another project's public image, 404 for its private one", async () => {
      const publicPatch = await httpError(updateImage(conn, t.othersPublicImageId, setProperty('snapdeck_contract', run)));
      expect(publicPatch.status).toBe(403);
      expect((await httpError(deleteImage(conn, t.othersPublicImageId))).status).toBe(403);
      expect((await httpError(getImage(conn, t.othersPrivateImageId))).status).toBe(404);
      expect((await httpError(updateImage(conn, t.othersPrivateImageId, setProperty('snapdeck_contract', run)))).status).toBe(404);
    });

    it('downloads the snapshot with matching digests', async () => {
      const image = await getImage(conn, snapshotId!);
      const d = await downloadImage(conn, image.id);
      expect(d.status).toBe(200);
      const got = await digestsOf(d.body!);
      expect(got.bytes).toBe(image.size);
      if (d.contentLength !== null) expect(d.contentLength).toBe(image.size);
      if (image.checksum !== null) {
        expect(got.md5).toBe(image.checksum);
        expect(d.contentMd5).toBe(image.checksum);
      }
      if (image.hashAlgo === 'sha512') expect(got.sha512).toBe(image.hashValue);
    });

    it('deletes the snapshot; after that it is gone (404, then 404 again)', async () => {
      await deleteImage(conn, snapshotId!);
      expect((await httpError(getImage(conn, snapshotId!))).status).toBe(404);
      expect((await httpError(deleteImage(conn, snapshotId!))).status).toBe(404);
      snapshotId = null;
    });

    it('revokes the token: Keystone no longer knows it', async () => {
      // Asked of Keystone, not Nova: keystonemiddleware may keep accepting a revoked token
      // until its cache expires (token_cache_time, 300 s by default; seen on Zed).
      const other = await issueToken(t.authUrl, {
        username: t.username, password: t.password, userDomainName: t.userDomainName ?? 'Default', projectName: t.projectName,
      });
      await revokeToken(t.authUrl, other.tokenId, token.tokenId);
      expect(await validateToken(t.authUrl, other.tokenId, token.tokenId)).toBeNull();
      await revokeToken(t.authUrl, other.tokenId, other.tokenId);
    });
  });
}
