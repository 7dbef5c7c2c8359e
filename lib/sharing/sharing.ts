// Server side of sharing and retiring: the Glance calls behind the routes, and Glance's
// refusals in words. Glance decides who may (owner adds and removes, member accepts); these
// checks only explain.
import 'server-only';
import type { Connection } from '@/lib/openstack/client';
import { OpenStackError } from '@/lib/openstack/errors';
import { getImage, updateImage, type Image } from '@/lib/openstack/image/images';
import { addMember, listMembers, removeMember, updateMemberStatus, type ImageMember, type MemberStatus } from '@/lib/openstack/image/members';
import { Refusal } from '@/lib/server/api';
import { FLAG_WORDS, type Flag, type MemberDto, type ShareResponse } from './contract';

/** A refusal this module explains; the pipeline answers it with its status and words. */
export class SharingRefusal extends Refusal {
  override name = 'SharingRefusal';
}

const toDto = (m: ImageMember): MemberDto => ({ projectId: m.projectId, status: m.status, updatedAt: m.updatedAt });

/** Why the project cannot share this image, or null. */
export function shareBlocker(image: Pick<Image, 'owner' | 'visibility'>, projectId: string): string | null {
  if (image.owner !== projectId) return 'Only the project that owns an image can share it.';
  if (image.visibility === 'public' || image.visibility === 'community') {
    return `A ${image.visibility} image is already visible to every project: Glance gives members only to shared images (and answers 403 here).`;
  }
  return null;
}

async function explained<T>(call: Promise<T>, words: Partial<Record<number, string>>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof OpenStackError && err.status !== 401 && words[err.status]) throw new SharingRefusal(err.status, words[err.status]!);
    throw err;
  }
}

export async function membersOf(conn: Connection, imageId: string): Promise<MemberDto[]> {
  const image = await getImage(conn, imageId);
  // Glance has members only on shared images (403 otherwise): a private image has none.
  if (image.visibility !== 'shared') return [];
  return (await listMembers(conn, imageId)).map(toDto);
}

/** Makes a private image shared when needed, then adds the project (pending until it accepts). */
export async function shareImage(conn: Connection, imageId: string, targetProjectId: string, project: { id: string }): Promise<ShareResponse> {
  const image = await getImage(conn, imageId);
  const blocker = shareBlocker(image, project.id);
  if (blocker) throw new SharingRefusal(403, blocker);
  if (targetProjectId === project.id) throw new SharingRefusal(400, 'This is your own project: it owns the image already.');
  const madeShared = image.visibility !== 'shared';
  if (madeShared) await updateImage(conn, imageId, [{ op: 'replace', path: '/visibility', value: 'shared' }]);
  const member = await explained(addMember(conn, imageId, targetProjectId), {
    403: 'Glance refused to add a member (403): only the owner of a shared image can share it, and a public image cannot be shared with one project.',
    409: `Project ${targetProjectId} is already a member of this image.`,
    413: "This image has as many members as Glance allows (image_member_quota, 128 by default): remove a project before adding another.",
  });
  return { member: toDto(member), madeShared };
}

export async function unshareImage(conn: Connection, imageId: string, memberProjectId: string): Promise<void> {
  await explained(removeMember(conn, imageId, memberProjectId), {
    403: 'Only the project that owns the image can remove a member.',
    404: `Project ${memberProjectId} is not a member of this image (any more).`,
  });
}

/** The member project answers for itself: Glance refuses the owner (403). */
export async function answerShare(conn: Connection, imageId: string, project: { id: string }, status: MemberStatus): Promise<MemberDto> {
  return toDto(await explained(updateMemberStatus(conn, imageId, project.id, status), {
    403: 'Only the project an image is shared with can accept or reject it; the owner cannot do it for them.',
    404: 'This image is not shared with your project (any more).',
  }));
}

/** os_hidden or protected, one JSON-patch replace (both are base attributes Glance always
 * has). `explain`: Glance's 403 in words (a bulk action keeps Glance's own, per image). */
export async function setFlag(conn: Connection, imageId: string, flag: Flag, value: boolean, explain = true): Promise<Image> {
  const call = updateImage(conn, imageId, [{ op: 'replace', path: `/${FLAG_WORDS[flag].property}`, value }]);
  return explain ? explained(call, { 403: 'Only the project that owns the image can change this.' }) : call;
}
