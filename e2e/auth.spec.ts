import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures/test';

/** The project list is read when the switcher is first focused, which it can be once
 * hydrated (before that it is disabled). */
async function focusProjects(page: Page) {
  const select = page.getByRole('combobox', { name: 'Project' });
  await expect(select).toBeEnabled();
  await select.focus();
}

test('signs in as demo/demo and lands on Instances', async ({ page, cloud }) => {
  void cloud;
  await signIn(page);
  await expect(page).toHaveURL(/\/instances$/);
  await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Project' })).toHaveValue(/.+/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' })).toBeVisible();
});

test('a wrong password shows a message that does not say which field, and sets no cookie', async ({ page, cloud }) => {
  void cloud;
  await signIn(page, { password: 'wrong' });
  const alert = page.getByRole('alert').filter({ hasText: /\S/ });
  await expect(alert).toContainText('not valid');
  await expect(alert).not.toContainText(/password is wrong|unknown user/i);
  await expect(page).toHaveURL(/\/login/);
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'snapdeck_session')).toBeUndefined();
});

test('switching project rescopes the session', async ({ signedIn: page }) => {
  const select = page.getByRole('combobox', { name: 'Project' });
  // The list is asked for when the switcher is first focused or hovered, never to draw a page.
  await expect(select.locator('option')).toHaveCount(1);
  await focusProjects(page);
  await expect(select.locator('option', { hasText: 'alt-demo' })).toHaveCount(1);
  await select.selectOption({ label: 'alt-demo' });
  await expect(page.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText('alt-demo');
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText('alt-demo');
});

test('signing out revokes the token in Keystone and the old cookie is refused', async ({ signedIn: page, cloud }) => {
  const before = await page.context().cookies();
  const session = before.find((c) => c.name === 'snapdeck_session');
  expect(session).toBeDefined();
  const since = await cloud.lastSeq();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  const revocations = await cloud.requests({ since, method: 'DELETE', path: '/identity/v3/auth/tokens' });
  expect(revocations.map((r) => r.status)).toEqual([204]);
  expect((await page.context().cookies()).find((c) => c.name === 'snapdeck_session')).toBeUndefined();

  // Replaying the old cookie: Keystone refuses the revoked token, so the app does too.
  await page.context().addCookies([session!]);
  const res = await page.request.get('/api/auth/projects');
  expect(res.status()).toBe(401);
});

test('an expired token sends the user to sign in and back where they were', async ({ signedIn: page, cloud }) => {
  await page.goto('/images');
  await cloud.expireAllTokens();
  await page.reload();
  await expect(page).toHaveURL(/\/login\?next=%2Fimages/);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/images$/);
});

test('no response to the browser carries the cloud token (sentinel over a whole session)', async ({ page, cloud }) => {
  const seen: string[] = [];
  page.on('response', async (res) => {
    const headers = Object.entries(await res.allHeaders()).map(([k, v]) => `${k}: ${v}`).join('\n');
    let body = '';
    try {
      body = (await res.body()).toString('latin1');
    } catch {
      body = ''; // redirects and aborted loads have no body
    }
    seen.push(`${res.url()}\n${headers}\n\n${body}`);
  });
  await signIn(page);
  await expect(page).toHaveURL(/\/instances$/);
  for (const path of ['/instances', '/images', '/images?tab=snapshots', '/guide/consistency']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  await focusProjects(page);
  await page.getByRole('combobox', { name: 'Project' }).selectOption({ label: 'alt-demo' });
  await expect(page.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText('alt-demo');
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  expect(seen.length).toBeGreaterThan(10);
  const scan = await cloud.tokensIn(seen.join('\n'));
  expect(scan.tokens).toBeGreaterThanOrEqual(2); // the sign-in token and the rescoped one
  expect(scan.found).toBe(0);
});

test('after sign-in, a project switch and sign-out, the cloud holds no live token for the user', async ({ signedIn: page, cloud }) => {
  await focusProjects(page);
  await page.getByRole('combobox', { name: 'Project' }).selectOption({ label: 'alt-demo' });
  await expect(page.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText('alt-demo');
  expect(await cloud.activeTokens('demo')).toBe(1);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  expect(await cloud.activeTokens('demo')).toBe(0);
});

test('every sign-in sets a new HttpOnly, SameSite=Lax cookie', async ({ page, cloud }) => {
  void cloud;
  const cookie = async () => (await page.context().cookies()).find((c) => c.name === 'snapdeck_session');
  await signIn(page);
  await expect(page).toHaveURL(/\/instances$/);
  const first = await cookie();
  expect(first).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
  expect(first!.expires).toBeGreaterThan(Date.now() / 1000);
  await signIn(page);
  await expect(page).toHaveURL(/\/instances$/);
  expect((await cookie())!.value).not.toBe(first!.value);
});

for (const next of ['/\n/evil.example', '/.//evil.example', '//evil.example', '/\\evil.example', 'https://evil.example/']) {
  test(`sign-in with next=${JSON.stringify(next)} stays on the app`, async ({ page, cloud }) => {
    void cloud;
    await signIn(page, { next });
    await expect(page).toHaveURL(/^http:\/\/[^/]+\/instances$/);
  });
}

test('sign-in goes back to a same-origin next with its query', async ({ page, cloud }) => {
  void cloud;
  await signIn(page, { next: '/images?tab=snapshots' });
  await expect(page).toHaveURL(/\/images\?tab=snapshots$/);
});

test('a cross-site form cannot sign the browser in (login CSRF) nor act for a signed-in user', async ({ signedIn: page, cloud, baseURL }) => {
  const since = await cloud.lastSeq();
  const evil = 'http://evil.example/';
  await page.route(`${evil}**`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>evil</title>
      <form id="login" method="post" enctype="text/plain" action="${baseURL}/api/auth/login">
        <input name='{"username":"alt","password":"alt","domain":"Default","project":"alt-demo","x":"' value='"}'>
      </form>
      <form id="snap" method="post" enctype="text/plain" action="${baseURL}/api/servers/00000000-0000-4000-8000-000000000000/snapshots">
        <input name='{"name":"pwned","x":"' value='"}'>
      </form>`,
  }));
  const before = (await page.context().cookies()).find((c) => c.name === 'snapdeck_session')!.value;
  for (const form of ['login', 'snap']) {
    await page.goto(evil);
    const answer = page.waitForResponse((r) => r.url().startsWith(baseURL!));
    await page.locator(`#${form}`).evaluate((f: HTMLFormElement) => f.submit());
    expect((await answer).status()).toBe(403);
    await page.waitForURL(`${baseURL}/api/**`);
  }
  // Still demo's session, and nothing reached the cloud.
  expect((await page.context().cookies()).find((c) => c.name === 'snapdeck_session')!.value).toBe(before);
  expect((await cloud.requests({ since })).filter((r) => r.method !== 'GET')).toEqual([]);
});
