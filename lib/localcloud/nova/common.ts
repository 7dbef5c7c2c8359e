// What the Nova route modules share: the request's microversion and caller, server
// look-up with project scoping, and state changes that bump `updated`.
import type { Context } from 'hono';
import type { CloudContext, CloudEnv } from '../context';
import { novaFault } from '../errors';
import type { ApiVersion } from './microversion';
import type { Server } from '../state/state';
import { novaTime } from '../state/state';

export type NovaEnv = { Variables: CloudEnv['Variables'] & { version: ApiVersion } };
export type NovaContext = Context<NovaEnv>;

export const instanceNotFound = (c: Context, id: string): Response => novaFault(c, 404, `Instance ${id} could not be found.`);

/** The server if the caller may see it: its own project's, or any for an admin. Deleted
 * servers only when asked (instance actions of deleted servers, from 2.21). */
export function visibleServer(cloud: CloudContext, c: NovaContext, id: string, opts: { includeDeleted?: boolean } = {}): Server | null {
  const server = cloud.state.server(id);
  if (!server || (server.deleted && !opts.includeDeleted)) return null;
  const auth = c.get('auth');
  if (!auth.isAdmin && server.projectId !== auth.project?.id) return null;
  return server;
}

/** Applies a change to a server and records it as Nova's `updated_at` does. */
export function updateServer(cloud: CloudContext, server: Server, change: Partial<Server>): void {
  Object.assign(server, change, { updatedAt: novaTime() });
  cloud.state.touch();
}

/** Console logs are kept bounded: a guest rebooted for days must not grow the state. */
const MAX_CONSOLE_LINES = 2000;

export function appendConsole(server: Server, lines: string[]): void {
  server.console.push(...lines);
  if (server.console.length > MAX_CONSOLE_LINES) server.console.splice(0, server.console.length - MAX_CONSOLE_LINES);
}

/** Seconds since boot, as the kernel prints them: "[  123.456789]". */
export function kernelStamp(server: Server, at: Date = new Date()): string {
  const since = server.launchedAt ? Date.parse(`${server.launchedAt}Z`) : at.getTime();
  const secs = Math.max(0, (at.getTime() - since) / 1000);
  return `[${secs.toFixed(6).padStart(12, ' ')}]`;
}

/** Nova's yes/no strings (oslo strutils.bool_from_string, as FlexibleBooleanField reads them). */
export const truthy = (v: string | undefined): boolean => ['yes', 'true', '1', 'on', 'y', 't'].includes((v ?? '').trim().toLowerCase());
