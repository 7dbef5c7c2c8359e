// Glance v2 image members: the owner shares an image with another project (add, remove),
// the member project accepts or rejects it (update its own status). Glance's policy: only the
// owner adds and removes, only the member changes its status; members exist only on images
// whose visibility is `shared` (403 otherwise).
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { imageUrls } from './images';

const enc = encodeURIComponent;
export const memberUrls = {
  list: (imageId: string) => `${imageUrls.one(imageId)}/members`,
  one: (imageId: string, memberId: string) => `${imageUrls.one(imageId)}/members/${enc(memberId)}`,
};

/** Glance's member statuses (glance/api/v2/image_members.py, the member schema's enum). */
export const MEMBER_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Glance takes any string up to 255 as a member id and never checks it with Keystone; the
 * app only sends Keystone project ids (32 hex, or a UUID with hyphens). */
export const memberIdSchema = z.string().regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, 'a project ID (32 hexadecimal digits, or a UUID)');
export const memberStatusSchema = z.enum(MEMBER_STATUSES);

const wireMemberSchema = z.looseObject({
  image_id: z.string(),
  member_id: z.string(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
const membersSchema = z.looseObject({ members: z.array(wireMemberSchema) });

export interface ImageMember {
  imageId: string;
  /** The member project's id. */
  projectId: string;
  /** pending, accepted or rejected; an unknown word passes as it is. */
  status: string;
  createdAt: string;
  updatedAt: string;
}

const reshapeMember = (w: z.infer<typeof wireMemberSchema>): ImageMember => ({
  imageId: w.image_id, projectId: w.member_id, status: w.status, createdAt: w.created_at, updatedAt: w.updated_at,
});

/** The owner sees every member; a member sees only itself. */
export async function listMembers(conn: Connection, imageId: string): Promise<ImageMember[]> {
  const reply = await request(conn, { service: 'image', method: 'GET', path: memberUrls.list(imageId), ok: [200], parse: membersSchema });
  return reply.data.members.map(reshapeMember);
}

export async function getMember(conn: Connection, imageId: string, projectId: string): Promise<ImageMember> {
  const reply = await request(conn, { service: 'image', method: 'GET', path: memberUrls.one(imageId, memberIdSchema.parse(projectId)), ok: [200], parse: wireMemberSchema });
  return reshapeMember(reply.data);
}

/** The owner adds a project (status pending). 403 unless the image is shared; 409 when the
 * project is already a member; 413 past image_member_quota. */
export async function addMember(conn: Connection, imageId: string, projectId: string): Promise<ImageMember> {
  const reply = await request(conn, {
    service: 'image', method: 'POST', path: memberUrls.list(imageId), json: { member: memberIdSchema.parse(projectId) }, ok: [200], parse: wireMemberSchema,
  });
  return reshapeMember(reply.data);
}

/** The member project sets its own status; the owner gets 403. */
export async function updateMemberStatus(conn: Connection, imageId: string, projectId: string, status: MemberStatus): Promise<ImageMember> {
  const reply = await request(conn, {
    service: 'image', method: 'PUT', path: memberUrls.one(imageId, memberIdSchema.parse(projectId)), json: { status: memberStatusSchema.parse(status) },
    ok: [200], parse: wireMemberSchema,
  });
  return reshapeMember(reply.data);
}

/** The owner removes a member (204). */
export async function removeMember(conn: Connection, imageId: string, projectId: string): Promise<void> {
  await request(conn, { service: 'image', method: 'DELETE', path: memberUrls.one(imageId, memberIdSchema.parse(projectId)), ok: [204], parse: 'none' });
}
