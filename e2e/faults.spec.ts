// Fault injection: what a user sees when the cloud misbehaves. The local cloud's faults
// (lib/localcloud/control/faults.ts) stand in for Nova, Glance and Keystone failing. For each fault
// the page says in words which service failed (no markup, JSON or stack), keeps what was
// typed, sends no POST twice, and works again once the fault is gone.
import type { Locator, Page } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import type { Cloud, FaultAction } from './fixtures/cloud';
import { expect, test } from './fixtures/test';

// Fault paths in their literal form: ^ and $ anchor, \. is a dot.
const NOVA_LIST = '^/compute/v2\\.1/servers/detail$';
const NOVA_BOOT = '^/compute/v2\\.1/servers$';
const novaAction = (id: string) => `^/compute/v2\\.1/servers/${id}/action$`;
const GLANCE_LIST = '^/image/v2/images$';
const KEYSTONE_TOKENS = '^/identity/v3/auth/tokens$';

// Above SNAPDECK_UPSTREAM_TIMEOUT_MS as playwright.config.ts sets it for the e2e server.
const LATE_MS = 6_000;

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

/** An alert may hold words only: no markup, no JSON, no stack trace, no proxy signature. */
async function expectPlainWords(alert: Locator) {
  const text = await alert.innerText();
  expect(text).not.toMatch(/[<>{}]|&lt;|\bnginx\b|Traceback|\bat \S+ \(\S+:\d+:\d+\)|\[object Object\]|\bundefined\b/);
}

/** Statuses of Snapdeck's own API answers: a fault upstream must never be a 500 here. */
function watchApi(page: Page): number[] {
  const statuses: number[] = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/api/')) statuses.push(res.status());
  });
  return statuses;
}

/** Waits until `n` requests to `path` whose query contains `query` reached the cloud. */
async function waitForCalls(cloud: Cloud, since: number, method: string, path: string, query: string, n: number) {
  await expect
    .poll(async () => (await cloud.requests({ since, method, path })).filter((r) => r.path === path && r.query.includes(query)).length, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(n);
}

const exactly = async (cloud: Cloud, since: number, method: string, path: string) =>
  (await cloud.requests({ since, method, path })).filter((r) => r.path === path);

interface Fault {
  fault: string;
  action: FaultAction;
  says: RegExp;
}

// ---------------------------------------------------------------- Instances: Nova's list

const NOVA_LIST_FAULTS: Fault[] = [
  { fault: '500', action: { type: 'status', status: 500 }, says: /The compute service \(Nova\) failed \(500\)/ },
  { fault: '503', action: { type: 'status', status: 503 }, says: /The compute service \(Nova\) failed \(503\): The server is currently unavailable/ },
  { fault: 'malformed JSON', action: { type: 'malformed-json' }, says: /The compute service \(Nova\) sent an answer Snapdeck could not read/ },
  { fault: 'a reset connection', action: { type: 'reset' }, says: /The compute service \(Nova\) could not be reached/ },
  { fault: 'latency past the timeout', action: { type: 'latency', ms: LATE_MS }, says: /The compute service \(Nova\) did not answer in time/ },
];

for (const { fault, action, says } of NOVA_LIST_FAULTS) {
  test(`Instances, Nova's list fails with ${fault}: said in words, the filter still works and keeps its text, rows come back`, async ({ signedIn: page, cloud }) => {
    if (action.type === 'latency') test.setTimeout(90_000);
    const api = watchApi(page);
    await expect(row(page, 'web-1')).toBeVisible();
    await cloud.fault({ method: 'GET', path: NOVA_LIST, times: null, action });
    let since = await cloud.lastSeq();
    await page.reload();

    const alert = page.getByRole('alert').filter({ hasText: 'The instances could not be loaded' });
    await expect(alert).toContainText(says, { timeout: 20_000 });
    await expectPlainWords(alert);
    await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible();
    // A GET may be retried once, no more.
    if (action.type !== 'latency') expect((await exactly(cloud, since, 'GET', '/compute/v2.1/servers/detail')).length).toBeLessThanOrEqual(2);

    // The page still takes input: filtering asks Nova again (and fails again).
    since = await cloud.lastSeq();
    const filter = page.getByRole('searchbox', { name: 'Filter by name' });
    await filter.fill('web');
    await expect(page).toHaveURL(/[?&]name=web/);
    await waitForCalls(cloud, since, 'GET', '/compute/v2.1/servers/detail', 'name=web', 2);
    await expect(alert).toContainText(says, { timeout: 20_000 });

    await cloud.clearFaults();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(row(page, 'web-1')).toBeVisible();
    await expect(row(page, 'db-1')).toHaveCount(0);
    await expect(alert).toHaveCount(0);
    await expect(filter).toHaveValue('web');
    expect(api.filter((s) => s === 500)).toEqual([]);
  });
}

// ----------------------------------------------------------------- Images: Glance's list

const GLANCE_LIST_FAULTS: Fault[] = [
  { fault: '500', action: { type: 'status', status: 500 }, says: /The image service \(Glance\) failed \(500\)/ },
  { fault: '503', action: { type: 'status', status: 503 }, says: /The image service \(Glance\) failed \(503\): The server is currently unavailable/ },
  { fault: 'a proxy\'s HTML error page', action: { type: 'html', status: 502 }, says: /The image service \(Glance\) failed \(502\)/ },
  { fault: 'malformed JSON', action: { type: 'malformed-json' }, says: /The image service \(Glance\) sent an answer Snapdeck could not read/ },
];

for (const { fault, action, says } of GLANCE_LIST_FAULTS) {
  test(`Images, Glance's list fails with ${fault}: said in words, the tabs still work, rows come back on Retry`, async ({ signedIn: page, cloud }) => {
    const api = watchApi(page);
    await cloud.fault({ method: 'GET', path: GLANCE_LIST, times: null, action });
    let since = await cloud.lastSeq();
    await page.goto('/images');

    const alert = page.getByRole('alert').filter({ hasText: 'The images could not be listed' });
    await expect(alert).toContainText(says);
    await expectPlainWords(alert);
    // A GET may be retried once, no more (id=in: lookups are the Instances page's, still finishing).
    const lists = (await exactly(cloud, since, 'GET', '/image/v2/images')).filter((r) => !decodeURIComponent(r.query).includes('id=in:'));
    expect(lists.length).toBeLessThanOrEqual(2);

    // Another tab is another Glance list: it fails the same way, and the page goes on.
    since = await cloud.lastSeq();
    await page.getByRole('tab', { name: 'Snapshots' }).click();
    await expect(page).toHaveURL(/tab=snapshots/);
    await waitForCalls(cloud, since, 'GET', '/image/v2/images', 'image_type=snapshot', 2);
    await expect(alert).toContainText(says);

    await cloud.clearFaults();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('tabpanel').getByRole('row', { name: /web-1-snapshot-weekly/ })).toBeVisible();
    await expect(alert).toHaveCount(0);
    expect(api.filter((s) => s === 500)).toEqual([]);
  });
}

// ------------------------------------------------------ Create snapshot: Nova's createImage

const createImagePosts = (cloud: Cloud, since: number) => exactly(cloud, since, 'POST', `/compute/v2.1/servers/${SEED.servers.web1}/action`);

const SNAPSHOT_FAULTS: Fault[] = [
  { fault: '500', action: { type: 'status', status: 500 }, says: /The compute service \(Nova\) failed \(500\)/ },
  { fault: 'a reset connection', action: { type: 'reset' }, says: /The compute service \(Nova\) could not be reached/ },
];

for (const { fault, action, says } of SNAPSHOT_FAULTS) {
  test(`Create snapshot, Nova fails with ${fault}: one POST, the name and metadata stay, Create works once Nova is back`, async ({ signedIn: page, cloud }) => {
    const api = watchApi(page);
    await cloud.fault({ method: 'POST', path: novaAction(SEED.servers.web1), times: 1, action });
    await row(page, 'web-1').getByRole('button', { name: 'Create snapshot of web-1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create snapshot' });
    await dialog.getByLabel('Snapshot name').fill('web-1 before the fault');
    await dialog.getByRole('button', { name: 'Add metadata' }).click();
    await dialog.getByLabel('Metadata key 1').fill('purpose');
    await dialog.getByLabel('Metadata value 1').fill('fault e2e');

    const since = await cloud.lastSeq();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText(says);
    await expectPlainWords(alert);
    await expect(dialog.getByLabel('Snapshot name')).toHaveValue('web-1 before the fault');
    await expect(dialog.getByLabel('Metadata key 1')).toHaveValue('purpose');
    await expect(dialog.getByLabel('Metadata value 1')).toHaveValue('fault e2e');
    // Never retried: a second createImage could make a second snapshot.
    expect((await createImagePosts(cloud, since)).length).toBe(1);

    // The fault was for one request: the same dialog now goes through.
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('table').getByRole('group', { name: 'Snapshot of web-1' })).toBeVisible();
    expect((await createImagePosts(cloud, since)).map((r) => r.status)).toEqual([500, 202]);
    expect(api.filter((s) => s === 500)).toEqual([]);
  });
}

test('Create snapshot, Nova takes it but answers malformed JSON: one POST, the dialog says it may have started, the Images page shows it', async ({ signedIn: page, cloud }) => {
  const api = watchApi(page);
  // The request reaches Nova and the snapshot starts; only the answer is cut short.
  await cloud.fault({ method: 'POST', path: novaAction(SEED.servers.web1), times: 1, action: { type: 'malformed-json' } });
  await row(page, 'web-1').getByRole('button', { name: 'Create snapshot of web-1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create snapshot' });
  await dialog.getByLabel('Snapshot name').fill('web-1 garbled answer');
  const since = await cloud.lastSeq();
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('The compute service (Nova) sent an answer Snapdeck could not read');
  await expect(alert).toContainText('Nova may have started it anyway');
  await expect(alert).not.toContainText('did not take');
  await expectPlainWords(alert);
  await expect(dialog.getByLabel('Snapshot name')).toHaveValue('web-1 garbled answer');
  expect((await createImagePosts(cloud, since)).length).toBe(1);

  // Where the message sends the user: the snapshot is there, from that one POST.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).click();
  await page.getByRole('tab', { name: 'Snapshots' }).click();
  await expect(page.getByRole('tabpanel').getByRole('row', { name: /web-1 garbled answer/ })).toBeVisible();
  expect((await createImagePosts(cloud, since)).length).toBe(1);
  expect(api.filter((s) => s === 500)).toEqual([]);
});

// ------------------------------------------------------------- Launch: Nova's createServer

async function fillLaunchForm(page: Page, name: string) {
  await page.goto(`/launch?source=${SEED.images.debian12}`);
  await page.getByLabel('Instance name').fill(name);
  await page.getByLabel('Flavor').selectOption('d2-2');
  await page.getByLabel('Network').selectOption({ label: 'demo-private' });
  await page.getByLabel('Key pair').selectOption('demo-key');
  await page.getByLabel('Count').fill('2');
  await page.getByLabel('Install QEMU guest agent').check();
  await page.getByLabel('User data').fill('#!/bin/sh\necho hello\n');
}

async function expectLaunchFormKept(page: Page, name: string) {
  await expect(page).toHaveURL(/\/launch/);
  await expect(page.getByLabel('Instance name')).toHaveValue(name);
  await expect(page.getByLabel('Source', { exact: true })).toHaveValue(SEED.images.debian12);
  await expect(page.getByLabel('Flavor')).toHaveValue('d2-2');
  await expect(page.getByLabel('Network')).toHaveValue(SEED.networks.demoPrivate);
  await expect(page.getByLabel('Key pair')).toHaveValue('demo-key');
  await expect(page.getByLabel('Count')).toHaveValue('2');
  await expect(page.getByLabel('Install QEMU guest agent')).toBeChecked();
  await expect(page.getByLabel('User data')).toHaveValue('#!/bin/sh\necho hello\n');
}

const bootPosts = (cloud: Cloud, since: number) => exactly(cloud, since, 'POST', '/compute/v2.1/servers');

test('Launch, Nova answers 503: one POST, every value stays, Launch works once Nova is back', async ({ signedIn: page, cloud }) => {
  const api = watchApi(page);
  await cloud.fault({ method: 'POST', path: NOVA_BOOT, times: 1, action: { type: 'status', status: 503 } });
  await fillLaunchForm(page, 'fault-503');
  const since = await cloud.lastSeq();
  await page.getByRole('button', { name: 'Launch', exact: true }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'The compute service (Nova)' });
  await expect(alert).toContainText(/The compute service \(Nova\) failed \(503\): The server is currently unavailable/);
  await expectPlainWords(alert);
  await expectLaunchFormKept(page, 'fault-503');
  expect((await bootPosts(cloud, since)).map((r) => r.status)).toEqual([503]);

  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page).toHaveURL(/\/instances\?highlight=/);
  for (const name of ['fault-503-1', 'fault-503-2']) await expect(row(page, name)).toBeVisible();
  expect((await bootPosts(cloud, since)).map((r) => r.status)).toEqual([503, 202]);
  expect(api.filter((s) => s === 500)).toEqual([]);
});

test('Launch, Nova boots but its answer is malformed JSON: one POST, every value stays, the user is told to look before launching again', async ({ signedIn: page, cloud }) => {
  const api = watchApi(page);
  // Nova did the work and its 202 came back cut short: the instances exist.
  await cloud.fault({ method: 'POST', path: NOVA_BOOT, times: 1, action: { type: 'malformed-json', status: 202 } });
  await fillLaunchForm(page, 'fault-garbled');
  const since = await cloud.lastSeq();
  await page.getByRole('button', { name: 'Launch', exact: true }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'The compute service (Nova)' });
  await expect(alert).toContainText('The compute service (Nova) sent an answer Snapdeck could not read');
  await expect(alert).toContainText('may have been created');
  await expect(alert).not.toContainText('was not launched');
  await expectPlainWords(alert);
  await expectLaunchFormKept(page, 'fault-garbled');
  expect((await bootPosts(cloud, since)).length).toBe(1);

  // Where the message sends the user: the instances are there, booted by that one POST.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instances' }).click();
  for (const name of ['fault-garbled-1', 'fault-garbled-2']) await expect(row(page, name)).toBeVisible();
  expect((await bootPosts(cloud, since)).length).toBe(1);
  expect(api.filter((s) => s === 500)).toEqual([]);
});

// ------------------------------------------------------------------ Sign-in: Keystone down

const KEYSTONE_FAULTS: Fault[] = [
  { fault: '503', action: { type: 'status', status: 503 }, says: /The identity service \(Keystone\) failed \(503\): The server is currently unavailable/ },
  { fault: 'a reset connection', action: { type: 'reset' }, says: /The identity service \(Keystone\) could not be reached/ },
];

for (const { fault, action, says } of KEYSTONE_FAULTS) {
  test(`Sign-in while Keystone fails with ${fault}: said in words, the user name stays, sign-in works when Keystone is back`, async ({ page, cloud }) => {
    const api = watchApi(page);
    await cloud.fault({ method: 'POST', path: KEYSTONE_TOKENS, times: null, action });
    await page.goto('/login');
    await page.getByLabel('User name').fill('demo');
    await page.getByLabel('Password').fill('demo');
    await page.getByLabel('Domain').fill('Default');
    await page.getByLabel('Project').fill('demo');
    const since = await cloud.lastSeq();
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await expect(alert).toContainText(says);
    await expectPlainWords(alert);
    await expect(alert).not.toContainText('not valid');
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByLabel('User name')).toHaveValue('demo');
    await expect(page.getByLabel('Project')).toHaveValue('demo');
    expect((await page.context().cookies()).find((c) => c.name === 'snapdeck_session')).toBeUndefined();
    expect((await exactly(cloud, since, 'POST', '/identity/v3/auth/tokens')).length).toBe(1);

    await cloud.clearFaults();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/instances$/);
    await expect(row(page, 'web-1')).toBeVisible();
    expect(api.filter((s) => s === 500)).toEqual([]);
  });
}
