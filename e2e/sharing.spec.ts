// Issue 15's end-to-end tests on the local cloud: demo shares a snapshot with alt-demo, alt
// accepts it and launches from it; Glance's refusals in words; Hide from lists, Protect and
// Show hidden.
import type { Page } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import { expect, signIn, test } from './fixtures/test';

const I = SEED.images;
const P = SEED.projects;
const SNAP = 'web-1-snapshot-weekly';

async function openShareDialog(page: Page, imageId: string) {
  await page.goto(`/images/${imageId}`);
  await page.getByRole('button', { name: 'Share with project' }).click();
  return page.getByRole('dialog', { name: /^Share .* with another project$/ });
}

test('demo shares a snapshot with alt-demo; alt accepts it in Shared with me and launches from it', async ({ page, cloud }) => {
  void cloud;
  await signIn(page);
  await expect(page).toHaveURL(/\/instances/);
  const dialog = await openShareDialog(page, I.web1Snapshot);
  await expect(dialog.getByText('Snapdeck cannot list other projects')).toBeVisible();
  await expect(dialog.getByText('Not shared with any project yet.')).toBeVisible();

  // Not a UUID: refused in the form, nothing sent.
  await dialog.getByLabel('Project ID').fill('alt-demo');
  await dialog.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(dialog.getByText('a project ID is a UUID')).toBeVisible();

  // demo belongs to alt-demo too: Keystone lets it name its own projects, so it can pick one.
  await dialog.getByRole('button', { name: 'alt-demo', exact: true }).click();
  await expect(dialog.getByLabel('Project ID')).toHaveValue(P.altDemo);
  await dialog.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'the image is now shared' })).toBeVisible();
  const memberRow = dialog.getByRole('row').filter({ hasText: P.altDemo });
  await expect(memberRow.getByRole('rowheader')).toContainText('alt-demo');
  await expect(memberRow.getByText('pending')).toBeVisible();
  await expect(dialog.getByText(`openstack image add project ${I.web1Snapshot} ${P.altDemo}`)).toBeVisible();
  await expect(dialog.getByText(`openstack image set --accept ${I.web1Snapshot}`)).toBeVisible();

  // Twice: Glance's 409 in words. Another project ID Glance never checks: shared, pending.
  await dialog.getByLabel('Project ID').fill(P.altDemo);
  await dialog.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(`Project ${P.altDemo} is already a member of this image.`);
  const unknown = 'f'.repeat(32);
  await dialog.getByLabel('Project ID').fill(unknown);
  await dialog.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(dialog.getByRole('row').filter({ hasText: unknown }).getByText('pending')).toBeVisible();
  await expect(dialog.getByText('Glance does not check that the project exists')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/sharing-dialog.png' });
  await dialog.getByRole('row').filter({ hasText: unknown }).getByRole('button', { name: 'Remove' }).click();
  await expect(dialog.getByRole('row').filter({ hasText: unknown })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // alt, in alt-demo: the image is in Shared with me, pending; not yet a launch source.
  await page.context().clearCookies();
  await signIn(page, { user: 'alt', password: 'alt', project: 'alt-demo' });
  await expect(page).toHaveURL(/\/instances/);
  await page.goto('/images');
  await page.getByRole('tab', { name: 'Shared with me' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: SNAP, exact: true }) });
  await expect(row.getByText('pending', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/shared-with-me.png' });
  await row.getByRole('button', { name: 'Accept' }).click();
  await expect(row.getByText('accepted', { exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Accept' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Reject' })).toBeVisible();

  // Its page shows the owner and read-only properties; the launch form offers it.
  await row.getByRole('link', { name: SNAP, exact: true }).click();
  await expect(page.getByText('Shared with your project by project demo')).toBeVisible();
  await expect(page.getByRole('switch', { name: 'QEMU guest agent' })).toBeDisabled();
  await page.goto('/launch');
  const source = page.getByLabel('Source', { exact: true });
  await expect(source.getByRole('option', { name: new RegExp(SNAP) })).toBeAttached();
  await source.selectOption(I.web1Snapshot);
  await page.getByLabel('Instance name').fill('from-shared');
  await page.getByLabel('Flavor').selectOption('d2-4');
  await page.getByLabel('Network').selectOption({ label: 'alt-private' });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page).toHaveURL(/\/instances\?highlight=/);
  const vm = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'from-shared', exact: true }) });
  await expect(vm.getByRole('cell').nth(1)).toHaveText(/^ACTIVE/, { timeout: 20_000 });
});

test('errors in words: a public image cannot be shared; the owner cannot accept for the other project', async ({ signedIn: page }) => {
  // demo does not own the public Debian image: no sharing panel at all.
  await page.goto(`/images/${I.debian12}`);
  await expect(page.getByRole('heading', { name: 'Debian 12' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Share with project' })).toHaveCount(0);
  // The API says why, in words.
  const refused = await page.request.post(`/api/images/${I.debian12}/members`, { data: { projectId: P.altDemo }, headers: { Origin: new URL(page.url()).origin } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toBe('Only the project that owns an image can share it.');
  const own = await page.request.put(`/api/images/${I.web1Snapshot}/membership`, { data: { status: 'accepted' }, headers: { Origin: new URL(page.url()).origin } });
  expect(own.status()).toBe(403);
  expect((await own.json()).error.message).toContain('the owner cannot do it for them');
});

test('Hide from lists and Protect on the image page and in bulk; Show hidden lists hidden images only', async ({ signedIn: page }) => {
  await page.goto(`/images/${I.web1Snapshot}`);
  const hide = page.getByRole('switch', { name: 'Hide from lists' });
  await hide.click();
  await expect(hide).toHaveAttribute('aria-checked', 'true');
  const protect = page.getByRole('switch', { name: 'Protect' });
  await protect.click();
  await expect(protect).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();

  await page.goto('/images');
  const link = page.getByRole('link', { name: SNAP, exact: true });
  await expect(page.getByRole('link', { name: 'Debian 12', exact: true })).toBeVisible();
  await expect(link).toHaveCount(0);
  await page.getByLabel('Show hidden').check();
  await expect(page).toHaveURL(/hidden=true/);
  await expect(link).toBeVisible();
  await expect(page.getByRole('link', { name: 'Debian 12', exact: true })).toHaveCount(0);

  // The launch form does not offer it unless asked by its ID.
  await page.goto('/launch');
  const source = page.getByLabel('Source', { exact: true });
  await expect(source.getByRole('option', { name: /Debian 12/ })).toBeAttached();
  await expect(source.getByRole('option', { name: new RegExp(SNAP) })).toHaveCount(0);

  // Bulk: back in lists, unprotected.
  await page.goto('/images?hidden=true');
  await page.getByRole('checkbox', { name: `Select ${SNAP}` }).check();
  await page.getByRole('button', { name: 'Show in lists' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 shown in lists, 0 failed.' })).toBeVisible();
  await page.getByLabel('Show hidden').uncheck();
  await expect(link).toBeVisible();
  await page.getByRole('checkbox', { name: `Select ${SNAP}` }).check();
  await page.getByRole('button', { name: 'Unprotect' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 unprotected, 0 failed.' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select Debian 12' }).check();
  await page.getByRole('button', { name: 'Protect', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '0 protected, 1 failed.' })).toBeVisible();
  await expect(page.getByText('You do not own this image (HTTP 403)')).toBeVisible();
});
