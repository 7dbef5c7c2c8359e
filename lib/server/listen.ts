// Where `npm start` listens, and what it says about it at start (scripts/serve.ts).
import { isLoopbackHost, type AppConfig } from './config';

/** The URL of a bound address: IPv6 in brackets; a wildcard address named for what it is. */
export function listenUrl(address: string, port: number): string {
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  if (address === '0.0.0.0') return `${url} (every IPv4 address of this machine)`;
  if (address === '::') return `${url} (every address of this machine)`;
  return url;
}

/** A real cloud's passwords and session cookies crossing a network in clear: said at start,
 * not refused (a private network may be what the operator wants). Null when the app is
 * reachable from this machine only, runs on the local cloud, or is public over https. */
export function plainHttpWarning(config: Pick<AppConfig, 'isLocalCloud' | 'publicOrigin' | 'host'>): string | null {
  if (config.isLocalCloud || isLoopbackHost(config.host) || config.publicOrigin?.startsWith('https:')) return null;
  return (
    `Warning: serving plain http on ${config.host} in front of a real cloud: OpenStack passwords and session cookies ` +
    `cross the network unencrypted. Put Snapdeck behind an https reverse proxy and set SNAPDECK_PUBLIC_URL=https://…, ` +
    `or listen on this machine only (HOST=127.0.0.1).`
  );
}
