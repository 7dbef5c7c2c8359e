// Signing in to Horizon in the bench's browser, as a user would: its sign-in form, then its
// project switcher's URL, so the session is in the given project whatever Horizon chose first.
import type { BrowserContext } from '@playwright/test';

export async function signInToHorizon(context: BrowserContext, horizonUrl: string, creds: { username: string; password: string; projectId: string }): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`${horizonUrl}/auth/login/`);
    await page.getByLabel('User Name').fill(creds.username);
    await page.getByLabel('Password', { exact: true }).fill(creds.password);
    // Horizon's button has no name of its own to find it by in every locale: its id
    await page.locator('#loginBtn').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/auth/login'), { timeout: 60_000 });
    await page.goto(`${horizonUrl}/auth/switch/${creds.projectId}/?next=/project/instances/`, { timeout: 60_000 });
    if (new URL(page.url()).pathname !== '/project/instances/') {
      throw new Error(`Horizon: switching to project ${creds.projectId} ended on ${page.url()}`);
    }
  } finally {
    await page.close();
  }
}
