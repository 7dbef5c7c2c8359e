// What every service module of the local cloud receives.
import type { CloudState, Project, Token, User } from './state/state';

export interface CloudContext {
  state: CloudState;
  /** Base URL as advertised in the catalog, e.g. http://127.0.0.1:5480 (no trailing slash). */
  publicUrl: string;
  /** The scheduler of simulated work (snapshots, builds); cancelled on close. */
  timers: Set<NodeJS.Timeout>;
  /** setTimeout that is cancelled when the cloud closes. */
  later(ms: number, fn: () => void): void;
}

/** The authenticated caller, set by requireToken() on the Hono context as `auth`. */
export interface AuthInfo {
  token: Token;
  user: User;
  /** Null for an unscoped token (only Keystone accepts those). */
  project: Project | null;
  roles: string[];
  isAdmin: boolean;
}

export type CloudEnv = { Variables: { auth: AuthInfo; requestId: string } };

export const serviceUrls = (publicUrl: string) => ({
  identity: `${publicUrl}/identity`,
  compute: `${publicUrl}/compute/v2.1`,
  image: `${publicUrl}/image`,
  network: `${publicUrl}/network`,
  workflow: `${publicUrl}/workflow/v2`,
});
