// Sharing an image with another project and retiring old ones (issue 15): the routes' inputs
// and answers, browser-safe, shared by the dialog, the switches and the route handlers.
import { z } from 'zod';
import { guid } from '@/lib/openstack/ids';

/** Keystone project ids are 32 hex digits (uuid4().hex). A UUID with hyphens is taken too
 * and written without them: Glance compares member ids as plain strings. */
export const projectIdSchema = z.string().trim()
  .regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, 'a project ID is a UUID: 32 hexadecimal digits, with or without hyphens')
  .transform((s) => s.replace(/-/g, '').toLowerCase());

export const shareBodySchema = z.strictObject({ projectId: projectIdSchema });
export const memberParams = z.strictObject({ id: guid('not an image id (a UUID)'), projectId: projectIdSchema });
export const membershipBodySchema = z.strictObject({ status: z.enum(['accepted', 'rejected', 'pending']) });

export const FLAGS = ['hidden', 'protected'] as const;
export type Flag = (typeof FLAGS)[number];
export const flagBodySchema = z.strictObject({ flag: z.enum(FLAGS), value: z.boolean() });
export const bulkFlagBodySchema = z.strictObject({
  ids: z.array(guid('not an image id (a UUID)')).min(1, 'choose at least one image').max(100, 'at most 100 images at a time')
    .refine((ids) => new Set(ids).size === ids.length, 'the same image is listed twice'),
  flag: z.enum(FLAGS),
  value: z.boolean(),
});

export interface MemberDto {
  projectId: string;
  /** pending, accepted or rejected (Glance's word). */
  status: string;
  updatedAt: string;
}

export interface MembersResponse {
  members: MemberDto[];
}

export interface ShareResponse {
  member: MemberDto;
  /** Whether Snapdeck made the image `shared` first (it was private). */
  madeShared: boolean;
}

/** The words of each flag: the switch's label, and what a bulk action did. */
export const FLAG_WORDS = {
  hidden: { label: 'Hide from lists', on: 'Hidden from lists', off: 'Shown in lists', property: 'os_hidden' },
  protected: { label: 'Protect', on: 'Protected', off: 'Unprotected', property: 'protected' },
} as const satisfies Record<Flag, { label: string; on: string; off: string; property: string }>;

/** The CLI lines of each side of a share. */
export const shareCommands = (imageId: string, projectId: string) => ({
  owner: `openstack image add project ${imageId} ${projectId}`,
  member: `openstack image set --accept ${imageId}`,
});
