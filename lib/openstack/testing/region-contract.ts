// Copy to region's part of the contract suite (issue 15, decision 011): a second region's
// Glance in the catalog, its import methods, a streamed copy (the source's download piped into
// the target's upload, copy-stream.ts) and a glance-download import pulled by the target Glance
// itself. Registered inside contractSuite's describe; a target without a second region skips it.
// The target connection is made as the app makes it (copy-session.ts): the session's
// connection with the other region's image endpoint, since that region may have no compute.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { streamImageData } from '@/lib/images/copy-stream';
import type { Connection } from '../client';
import { OpenStackError } from '../errors';
import { imageEndpointFor, imageRegionsOf, regionsOf } from '../identity/catalog';
import { revokeToken, type IssuedToken } from '../identity/tokens';
import { createImage, deleteImage, getImage, uploadImageData, type Image } from '../image/images';
import { getImportMethods, importGlanceDownload } from '../image/import';
import { connect, type Login } from './connect';
import { waitFor } from './wait-for';

/** Two regions of one Keystone, each with its own Glance. */
export interface SecondRegionTarget {
  /** A user whose catalog has both regions. */
  login: Login;
  /** Where the snapshot is (a region with compute and image). */
  source: string;
  /** Where it is copied to. */
  target: string;
  /** Whether the target region has a compute service too (the local cloud: yes; the Zed tier: image only). */
  targetHasCompute: boolean;
  /** Deadline for an import to settle, in ms. */
  timeoutMs: number;
  pollMs: number;
}

export interface RegionContractState {
  /** Absent: the target has one region, and these tests skip. */
  regions?: () => Promise<SecondRegionTarget>;
  run: string;
}

const TEST_TIMEOUT_MS = 120_000;
const DATA_BYTES = 1_500_000;

async function statusOf(p: Promise<unknown>): Promise<number> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof OpenStackError)) throw new Error(`expected an OpenStackError, got ${String(err)}`);
  return err.status;
}

/** The properties a copy starts from, as copy.ts's copyProperties: Glance's own os_glance* left out. */
const ownProperties = (image: Image) => Object.fromEntries(Object.entries(image.properties).filter(([k]) => !k.startsWith('os_glance')));

export function regionContract(state: () => RegionContractState): void {
  let r: SecondRegionTarget | null = null;
  let token: IssuedToken | null = null;
  let source: Connection;
  let target: Connection;
  let sourceImage: Image | null = null;
  /** The streamed copy, active in the target region. */
  let streamedId: string | null = null;
  const made: [Connection, string][] = [];
  let bytes: Buffer;

  beforeAll(async () => {
    const s = state();
    if (!s.regions) return;
    r = await s.regions();
    const opened = await connect({ ...r.login, region: r.source });
    token = opened.token;
    source = opened.conn;
    const image = imageEndpointFor(token.catalog, { region: r.target, interface: r.login.interface ?? 'public' });
    if (image) target = { ...source, endpoints: { ...source.endpoints, image } };
    else r = null; // a cloud brought up before the second region: skipped, not failed
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    for (const [conn, id] of made) await deleteImage(conn, id).catch(() => undefined);
    if (token && r) await revokeToken(r.login.authUrl, token.tokenId, token.tokenId).catch(() => undefined);
  });

  const track = (conn: Connection, image: Image) => {
    made.push([conn, image.id]);
    return image;
  };
  const settled = (id: string, seen: Set<string>) => waitFor(async () => {
    const image = await getImage(target, id);
    seen.add(image.status);
    if (image.status === 'active') return image;
    if (image.status === 'queued' && 'os_glance_failed_import' in image.properties) return image;
    return null;
  }, { what: `image ${id} in ${r!.target} to leave importing`, timeoutMs: r!.timeoutMs, intervalMs: r!.pollMs });

  it('image, regions: the catalog has a second image region; sign-in regions need compute and image', async (ctx) => {
    if (!r || !token) return ctx.skip('this target has one region');
    expect(imageRegionsOf(token.catalog)).toEqual(expect.arrayContaining([r.source, r.target]));
    // The app signs in to regionsOf() only: an image-only region is a copy target, not a place to work.
    expect(regionsOf(token.catalog).includes(r.target)).toBe(r.targetHasCompute);
    expect(regionsOf(token.catalog)).toContain(r.source);
    expect(target.endpoints.image).not.toBe(source.endpoints.image);
  }, TEST_TIMEOUT_MS);

  it('image, regions: GET /v2/info/import in the second region lists glance-download', async (ctx) => {
    if (!r) return ctx.skip('this target has one region');
    expect([...(await getImportMethods(target))].sort()).toEqual(['copy-image', 'glance-direct', 'glance-download', 'web-download']);
  }, TEST_TIMEOUT_MS);

  it('image, regions: streamImageData into the second region (download piped into upload), os_hash_value equal, properties kept', async (ctx) => {
    if (!r) return ctx.skip('this target has one region');
    const { run } = state();
    // Not the suite's snapdeck_contract: its image tests count the run's snapshots in RegionOne.
    bytes = randomBytes(DATA_BYTES);
    const src = track(source, await createImage(source, {
      name: `${run}-region-src`, diskFormat: 'qcow2', containerFormat: 'bare', minDisk: 2, minRam: 128,
      properties: { snapdeck_region_contract: run, image_type: 'snapshot', hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes', os_distro: 'debian' },
    }));
    await uploadImageData(source, src.id, bytes, bytes.length);
    sourceImage = await getImage(source, src.id);
    expect(sourceImage).toMatchObject({ status: 'active', size: DATA_BYTES, hashAlgo: 'sha512' });
    // The other region's Glance does not know the source image.
    expect(await statusOf(getImage(target, src.id))).toBe(404);

    const copy = track(target, await createImage(target, {
      name: `${run}-region-stream`, diskFormat: 'qcow2', containerFormat: 'bare', minDisk: 2, minRam: 128,
      properties: { ...ownProperties(sourceImage), snapdeck_copied_from: `${r.source}/${src.id}` },
    }));
    let last = 0;
    const result = await streamImageData(source, src.id, target, copy.id, {
      hashAlgo: 'sha512', signal: new AbortController().signal, onBytes: (b) => { last = b; },
    });
    expect(result).toEqual({ bytes: DATA_BYTES, hash: sourceImage.hashValue });
    expect(last).toBe(DATA_BYTES);
    const got = await getImage(target, copy.id);
    streamedId = copy.id;
    expect(got).toMatchObject({
      status: 'active', size: DATA_BYTES, checksum: sourceImage.checksum, hashValue: sourceImage.hashValue, minDisk: 2, minRam: 128,
      diskFormat: 'qcow2', containerFormat: 'bare',
    });
    expect(got.properties).toMatchObject({
      image_type: 'snapshot', hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes', snapdeck_copied_from: `${r.source}/${src.id}`,
    });
  }, TEST_TIMEOUT_MS);

  it('image, regions: glance-download into the second region goes importing → active with the same hash; Glance copies only its prefixes', async (ctx) => {
    if (!r || !sourceImage) return ctx.skip('no source image');
    const { run } = state();
    // Formats are required before an import (409 otherwise); Glance sets them again from the source.
    const copy = track(target, await createImage(target, {
      name: `${run}-region-pull`, diskFormat: 'raw', containerFormat: 'bare', properties: { snapdeck_region_contract: run },
    }));
    await importGlanceDownload(target, copy.id, { glanceImageId: sourceImage.id, glanceRegion: r.source.toLowerCase() });
    const seen = new Set<string>();
    const got = await settled(copy.id, seen);
    expect(got.status).toBe('active');
    expect([...seen].every((s) => ['queued', 'importing', 'active'].includes(s))).toBe(true);
    expect(got).toMatchObject({ size: DATA_BYTES, checksum: sourceImage.checksum, hashAlgo: 'sha512', hashValue: sourceImage.hashValue, diskFormat: 'qcow2' });
    // [glance_download_properties] extra_properties (Zed's default): hw_, trait:, os_distro,
    // os_secure_boot, os_type. Not image_type nor os_require_quiesce nor min_disk: the app sets those itself.
    expect(got.properties).toMatchObject({ hw_qemu_guest_agent: 'yes', os_distro: 'debian', snapdeck_region_contract: run });
    expect(got.properties).not.toHaveProperty('image_type');
    expect(got.properties).not.toHaveProperty('os_require_quiesce');
    expect(got.minDisk).toBe(0);
    // Zed: the image is active a moment before the flow's last task drops its lock
    // (os_glance_import_task, api_image_import._CompleteTask); the local cloud does both at once.
    await waitFor(async () => !('os_glance_import_task' in (await getImage(target, copy.id)).properties), {
      what: 'the import lock to be dropped', timeoutMs: r.timeoutMs, intervalMs: r.pollMs,
    });
    // Zed leaves os_glance_failed_import and os_glance_importing_to_stores as "" on success;
    // the local cloud leaves them out. Either way: empty, and the status says it is done.
    expect(got.properties.os_glance_failed_import ?? '').toBe('');
    const dl = await fetch(`${target.endpoints.image}/v2/images/${copy.id}/file`, { headers: { 'X-Auth-Token': target.token } });
    expect(createHash('sha512').update(Buffer.from(await dl.arrayBuffer())).digest('hex')).toBe(sourceImage.hashValue);
  }, TEST_TIMEOUT_MS);

  it('image, regions: glance-download errors: 409 on an active target, 400 on a non-UUID; a missing source falls back to queued with os_glance_failed_import', async (ctx) => {
    if (!r || !sourceImage) return ctx.skip('no source image');
    const { run } = state();
    const copy = track(target, await createImage(target, { name: `${run}-region-missing`, diskFormat: 'raw', containerFormat: 'bare' }));
    // The source's id is unknown to the target region's Glance.
    expect(await statusOf(importGlanceDownload(target, sourceImage.id, { glanceImageId: sourceImage.id, glanceRegion: r.source }))).toBe(404);
    const raw = await fetch(`${target.endpoints.image}/v2/images/${copy.id}/import`, {
      method: 'POST', headers: { 'X-Auth-Token': target.token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: { name: 'glance-download', glance_image_id: 'not-a-uuid', glance_region: r.source } }),
    });
    expect(raw.status).toBe(400);
    await importGlanceDownload(target, copy.id, { glanceImageId: '00000000-0000-4000-8000-000000000404', glanceRegion: r.source });
    const seen = new Set<string>();
    const got = await settled(copy.id, seen);
    expect(got.status).toBe('queued');
    expect(got.properties.os_glance_failed_import).toBe('');
    expect(got.size).toBeNull();
    if (streamedId) expect(await statusOf(importGlanceDownload(target, streamedId, { glanceImageId: sourceImage.id, glanceRegion: r.source }))).toBe(409);
  }, TEST_TIMEOUT_MS);
}
