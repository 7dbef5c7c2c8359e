// PLACEHOLDER: being written.
import { Hono } from 'hono';
import type { CloudContext, CloudEnv } from './context';

export function keystoneRoutes(cloud: CloudContext): Hono<CloudEnv> {
  void cloud;
  return new Hono<CloudEnv>();
}
