// What the Cinder route modules share: the request's version and caller, the project of the
// URL, and the view context.
import type { Context } from 'hono';
import type { CloudContext, CloudEnv } from '../context';
import type { ApiVersion } from '../nova/microversion';
import { cinderOf } from './store';
import type { ViewContext } from './views';

export type CinderEnv = { Variables: CloudEnv['Variables'] & { version: ApiVersion } };
export type CinderContext = Context<CinderEnv>;

/** The caller's project: cinder-api has already refused a URL naming another one. */
export const projectOf = (c: CinderContext): string => c.get('auth').project!.id;

export const viewContext = (cloud: CloudContext, c: CinderContext): ViewContext => ({
  publicUrl: cloud.publicUrl, version: c.get('version'), auth: c.get('auth'), data: cinderOf(cloud.state),
});

/** Volumes and snapshots are the project's own (admins too, without all_tenants). */
export const ownedBy = (c: CinderContext) => (x: { projectId: string }) => x.projectId === projectOf(c);
