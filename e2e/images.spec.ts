// Issue 5's end-to-end tests: the Images page and image detail against the local cloud.
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { promisify } from 'node:util';
import type { APIRequestContext, Page } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import { CLOUD_URL } from './fixtures/cloud';
import { expect, test } from './fixtures/test';

const run = promisify(execFile);
const I = SEED.images;

/** The local cloud's own APIs with a token issued here, as another client (the CLI, a
 * script) would use them: for setting up cases and checking what Glance really holds. */
async function cloudApi(request: APIRequestContext, user = 'demo', project = 'demo') {
  const auth = await request.post(`${CLOUD_URL}/identity/v3/auth/tokens`, {
    data: { auth: { identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password: user } } }, scope: { project: { name: project, domain: { name: 'Default' } } } } },
  });
  expect(auth.status()).toBe(201);
  const token = auth.headers()['x-subject-token']!;
  const headers = { 'X-Auth-Token': token, Accept: 'application/json' };
  const glance = `${CLOUD_URL}/image/v2`;
  const nova = `${CLOUD_URL}/compute/v2.1`;
  const ok = async (res: Awaited<ReturnType<APIRequestContext['get']>>, status: number) => {
    expect(res.status(), await res.text()).toBe(status);
    return res;
  };
  return {
    token,
    /** Nova createImage (2.45+: the image id comes back in the body). */
    snapshot: async (serverId: string, name: string) => (await (await ok(await request.post(`${nova}/servers/${serverId}/action`, {
      headers: { ...headers, 'OpenStack-API-Version': 'compute 2.93' }, data: { createImage: { name } },
    }), 202)).json()) as { image_id: string },
    getImage: async (id: string) => (await (await ok(await request.get(`${glance}/images/${id}`, { headers }), 200)).json()) as Record<string, unknown>,
    createImage: async (body: Record<string, unknown>) => (await (await ok(await request.post(`${glance}/images`, { headers, data: body }), 201)).json()) as { id: string },
    upload: async (id: string, data: Buffer) => ok(await request.put(`${glance}/images/${id}/file`, { headers: { ...headers, 'Content-Type': 'application/octet-stream' }, data }), 204),
    patch: async (id: string, ops: unknown[]) => ok(await request.patch(`${glance}/images/${id}`, {
      headers: { ...headers, 'Content-Type': 'application/openstack-images-v2.1-json-patch' }, data: JSON.stringify(ops),
    }), 200),
  };
}

/** `openstack image show -f value -c properties <id>` against the e2e local cloud. */
async function cliProperties(id: string): Promise<string> {
  const env = {
    NODE_ENV: 'test' as const, PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp',
    OS_AUTH_URL: `${CLOUD_URL}/identity`, OS_USERNAME: 'demo', OS_PASSWORD: 'demo', OS_PROJECT_NAME: 'demo',
    OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default', OS_IDENTITY_API_VERSION: '3', OS_INTERFACE: 'public',
  };
  const { stdout } = await run('/usr/bin/openstack', ['image', 'show', '-f', 'value', '-c', 'properties', id], { env, timeout: 60_000 });
  return stdout;
}

const agentSwitch = (page: Page) => page.getByRole('switch', { name: 'QEMU guest agent' });
const quiesceSwitch = (page: Page) => page.getByRole('switch', { name: 'Require quiesce' });

test('the Snapshots tab lists only snapshots and asks Glance with image_type=snapshot', async ({ signedIn: page, request, cloud }) => {
  // Two fresh snapshots through Nova: db-1 booted with the agent property, app-1 without.
  const api = await cloudApi(request);
  const db1Snap = await api.snapshot(SEED.servers.db1, 'db-1-before-upgrade');
  await api.snapshot(SEED.servers.app1, 'app-1-nightly');
  const since = await cloud.lastSeq();
  await page.goto('/images');
  await expect(page.getByRole('row', { name: /Debian 12/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Snapshots' }).click();
  await expect(page).toHaveURL(/\/images\?tab=snapshots$/);
  await expect(page.getByRole('tab', { name: 'Snapshots' })).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('tabpanel');
  await expect(panel.getByRole('row', { name: /web-1-snapshot-weekly/ })).toBeVisible();
  await expect(panel.getByRole('row', { name: /Debian 12|app-template/ })).toHaveCount(0);
  // Every body row is a snapshot, and says how it was taken.
  const rows = panel.getByRole('row').filter({ has: page.getByRole('rowheader') });
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i).getByRole('cell').nth(1)).toHaveText(/^Snapshot|^Volume snapshot/);
  }
  await expect(panel.getByRole('row', { name: /web-1-snapshot-weekly/ })).toContainText('Crash-consistent');
  await expect(panel.getByRole('row', { name: /app-1-nightly/ })).toContainText('Crash-consistent');
  await expect(panel.getByRole('row', { name: /db-1-before-upgrade/ })).toContainText('Quiesce attempted');
  await expect(page.getByRole('region', { name: 'Consistency' })).toContainText('Quiesced (required)');
  // Rows in transition refresh on their own (every 2 s) until Glance says active.
  await expect(panel.getByRole('row', { name: /db-1-before-upgrade/ })).toContainText('Active', { timeout: 20_000 });
  await expect(panel.getByRole('row', { name: /app-1-nightly/ })).toContainText('Active', { timeout: 20_000 });

  const lists = await cloud.requests({ since, service: 'image', method: 'GET', path: '/image/v2/images' });
  const snapshotLists = lists.filter((r) => new URLSearchParams(r.query).get('image_type') === 'snapshot');
  expect(snapshotLists.length).toBeGreaterThan(0);
  expect(snapshotLists.every((r) => r.status === 200)).toBe(true);

  // Reloading keeps the tab: it lives in the URL.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Snapshots' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('row', { name: /db-1-before-upgrade/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/images-snapshots.png' });

  // Base images: Glance cannot filter on absence; the page leaves snapshots out itself.
  await page.getByRole('tab', { name: 'Base images' }).click();
  await expect(page).toHaveURL(/tab=base/);
  await expect(panel.getByRole('row', { name: /Debian 12/ })).toBeVisible();
  await expect(panel.getByRole('row', { name: /web-1-snapshot-weekly/ })).toHaveCount(0);
  await expect(panel).toContainText(/images examined in \d+ Glance request/);

  // A snapshot's detail: its lineage, linked.
  await page.goto(`/images/${db1Snap.image_id}`);
  const lineage = page.getByRole('region', { name: 'Where it came from' });
  await expect(lineage.getByRole('link', { name: 'db-1' })).toHaveAttribute('href', `/instances/${SEED.servers.db1}`);
  await expect(lineage.getByRole('link', { name: 'debian12-agent-template' })).toHaveAttribute('href', `/images/${I.template}`);
  await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'true');
  await page.screenshot({ path: 'test-results/screenshots/image-detail.png', fullPage: true });
});

test('from an instance to its snapshots and back', async ({ signedIn: page }) => {
  const web1 = SEED.servers.web1;
  await page.goto(`/instances/${web1}`);
  await page.getByRole('link', { name: /^(All )?snapshots on the Images page$/i }).click();
  await expect(page).toHaveURL(new RegExp(`/images\\?tab=snapshots&instance_uuid=${web1}`));
  const panel = page.getByRole('tabpanel');
  await expect(panel.getByRole('row', { name: /web-1-snapshot-weekly/ })).toBeVisible();
  const back = panel.getByRole('link', { name: 'web-1', exact: true }).first();
  await expect(back).toBeVisible();
  await back.click();
  await expect(page).toHaveURL(new RegExp(`/instances/${web1}$`));
  await page.goBack();
  await expect(page.getByRole('tabpanel').getByRole('row', { name: /web-1-snapshot-weekly/ })).toBeVisible();
});

test('the guest agent switch writes Glance, survives a reload, and the CLI agrees', async ({ signedIn: page, request, cloud }) => {
  const api = await cloudApi(request);
  const { id } = await api.createImage({ name: 'agent-toggle-e2e', disk_format: 'qcow2', container_format: 'bare' });
  await page.goto(`/images/${id}`);
  await expect(page.getByRole('heading', { name: 'agent-toggle-e2e', level: 1 })).toBeVisible();
  await expect(agentSwitch(page)).toBeEnabled();
  await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('cli-command').filter({ hasText: 'image show' })).toHaveText(`openstack image show -f value -c properties ${id}`);

  const since = await cloud.lastSeq();
  await agentSwitch(page).click();
  await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'true');
  await expect.poll(async () => (await cloud.requests({ since, service: 'image', method: 'PATCH', path: `/image/v2/images/${id}` })).map((r) => r.status)).toEqual([200]);
  await expect(page.getByText('saving…')).toHaveCount(0);

  await page.reload();
  await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'true');
  expect(await cliProperties(id)).toMatch(/'hw_qemu_guest_agent': 'yes'/);

  await quiesceSwitch(page).click();
  await expect(quiesceSwitch(page)).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByText('saving…')).toHaveCount(0);
  await agentSwitch(page).click();
  await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByText('saving…')).toHaveCount(0);
  await page.reload();
  await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'false');
  await expect(quiesceSwitch(page)).toHaveAttribute('aria-checked', 'true');
  const props = await cliProperties(id);
  expect(props).not.toContain('hw_qemu_guest_agent');
  // openstacksdk types os_require_quiesce as a boolean: the CLI prints "yes" as True.
  expect(props).toMatch(/'os_require_quiesce': (True|'yes')/);
});

test('the switches are read-only on a public image and on another project’s image, and the server refuses a forged request', async ({ signedIn: page, request, cloud, baseURL }) => {
  // Forged from the app's own page (a user at the browser's console): the origin check passes,
  // so the owner check is what refuses it.
  const fromApp = { Origin: baseURL! };
  // alt-demo opens its image to other projects (community), so that demo can see it but not own it.
  const alt = await cloudApi(request, 'alt', 'alt-demo');
  await alt.patch(I.altImage, [{ op: 'replace', path: '/visibility', value: 'community' }]);

  for (const [id, reason] of [[I.debian12, /public image owned by/], [I.altImage, /community image owned by/]] as const) {
    await page.goto(`/images/${id}`);
    await expect(agentSwitch(page)).toBeDisabled();
    await expect(quiesceSwitch(page)).toBeDisabled();
    await expect(page.getByRole('region', { name: 'Consistency settings' })).toContainText(reason);

    const since = await cloud.lastSeq();
    const forged = await page.request.patch(`/api/images/${id}/properties`, { headers: fromApp, data: { property: 'hw_qemu_guest_agent', enabled: true } });
    expect(forged.status()).toBe(403);
    expect((await forged.json()).error.message).toMatch(/only its owner/);
    expect(await cloud.requests({ since, service: 'image', method: 'PATCH' })).toEqual([]);
  }
  const stillPublic = await (await cloudApi(request)).getImage(I.debian12);
  expect(stillPublic.hw_qemu_guest_agent).toBeUndefined();

  // Only the two switch properties are accepted at all.
  const other = await page.request.patch(`/api/images/${I.appTemplate}/properties`, { headers: fromApp, data: { property: 'visibility', enabled: true } });
  expect(other.status()).toBe(400);
});

test('enable on all my private images lists a failure and sets the others', async ({ signedIn: page, request, cloud }) => {
  const api = await cloudApi(request);
  // Glance's default visibility at creation is "shared": say private.
  const extra = await api.createImage({ name: 'bulk-enable-e2e', visibility: 'private', disk_format: 'qcow2', container_format: 'bare' });
  await cloud.fault({ method: 'PATCH', path: `^/image/v2/images/${I.protectedImage}$`, times: 1, action: { type: 'status', status: 500 } });

  await page.goto('/images');
  await page.getByRole('button', { name: 'Enable on all my private images' }).click();
  const dialog = page.getByRole('dialog', { name: 'Enable the QEMU guest agent on all my private images' });
  await dialog.getByRole('button', { name: 'Enable', exact: true }).click();
  const results = dialog.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('listitem').filter({ hasText: 'golden-image-protected' })).toContainText('Failed:');
  await expect(results.getByRole('listitem').filter({ hasText: 'web-1-snapshot-weekly' })).toContainText('set to yes');
  await expect(results.getByRole('listitem').filter({ hasText: 'bulk-enable-e2e' })).toContainText('set to yes');
  await expect(dialog.getByRole('status').first()).toHaveText(/^2 set, 1 failed, 3 already had it\.$/);

  expect((await api.getImage(I.web1Snapshot)).hw_qemu_guest_agent).toBe('yes');
  expect((await api.getImage(extra.id)).hw_qemu_guest_agent).toBe('yes');
  expect((await api.getImage(I.protectedImage)).hw_qemu_guest_agent).toBeUndefined();
  // Public images and alt-demo's were never touched.
  const patched = await cloud.requests({ service: 'image', method: 'PATCH' });
  expect(patched.some((r) => r.path.includes(I.debian12) || r.path.includes(I.altImage))).toBe(false);
});

test('a 50 MB image downloads whole through the app, checksum matching the image record', async ({ signedIn: page, request }) => {
  test.setTimeout(120_000);
  const api = await cloudApi(request);
  const { id } = await api.createImage({ name: 'download-50mb e2e', disk_format: 'raw', container_format: 'bare' });
  const data = randomBytes(50 * 1024 * 1024);
  await api.upload(id, data);
  const record = await api.getImage(id);
  const md5 = createHash('md5').update(data).digest('hex');
  expect(record.checksum).toBe(md5);

  await page.goto(`/images/${id}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^download-50mb.e2e\.raw$/);
  const path = await download.path();
  const hash = createHash('md5');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  expect(size).toBe(data.length);
  expect(hash.digest('hex')).toBe(record.checksum);

  const res = await page.request.get(`/api/images/${id}/file`);
  expect(res.status()).toBe(200);
  // Next.js 16 drops Content-Length from route handler responses: the route sends the size
  // as X-Image-Size and the production server (scripts/serve.ts) turns it back into Content-Length.
  expect(res.headers()['x-image-size']).toBe(String(data.length));
  expect(res.headers()['content-length']).toBe(String(data.length));
  expect(res.headers()['transfer-encoding']).toBeUndefined();
  expect(res.headers()['content-md5']).toBe(record.checksum);
  expect(res.headers()['x-image-hash']).toBe(`${record.os_hash_algo}:${record.os_hash_value}`);
  expect(createHash('md5').update(await res.body()).digest('hex')).toBe(md5);

  // An image without data: Glance answers 204, the app explains with a 409.
  const empty = await api.createImage({ name: 'no-data-e2e' });
  const none = await page.request.get(`/api/images/${empty.id}/file`);
  expect(none.status()).toBe(409);
  expect((await none.json()).error.message).toMatch(/no data/);
});

test('delete: protected images are left out, bulk delete sums up, a failure is listed', async ({ signedIn: page, request, cloud }) => {
  const api = await cloudApi(request);
  await api.createImage({ name: 'delete-me-a' });
  const b = await api.createImage({ name: 'delete-me-b' });
  await cloud.fault({ method: 'DELETE', path: `^/image/v2/images/${b.id}$`, times: 1, action: { type: 'status', status: 500 } });

  await page.goto('/images?sort=name&dir=asc');
  await expect(page.getByRole('button', { name: 'Delete golden-image-protected' })).toBeDisabled();
  for (const name of ['delete-me-a', 'delete-me-b', 'golden-image-protected']) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  await page.getByRole('button', { name: 'Delete selected (3)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 3 images' });
  await expect(dialog).toContainText('golden-image-protected: Protected');
  await dialog.getByRole('button', { name: 'Delete 2 images' }).click();
  await expect(dialog.getByRole('status').first()).toHaveText('1 deleted, 1 failed.');
  await expect(dialog.getByRole('listitem').filter({ hasText: 'delete-me-b' })).toContainText('Failed:');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('row', { name: /delete-me-a/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /delete-me-b/ })).toBeVisible();

  // From the detail page: a confirmation naming the image, the summary (it stays until it is
  // closed), then back to the list.
  await page.getByRole('link', { name: 'delete-me-b' }).click();
  await expect(page.getByRole('heading', { name: 'delete-me-b', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete image delete-me-b' });
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(confirm.getByRole('status')).toHaveText('1 deleted, 0 failed.');
  await expect(page).toHaveURL(/\/images\/[0-9a-f-]{36}$/);
  await confirm.getByRole('button', { name: 'Done' }).click();
  await expect(page).toHaveURL(/\/images$/);
});

test('the Backups tab groups backups by instance and type', async ({ signedIn: page, request }) => {
  const api = await cloudApi(request);
  const backup = (name: string, instance: string, type: string) =>
    api.createImage({ name, image_type: 'backup', backup_type: type, instance_uuid: instance, image_location: 'snapshot' });
  await backup('web-1-daily-1', SEED.servers.web1, 'daily');
  await backup('db-1-weekly-1', SEED.servers.db1, 'weekly');
  await backup('web-1-daily-2', SEED.servers.web1, 'daily');
  await page.goto('/images?tab=backups');
  const groups = page.getByRole('rowheader').filter({ hasText: /^Instance / });
  await expect(groups).toHaveCount(2);
  await expect(groups.filter({ hasText: 'type daily' })).toContainText('2 backups');
  await expect(groups.filter({ hasText: 'type weekly' })).toContainText('1 backup');
  await expect(page.getByRole('row', { name: /web-1-snapshot-weekly/ })).toHaveCount(0);
});
