import type { Page } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import { CLOUD_URL } from './fixtures/cloud';
import { expect, signIn, test } from './fixtures/test';

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

test('lists the project\'s instances with status, task, flavor, image and consistency', async ({ signedIn: page }) => {
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: 'web-1', exact: true })).toBeVisible();
  for (const name of ['web-1', 'db-1', 'app-1', 'legacy-1', 'batch-1', 'vol-1']) await expect(row(page, name)).toHaveCount(1);
  await expect(table.getByRole('link', { name: 'alt-1' })).toHaveCount(0);

  const web = row(page, 'web-1');
  await expect(web.getByRole('cell').nth(1)).toHaveText('ACTIVE');
  await expect(web).toContainText('Running');
  await expect(web.getByRole('link', { name: 'Debian 12' })).toHaveAttribute('href', `/images/${SEED.images.debian12}`);
  await expect(web).toContainText('d2-4');
  await expect(web).toContainText('2 vCPU · 4000 MiB · 50 GB');
  await expect(web).toContainText('57.128.10.21');
  await expect(web.getByRole('button', { name: 'No agent channel' })).toBeVisible();
  await expect(row(page, 'db-1').getByRole('button', { name: 'Agent channel', exact: true })).toBeVisible();
  await expect(row(page, 'legacy-1').getByRole('button', { name: 'Agent channel (quiesce required)' })).toBeVisible();
  await expect(row(page, 'batch-1')).toContainText('SHUTOFF');
  await expect(row(page, 'batch-1')).toContainText('Shut down');

  // app-1 booted before its image got hw_qemu_guest_agent: the tooltip says what that means.
  const changed = row(page, 'app-1').getByRole('button', { name: 'Image changed since launch' });
  await changed.hover();
  const tip = row(page, 'app-1').getByRole('tooltip');
  await expect(tip).toContainText('still runs with the properties it was booted with');
  await expect(tip).toContainText('set hw_qemu_guest_agent=yes on the snapshot');
  await expect(tip.getByRole('link', { name: 'Consistency guide' })).toHaveAttribute('href', '/guide/consistency');
  // The same words are each label's accessible description, without opening anything.
  await expect(changed).toHaveAccessibleDescription(/still runs with the properties it was booted with/);
  const noChannel = page.getByRole('button', { name: 'No agent channel' });
  expect(await noChannel.count()).toBeGreaterThan(1);
  for (const b of await noChannel.all()) await expect(b).toHaveAccessibleDescription(/cannot freeze the file systems; it is disk-only/);

  await expect(page.getByRole('link', { name: 'Launch instance' }).first()).toHaveAttribute('href', '/launch');
  await page.mouse.move(0, 0);
  await expect(tip).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/instances.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screenshots/instances-dark.png' });
});

test('Create snapshot is disabled with the reason while a task runs, and on a SHUTOFF row it is allowed', async ({ signedIn: page }) => {
  await setServer(SEED.servers.web1, { taskState: 'image_uploading' });
  await page.reload();
  const button = page.getByRole('button', { name: 'Create snapshot of web-1' });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('title', /A task is running: Uploading image/);
  await expect(button).toHaveAccessibleDescription(/Uploading image/);
  await expect(page.getByRole('button', { name: 'Create snapshot of batch-1' })).toBeEnabled();
});

test('filters by status and name through Nova, sorts by name, and keeps the view in the URL', async ({ signedIn: page, cloud }) => {
  // The table comes from the browser's own fetch: once it shows, the page is interactive.
  await expect(page.getByRole('table').getByRole('link', { name: 'web-1' })).toBeVisible();
  const since = await cloud.lastSeq();
  await page.getByLabel('Status').selectOption('SHUTOFF');
  await expect(page).toHaveURL(/status=SHUTOFF/);
  await expect(page.getByRole('table').getByRole('link', { name: 'batch-1' })).toBeVisible();
  await expect(page.getByRole('table').getByRole('link', { name: 'web-1' })).toHaveCount(0);
  const filtered = await cloud.requests({ since, service: 'compute', path: '/servers/detail' });
  expect(filtered.some((r) => r.query.includes('status=SHUTOFF'))).toBe(true);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Filter by name').fill('db');
  await expect(page).toHaveURL(/name=db/);
  await expect(page.getByRole('table').getByRole('link')).toHaveText(['db-1', 'debian12-agent-template']);

  await page.getByLabel('Filter by name').fill('');
  await expect(page.getByRole('table').getByRole('link', { name: 'web-1' })).toBeVisible();
  await page.getByRole('button', { name: 'Name' }).click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  const names = page.getByRole('table').locator('tbody tr td:first-child a');
  await expect(names).toHaveText(['app-1', 'batch-1', 'db-1', 'legacy-1', 'vol-1', 'web-1']);
  await page.reload();
  await expect(names).toHaveText(['app-1', 'batch-1', 'db-1', 'legacy-1', 'vol-1', 'web-1']);
});

test('pages with Nova\'s marker', async ({ page, cloud }) => {
  await cloud.reset({ servers: 30 });
  await signIn(page);
  await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(20);
  const first = await page.getByRole('table').locator('tbody tr td:first-child a').allTextContents();
  const since = await cloud.lastSeq();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('Page 2')).toBeVisible();
  // 30 added and demo's 6 seeded instances (vol-1 among them).
  await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(16);
  const second = await page.getByRole('table').locator('tbody tr td:first-child a').allTextContents();
  expect(second.filter((n) => first.includes(n))).toEqual([]);
  const listed = await cloud.requests({ since, path: '/servers/detail' });
  expect(listed.at(-1)?.query).toMatch(/marker=/);
  await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByRole('table').locator('tbody tr td:first-child a')).toHaveText(first);
});

test('highlights just-launched instances and refreshes them until ACTIVE', async ({ signedIn: page }) => {
  await setServer(SEED.servers.web1, { vmState: 'building', taskState: 'spawning' });
  await page.goto(`/instances?highlight=${SEED.servers.web1},${SEED.servers.db1}`);
  const web = row(page, 'web-1');
  await expect(web.getByText('New', { exact: true })).toBeVisible();
  await expect(web).toHaveAccessibleDescription('New');
  await expect(web.getByRole('cell').nth(1)).toHaveText('BUILD');
  // No reload: the 2 s refresh picks up the change.
  await setServer(SEED.servers.web1, { vmState: 'active', taskState: null });
  await expect(web.getByRole('cell').nth(1)).toHaveText('ACTIVE', { timeout: 6_000 });
  await expect(row(page, 'batch-1').getByText('New', { exact: true })).toHaveCount(0);
});

test('one page load makes the same upstream calls with 100 images and with 10,000: Nova\'s list, one Glance look-up and, for vol-1, one Cinder list; no token', async ({ page, cloud }) => {
  const counts: Record<string, Record<string, number>> = {};
  const api: Record<string, string[]> = {};
  for (const images of [100, 10_000]) {
    await cloud.reset({ images });
    await signIn(page);
    await expect(page.getByRole('table').getByRole('link', { name: 'web-1' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const since = await cloud.lastSeq();
    const fromBrowser: string[] = [];
    const onRequest = (r: { url: () => string }) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) fromBrowser.push(u.pathname);
    };
    page.on('request', onRequest);
    await page.reload();
    await expect(page.getByRole('table').getByRole('link', { name: 'web-1' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    page.off('request', onRequest);
    const calls = await cloud.requests({ since });
    const glance = calls.filter((c) => c.service === 'image');
    expect(glance.every((c) => c.query.includes('id=in%3A') || c.query.includes('id=in:'))).toBe(true);
    counts[String(images)] = Object.fromEntries(['identity', 'compute', 'image', 'network', 'volume'].map((s) => [s, calls.filter((c) => c.service === s).length]));
    api[String(images)] = fromBrowser;
  }
  console.log(`upstream calls per Instances page load: ${JSON.stringify(counts)}`);
  expect(counts['10000']).toEqual(counts['100']);
  // The session holds the token: Keystone is never asked to draw a page.
  expect(counts['100']).toEqual({ identity: 0, compute: 1, image: 1, network: 0, volume: 1 });
  // The rows came in the HTML: the browser did not ask for them again. It asks only for the
  // schedules' health (the failed-backup badges), after the rows are shown (React Query may ask
  // twice when the first answer comes back while the page settles: a Mistral call, not a row).
  const asked = api['100'] ?? [];
  expect(asked.filter((p) => p !== '/api/schedules/health')).toEqual([]);
  expect(asked).toContain('/api/schedules/health');
});

test('the first page of rows is in the HTML: readable with JavaScript disabled', async ({ browser, page, cloud }) => {
  await cloud.reset();
  await signIn(page);
  await expect(page.getByRole('table').getByRole('link', { name: 'web-1' })).toBeVisible();
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const noJs = await context.newPage();
    await noJs.goto('/instances');
    await expect(noJs.getByRole('heading', { level: 1, name: 'Instances' })).toBeVisible();
    await expect(row(noJs, 'web-1').getByRole('cell').nth(1)).toHaveText('ACTIVE');
    for (const name of ['web-1', 'db-1', 'app-1', 'legacy-1', 'batch-1', 'vol-1']) await expect(row(noJs, name)).toHaveCount(1);
    await expect(noJs.getByText('Loading instances')).toHaveCount(0);
    await noJs.goto('/images?tab=snapshots');
    await expect(noJs.getByRole('link', { name: 'web-1-snapshot-weekly', exact: true })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('the instance detail shows fields, image consistency, console output and snapshots', async ({ signedIn: page }) => {
  await page.getByRole('link', { name: 'web-1', exact: true }).click();
  await expect(page).toHaveURL(`/instances/${SEED.servers.web1}`);
  await expect(page.getByRole('heading', { level: 1, name: 'web-1' })).toBeVisible();
  const overview = page.getByRole('region', { name: 'Overview' });
  await expect(overview).toContainText(SEED.servers.web1);
  await expect(overview).toContainText('demo-key');
  const image = page.getByRole('region', { name: 'Image and consistency' });
  await expect(image.getByRole('link', { name: 'Debian 12' })).toBeVisible();
  await expect(image).toContainText('No agent channel.');
  await expect(page.getByRole('region', { name: 'Console output' }).getByLabel('Console output')).toContainText('web-1 login:');
  const snaps = page.getByRole('region', { name: 'Snapshots of this instance' });
  await expect(snaps.getByRole('link', { name: 'web-1-snapshot-weekly' })).toHaveAttribute('href', `/images/${SEED.images.web1Snapshot}`);
  await expect(snaps).toContainText('Crash-consistent');
  await expect(snaps.getByRole('link', { name: 'Snapshots on the Images page' })).toHaveAttribute('href', `/images?tab=snapshots&instance_uuid=${SEED.servers.web1}`);
  await page.screenshot({ path: 'test-results/screenshots/instances-detail.png', fullPage: true });
});

test('a detail page for an instance that does not exist says so', async ({ signedIn: page }) => {
  await page.goto('/instances/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('alert').filter({ hasText: 'This instance does not exist' })).toContainText('deleted, or it belongs to another project');
});

async function setServer(id: string, patch: Record<string, unknown>) {
  const res = await fetch(`${CLOUD_URL}/__admin/servers/${id}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) });
  expect(res.ok, await res.clone().text()).toBe(true);
}
