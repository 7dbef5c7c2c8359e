// PLACEHOLDER: being written.
import type { MiddlewareHandler } from 'hono';
import type { CloudContext, CloudEnv } from './context';

export function applyFaults(cloud: CloudContext): MiddlewareHandler<CloudEnv> {
  void cloud;
  return async (_c, next) => { await next(); };
}
