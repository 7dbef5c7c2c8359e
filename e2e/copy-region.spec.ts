// Issue 15, Copy to another region: demo copies a 200 MB snapshot from RegionOne to RegionTwo
// with visible progress, the hashes match in RegionTwo's Glance, a cancelled copy leaves
// nothing behind, and an interrupted one can be deleted. On a second app whose local cloud
// has two regions (each its own Glance; the target streams, as Zed's defaults do).
import { createHash, randomBytes } from 'node:crypto';
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startSecondApp, type SecondApp } from './fixtures/second-app';
import { signIn } from './fixtures/test';

const SIZE = 200 * 1024 * 1024;
const MARKER = 'snapdeck_copied_from';

let app: SecondApp;
let context: BrowserContext;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  app = await startSecondApp(['--regions', 'RegionOne,RegionTwo'], 'with two regions');
});
test.afterAll(async () => {
  await app?.stop();
});
test.afterEach(async () => {
  await context?.close();
  await fetch(`${app.cloudUrl}/__admin/faults`, { method: 'DELETE' });
});

/** Glance of each region as demo, with a token of its own (as the CLI would). */
async function glance() {
  const auth = await fetch(`${app.cloudUrl}/identity/v3/auth/tokens`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'demo', domain: { id: 'default' }, password: 'demo' } } }, scope: { project: { name: 'demo', domain: { id: 'default' } } } } }),
  });
  expect(auth.status).toBe(201);
  const token = auth.headers.get('x-subject-token')!;
  const base = { RegionOne: `${app.cloudUrl}/image/v2`, RegionTwo: `${app.cloudUrl}/image/regions/RegionTwo/v2` };
  const call = async (region: keyof typeof base, p: string, init: RequestInit = {}, status = 200) => {
    const res = await fetch(`${base[region]}${p}`, { ...init, headers: { 'X-Auth-Token': token, ...init.headers } });
    expect(res.status, `${init.method ?? 'GET'} ${region} ${p}`).toBe(status);
    return res;
  };
  return {
    image: async (region: keyof typeof base, id: string) => (await (await call(region, `/images/${id}`)).json()) as Record<string, unknown>,
    copiesOf: async (id: string) =>
      ((await (await call('RegionTwo', `/images?${MARKER}=${encodeURIComponent(`RegionOne/${id}`)}`)).json()) as { images: Record<string, unknown>[] }).images,
    create: async (region: keyof typeof base, body: Record<string, unknown>) =>
      (await (await call(region, '/images', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, 201)).json()) as { id: string },
    upload: (id: string, data: Buffer) =>
      call('RegionOne', `/images/${id}/file`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(data) }, 204),
  };
}

/** A 200 MB snapshot of web-1 in RegionOne, as Nova would have made it; its data's sha512. */
async function snapshot200(name: string): Promise<{ id: string; sha512: string }> {
  const api = await glance();
  const block = randomBytes(1024 * 1024);
  const data = Buffer.concat(Array.from({ length: SIZE / block.length }, (_, i) => (i % 2 ? block : block.reverse())));
  const { id } = await api.create('RegionOne', {
    name, disk_format: 'qcow2', container_format: 'bare', min_disk: 10,
    image_type: 'snapshot', instance_uuid: '8f1c2b7e-1111-4c1e-9a55-1234567890ab', hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes',
  });
  await api.upload(id, data);
  return { id, sha512: createHash('sha512').update(data).digest('hex') };
}

/** Holds the target's upload back, so a copy is seen (and can be cancelled) midway. */
const holdUpload = (ms: number) => fetch(`${app.cloudUrl}/__admin/faults`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ method: 'PUT', path: '/image/regions/RegionTwo/v2/images/', times: 1, action: { type: 'latency', ms } }),
});

async function signedInOn(browser: Browser, imageId: string): Promise<Page> {
  context = await browser.newContext({ baseURL: app.baseURL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page);
  await expect(page).toHaveURL(/\/instances/);
  await page.goto(`/images/${imageId}`);
  return page;
}

async function startCopy(page: Page, name?: string) {
  await page.getByRole('button', { name: 'Copy to region' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Target region')).toHaveValue('RegionTwo');
  if (name) await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('demo copies a 200 MB snapshot to RegionTwo with visible progress; the hashes match in RegionTwo', async ({ browser }) => {
  test.setTimeout(120_000);
  const source = await snapshot200('web-1 golden');
  const page = await signedInOn(browser, source.id);
  expect((await holdUpload(4000)).status).toBe(201);

  await page.getByRole('button', { name: 'Copy to region' }).click();
  await expect(page.getByRole('dialog').getByLabel('Name')).toHaveValue('web-1 golden');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await startCopy(page, 'web-1 golden (RegionTwo)');

  const copy = page.getByRole('group', { name: 'Copy to RegionTwo' });
  const bar = copy.getByRole('progressbar', { name: 'Copy to RegionTwo' });
  await expect(bar).toHaveAttribute('aria-valuetext', /B of 200\.0 MiB · \d+%/);
  await expect(copy).toContainText('Copying');
  await expect(copy.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await page.locator('main').screenshot({ path: 'test-results/screenshots/copy-progress.png' });

  // The progress comes back after a reload: the server lists the copies it runs.
  await page.reload();
  await expect(copy).toBeVisible();
  await expect(copy).toContainText('Copied', { timeout: 60_000 });
  await expect(copy).toContainText('Copied to RegionTwo; the sha512 checksums match.');
  await expect(copy.getByRole('button', { name: 'Open in RegionTwo' })).toBeVisible();
  await page.locator('main').screenshot({ path: 'test-results/screenshots/copy-done.png' });

  // What RegionTwo's Glance holds: one copy, active, same size and hash as the data uploaded.
  const api = await glance();
  const copies = await api.copiesOf(source.id);
  expect(copies).toHaveLength(1);
  expect(copies[0]).toMatchObject({ name: 'web-1 golden (RegionTwo)', status: 'active', size: SIZE, os_hash_algo: 'sha512', os_hash_value: source.sha512, disk_format: 'qcow2', min_disk: 10, image_type: 'snapshot', hw_qemu_guest_agent: 'yes' });
  expect((await api.image('RegionOne', source.id)).os_hash_value).toBe(source.sha512);

  // Open in RegionTwo switches the session's region and opens the copy there.
  await copy.getByRole('button', { name: 'Open in RegionTwo' }).click();
  await expect(page).toHaveURL(new RegExp(`/images/${copies[0]!.id as string}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('web-1 golden (RegionTwo)');
  await expect(page.getByLabel('Region')).toHaveValue('RegionTwo');
});

test('a cancelled copy leaves nothing behind in RegionTwo', async ({ browser }) => {
  test.setTimeout(120_000);
  const source = await snapshot200('web-1 to cancel');
  const page = await signedInOn(browser, source.id);
  expect((await holdUpload(30_000)).status).toBe(201);
  await startCopy(page);
  const copy = page.getByRole('group', { name: 'Copy to RegionTwo' });
  await expect(copy.getByRole('progressbar', { name: 'Copy to RegionTwo' })).toBeVisible();
  expect(await (await glance()).copiesOf(source.id)).toHaveLength(1);

  await copy.getByRole('button', { name: 'Cancel' }).click();
  await expect(copy).toContainText('Cancelled. The unfinished image in RegionTwo was deleted.');
  await expect(copy.getByRole('progressbar')).toHaveCount(0);
  expect(await (await glance()).copiesOf(source.id)).toEqual([]);
});

test('an interrupted copy shows with Retry and Delete; Delete removes it', async ({ browser }) => {
  const source = await snapshot200('web-1 cut short');
  const api = await glance();
  // What a restart mid-copy leaves: a marked target still queued that no process runs.
  const left = await api.create('RegionTwo', { name: 'web-1 cut short', disk_format: 'qcow2', container_format: 'bare', [MARKER]: `RegionOne/${source.id}` });
  const page = await signedInOn(browser, source.id);
  const copy = page.getByRole('group', { name: 'Copy to RegionTwo' });
  await expect(copy).toContainText('Interrupted');
  await expect(copy.getByRole('button', { name: 'Retry' })).toBeVisible();
  await copy.getByRole('button', { name: 'Delete' }).click();
  await expect(copy).toHaveCount(0);
  expect(await api.copiesOf(source.id)).toEqual([]);
  await expect(page.getByText(left.id)).toHaveCount(0);
});
