// Server configuration, parsed once with zod. The Keystone URL is server configuration
// only: nothing a user sends can change which cloud the server talks to.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const url = z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

const envSchema = z.object({
  SNAPDECK_AUTH_URL: url.optional(),
  OS_AUTH_URL: url.optional(),
  OS_CLOUD: z.string().min(1).optional(),
  OS_REGION_NAME: z.string().min(1).optional(),
  OS_INTERFACE: z.enum(['public', 'internal', 'admin']).optional(),
  OS_USERNAME: z.string().optional(),
  OS_PROJECT_NAME: z.string().optional(),
  OS_USER_DOMAIN_NAME: z.string().optional(),
  SNAPDECK_CLOUD_NAME: z.string().min(1).max(64).optional(),
  SNAPDECK_LOCALCLOUD: z.enum(['1']).optional(),
  SNAPDECK_SESSION_PASSWORDS: z.string().optional(),
  SNAPDECK_COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  SNAPDECK_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).optional(),
  SNAPDECK_PUBLIC_URL: url.optional(),
  SNAPDECK_TRUST_PROXY: z.enum(['true', 'false']).optional(),
  SNAPDECK_SESSION_IDLE_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).optional(),
  SNAPDECK_SESSION_MAX_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).optional(),
  SNAPDECK_ALLOW_FREQUENT_SCHEDULES: z.enum(['true', 'false']).optional(),
  SNAPDECK_REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  HOST: z.string().min(1).max(255).optional(),
});

/** 127.0.0.0/8, ::1 and localhost: an address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\./.test(h);
}

const cloudsYamlSchema = z.object({
  clouds: z.record(
    z.string(),
    z.object({
      auth: z
        .object({
          auth_url: url,
          username: z.string().optional(),
          project_name: z.string().optional(),
          user_domain_name: z.string().optional(),
        })
        .passthrough(),
      region_name: z.string().optional(),
      interface: z.enum(['public', 'internal', 'admin']).optional(),
    }).passthrough(),
  ),
});

export interface AppConfig {
  authUrl: string;
  cloudName: string;
  isLocalCloud: boolean;
  region: string | null; // preferred region; null = first in the catalog
  interface: 'public' | 'internal' | 'admin';
  prefill: { username: string; projectName: string; domain: string };
  /** iron-session passwords by id; the highest id seals, all unseal (rotation). */
  sessionPasswords: Record<string, string>;
  /** Forces the Secure cookie flag even over http (an https public URL sets it anyway). */
  cookieSecure: boolean;
  upstreamTimeoutMs: number;
  /** The app's origin as browsers see it (SNAPDECK_PUBLIC_URL); null = the request's Host. */
  publicOrigin: string | null;
  /** Honour X-Forwarded-Host/-Proto (only behind a proxy that sets them). */
  trustProxy: boolean;
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  /** Shared store of the sign-in throttle, for several replicas; null = this process's memory. */
  redisUrl: string | null;
  /** The address `npm start` binds to. */
  host: string;
  /** Backup schedules more often than hourly (every minute): for test clouds only. */
  allowFrequentSchedules: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function cloudsYamlPaths(): string[] {
  return [
    path.join(process.cwd(), 'clouds.yaml'),
    path.join(os.homedir(), '.config', 'openstack', 'clouds.yaml'),
    '/etc/openstack/clouds.yaml',
  ];
}

function readCloudsYaml(name: string) {
  for (const p of cloudsYamlPaths()) {
    if (!fs.existsSync(/*turbopackIgnore: true*/ p)) continue;
    const parsed = cloudsYamlSchema.safeParse(parseYaml(fs.readFileSync(/*turbopackIgnore: true*/ p, 'utf8')));
    if (!parsed.success) throw new ConfigError(`${p} is not a valid clouds.yaml: ${parsed.error.issues[0]?.message}`);
    const cloud = parsed.data.clouds[name];
    if (cloud) return cloud;
  }
  throw new ConfigError(`OS_CLOUD=${name}, but no cloud of that name in ${cloudsYamlPaths().join(', ')}`);
}

function sessionPasswords(raw: string | undefined, generated: () => string): Record<string, string> {
  if (!raw) return { '1': generated() };
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new ConfigError('SNAPDECK_SESSION_PASSWORDS is empty');
  const short = list.findIndex((p) => p.length < 32);
  if (short >= 0) throw new ConfigError(`SNAPDECK_SESSION_PASSWORDS: password #${short + 1} has fewer than 32 characters`);
  // Oldest first in the list; the last one seals new cookies.
  return Object.fromEntries(list.map((p, i) => [String(i + 1), p]));
}

export function parseConfig(env: Readonly<Record<string, string | undefined>>, generatePassword: () => string): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  let authUrl = e.SNAPDECK_AUTH_URL ?? e.OS_AUTH_URL;
  let region = e.OS_REGION_NAME ?? null;
  let iface = e.OS_INTERFACE ?? 'public';
  let prefill = { username: e.OS_USERNAME ?? '', projectName: e.OS_PROJECT_NAME ?? '', domain: e.OS_USER_DOMAIN_NAME ?? 'Default' };
  let cloudName = e.SNAPDECK_CLOUD_NAME;
  if (!authUrl && e.OS_CLOUD) {
    const cloud = readCloudsYaml(e.OS_CLOUD);
    authUrl = cloud.auth.auth_url;
    region = region ?? cloud.region_name ?? null;
    iface = cloud.interface ?? iface;
    prefill = {
      username: cloud.auth.username ?? prefill.username,
      projectName: cloud.auth.project_name ?? prefill.projectName,
      domain: cloud.auth.user_domain_name ?? prefill.domain,
    };
    cloudName = cloudName ?? e.OS_CLOUD;
  }
  if (!authUrl) {
    throw new ConfigError('No cloud configured: set OS_AUTH_URL (source an openrc), OS_CLOUD, or start with `npm start`, which starts the local cloud.');
  }
  const isLocalCloud = e.SNAPDECK_LOCALCLOUD === '1';
  const host = e.HOST ?? '127.0.0.1';
  return {
    authUrl: authUrl.replace(/\/+$/, ''),
    cloudName: cloudName ?? (isLocalCloud ? 'Local cloud' : new URL(authUrl).hostname),
    isLocalCloud,
    region,
    interface: iface,
    prefill: prefillFor(host, isLocalCloud && !prefill.username ? { username: 'demo', projectName: 'demo', domain: 'Default' } : prefill),
    sessionPasswords: sessionPasswords(e.SNAPDECK_SESSION_PASSWORDS, generatePassword),
    cookieSecure: e.SNAPDECK_COOKIE_SECURE === 'true',
    upstreamTimeoutMs: e.SNAPDECK_UPSTREAM_TIMEOUT_MS ?? 15_000,
    publicOrigin: e.SNAPDECK_PUBLIC_URL ? new URL(e.SNAPDECK_PUBLIC_URL).origin : null,
    trustProxy: e.SNAPDECK_TRUST_PROXY === 'true',
    sessionIdleSeconds: e.SNAPDECK_SESSION_IDLE_SECONDS ?? 1800,
    sessionMaxSeconds: e.SNAPDECK_SESSION_MAX_SECONDS ?? 12 * 3600,
    redisUrl: e.SNAPDECK_REDIS_URL ?? null,
    host,
    allowFrequentSchedules: e.SNAPDECK_ALLOW_FREQUENT_SCHEDULES === 'true',
  };
}

/** User and project names on the sign-in page tell a stranger who to try: only where no
 * stranger can reach the page, on a loopback address. */
function prefillFor(host: string, prefill: AppConfig['prefill']): AppConfig['prefill'] {
  return isLoopbackHost(host) ? prefill : { username: '', projectName: '', domain: prefill.domain };
}
