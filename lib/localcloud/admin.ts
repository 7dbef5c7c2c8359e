// PLACEHOLDER: being written.
import { Hono } from 'hono';
import type { CloudContext, CloudEnv } from './context';

export function adminRoutes(cloud: CloudContext): Hono<CloudEnv> {
  void cloud;
  return new Hono<CloudEnv>();
}
