// What the Zed journeys share: the cloud's address, a demo connection (with Cinder's endpoint
// and microversion, as the app's session holds them), the sign-in and a table row by its link.
import { expect, type Page } from '@playwright/test';
import type { Connection } from '../lib/openstack/client';
import { OpenStackError } from '../lib/openstack/errors';
import { regionsOf, workflowEndpointFor } from '../lib/openstack/identity/catalog';
import { connect } from '../lib/openstack/testing/connect';
import { volumeEndpointFor } from '../lib/openstack/volume/endpoint';
import { negotiateVolumeMicroversion } from '../lib/openstack/volume/version';
import { waitFor } from '../lib/openstack/testing/wait-for';

export const AUTH_URL = process.env.SNAPDECK_ZED_AUTH_URL ?? 'http://127.0.0.1:5000/v3';

/** demo in project demo; with `volume` also Cinder's endpoint and negotiated microversion,
 * with `workflow` Mistral's endpoint. */
export async function connectDemo(opts: { volume?: boolean; workflow?: boolean } = {}): Promise<Connection> {
  const { token, conn } = await connect({ authUrl: AUTH_URL, username: 'demo', password: 'demo', projectName: 'demo' });
  if (opts.workflow) {
    const workflow = workflowEndpointFor(token.catalog, { region: regionsOf(token.catalog)[0] ?? '', interface: 'public' });
    if (!workflow) throw new Error('the Zed catalog has no workflow service (workflowv2): run scripts/zed-cloud/up');
    return { ...conn, endpoints: { ...conn.endpoints, workflow } };
  }
  if (!opts.volume) return conn;
  const volume = volumeEndpointFor(token.catalog, { region: regionsOf(token.catalog)[0] ?? '', interface: 'public' });
  if (!volume) throw new Error('the Zed catalog has no block storage (block-storage / volumev3): run scripts/zed-cloud/up');
  return { ...conn, endpoints: { ...conn.endpoints, volume }, volumeMicroversion: await negotiateVolumeMicroversion({ token: conn.token, volumeUrl: volume }) };
}

export const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

export const ignore404 = (err: unknown) => {
  if (!(err instanceof OpenStackError && err.is(404))) throw err;
};

/** True once `get` answers 404, false while it answers; other failures are thrown. */
export const isGone = (get: Promise<unknown>): Promise<boolean> =>
  get.then(() => false, (err: unknown) => {
    ignore404(err);
    return true;
  });

/** Polls until `get` answers 404 (a real cloud deletes in the background). */
export const waitGone = (what: string, get: () => Promise<unknown>, timeoutMs = 120_000) =>
  waitFor(() => isGone(get()), { what: `${what} to be gone`, timeoutMs, intervalMs: 500 });

/** demo/demo through the sign-in form (prefilled from OS_* but for the password). */
export async function signIn(page: Page): Promise<void> {
  await page.goto('/login');
  await expect(page.getByLabel('User name')).toHaveValue('demo');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/instances/);
}
