// Ids as OpenStack writes them, checked in one place.
import { z } from 'zod';

/** Nova and Glance ids: 8-4-4-4-12 hex (any version: Glance keeps ids an admin chose). */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** The zod schema of such an id, with the words to say when it is not one. */
export function guid(message: string) {
  return z.guid({ error: message });
}

/** Keystone ids (projects, users) are 32 hex digits, or a UUID with its hyphens. */
export function isKeystoneId(value: string): boolean {
  return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value);
}
