// The tests need three programs from Debian: Chromium (Playwright drives the system one; no
// browser downloads here), the `openstack` CLI (the local cloud is tested with it) and
// redis-server (the sign-in throttle's shared store is tested against a real one).
// Missing, and root with apt-get: install them; otherwise a one-line instruction and exit 1.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const needs: { pkg: string; path: string }[] = [
  { pkg: 'chromium', path: chromium },
  { pkg: 'python3-openstackclient', path: '/usr/bin/openstack' },
  { pkg: 'redis-server', path: '/usr/bin/redis-server' },
].filter((n) => !fs.existsSync(n.path));

if (needs.length === 0) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasApt = fs.existsSync('/usr/bin/apt-get');
if ((process.env.CHROMIUM_PATH && !fs.existsSync(chromium)) || !isRoot || !hasApt) {
  console.error(`Missing ${needs.map((n) => n.path).join(', ')}: install them (sudo apt-get install -y ${needs.map((n) => n.pkg).join(' ')}) or set CHROMIUM_PATH.`);
  process.exit(1);
}
console.log(`Installing ${needs.map((n) => n.pkg).join(', ')} with apt-get (once)…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...needs.map((n) => n.pkg)], { stdio: 'inherit', env });
const still = needs.filter((n) => !fs.existsSync(n.path));
if (still.length) {
  console.error(`apt-get finished but ${still.map((n) => n.path).join(', ')} still missing.`);
  process.exit(1);
}
