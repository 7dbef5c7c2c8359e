// Issue 10: every page works under the Content-Security-Policy: no violation, no CSP error in
// the console. The captured console is also rendered to test-results/csp-console.png.
import { writeFile, mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import { expect, signIn, test } from './fixtures/test';

interface Violation {
  page: string;
  directive: string;
  blocked: string;
  source: string;
  line: number;
  sample: string;
}

interface ConsoleLine {
  page: string;
  type: string;
  text: string;
}

/** Reports every `securitypolicyviolation` of every document the page loads, from before the
 * page's own scripts run, and keeps the console. */
async function watch(page: Page) {
  const violations: Violation[] = [];
  const consoleLines: ConsoleLine[] = [];
  const where = () => new URL(page.url()).pathname;
  await page.exposeFunction('__snapdeckCspViolation', (v: Omit<Violation, 'page'>) => violations.push({ page: where(), ...v }));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __snapdeckCspViolation: (v: object) => void }).__snapdeckCspViolation;
      report({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample });
    });
  });
  page.on('console', (m) => {
    const from = m.location().url;
    consoleLines.push({ page: where(), type: m.type(), text: from ? `${m.text()} (${from})` : m.text() });
  });
  page.on('pageerror', (err) => consoleLines.push({ page: where(), type: 'pageerror', text: String(err) }));
  return { violations, consoleLines };
}

const aboutPolicies = (l: ConsoleLine) => /content.security.policy|permissions.policy|refused to (load|execute|apply|connect|frame)/i.test(l.text);

/** Renders the console lines as a small page and screenshots it. */
async function renderConsole(page: Page, lines: ConsoleLine[], visited: string[]) {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = lines.map((l) => `<tr><td>${esc(l.page)}</td><td>${esc(l.type)}</td><td>${esc(l.text)}</td></tr>`).join('');
  const html = `<!doctype html><meta charset="utf-8"><title>Console under the CSP</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#0f172a}table{border-collapse:collapse;width:100%}td,th{border:1px solid #cbd5e1;padding:4px 8px;text-align:left;vertical-align:top}code{font-size:12px}</style>
<h1>Chromium console with the Content-Security-Policy on</h1>
<p>Pages visited: ${visited.map((v) => `<code>${esc(v)}</code>`).join(', ')}</p>
<p><strong>${lines.length === 0 ? 'No console messages at all.' : `${lines.length} console message(s), ${lines.filter(aboutPolicies).length} about a security policy.`}</strong>
 No <code>securitypolicyviolation</code> event.</p>
${lines.length ? `<table><tr><th>page</th><th>type</th><th>message</th></tr>${rows}</table>` : ''}`;
  await mkdir('test-results', { recursive: true });
  await writeFile('test-results/csp-console.html', html);
  const view = await page.context().newPage();
  await view.setContent(html);
  await view.screenshot({ path: 'test-results/csp-console.png', fullPage: true });
  await view.close();
}

test('every page runs under the CSP without a violation', async ({ page, cloud }) => {
  void cloud;
  const { violations, consoleLines } = await watch(page);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const h1 = (name: string | RegExp) => expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const visited: string[] = [];
  const visit = async (path: string, heading: string | RegExp) => {
    const res = await page.goto(path);
    expect(res?.headers()['content-security-policy'], path).toContain("'nonce-");
    await h1(heading);
    // React has hydrated once the page answers to its client code: wait for the network
    // to settle so that late scripts and chunks are loaded too.
    await page.waitForLoadState('networkidle');
    visited.push(path);
  };

  await visit('/login', 'Snapdeck');
  await signIn(page);
  await expect(page).toHaveURL(/\/instances/);
  await visit('/instances', 'Instances');
  await visit(`/instances/${SEED.servers.web1}`, 'web-1');
  await visit('/images', 'Images');
  await visit(`/images/${SEED.images.debian12}`, 'Debian 12');
  // The copy buttons still work: clipboard-write is the one feature the Permissions-Policy keeps.
  await page.getByRole('button', { name: 'Copy command' }).first().click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/csp-image-detail.png' });
  await visit(`/launch?source=${SEED.images.debian12}`, 'Launch instance');
  await visit('/guide/consistency', 'Consistent snapshots');
  await visit('/no-such-page', 'Page not found');
  // A client-side navigation loads more chunks under the same policy.
  await page.getByRole('link', { name: 'Back to the app' }).click();
  await h1('Instances');
  await page.waitForLoadState('networkidle');

  await renderConsole(page, consoleLines, visited);
  expect(violations).toEqual([]);
  expect(consoleLines.filter(aboutPolicies)).toEqual([]);
});

test('the watch sees what the policy blocks: a script injected into the page', async ({ page }) => {
  const { violations } = await watch(page);
  // The real sign-in page and its real headers, with an inline script that has no nonce, as a
  // stored injection would put there.
  await page.route('**/login', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('</head>', '<script>window.__injectedRan = true</script></head>');
    await route.fulfill({ response: res, body });
  });
  const res = await page.goto('/login');
  expect(res?.headers()['content-security-policy']).toContain("'nonce-");
  await expect(page.getByRole('heading', { name: 'Snapdeck', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injectedRan?: boolean }).__injectedRan ?? false)).toBe(false);
  await expect.poll(() => violations.map((v) => `${v.directive} ${v.blocked}`)).toContain('script-src-elem inline');
});
