// Image members as glance/api/v2/image_members.py (Zed, legacy policies: enforce_new_defaults
// off) decides: the image must be shared; only the owner adds and removes members, only the
// member changes its status; a caller who is neither sees only its own membership; adding
// past image_member_quota is 413. Every refusal keeps Glance's words.
import { z } from 'zod';
import { type Caller, findImage } from './access';
import { fail } from './errors';
import { parseJsonBody } from './patch';
import { glanceTime, type Image } from '../state/state';
import type { CloudContext } from '../context';

export const MEMBER_QUOTA = 128; // image_member_quota
const MEMBER_STATUSES = ['pending', 'accepted', 'rejected'] as const;
const statusSchema = z.enum(MEMBER_STATUSES);
const bodySchema = z.record(z.string(), z.unknown());
type Member = Image['members'][number];

/** The image as _lookup_image finds it. */
const lookupImage = (cloud: CloudContext, caller: Caller, id: string) => findImage(cloud, caller, id, `Image ${id} not found.`);

/** _check_visibility_and_ownership: false when Glance raises Forbidden. */
function allowed(caller: Caller, image: Image, check: 'create' | 'update' | 'delete' | null): boolean {
  if (image.visibility !== 'shared') return false;
  if (caller.isAdmin) return true;
  if (check === 'create') return image.owner !== null && image.owner === caller.projectId;
  if (check === 'update') return caller.projectId !== image.owner;
  if (check === 'delete') return caller.projectId === image.owner;
  return true;
}

/** image_member_find: the owner (or an admin) sees every member, anyone else only itself. */
function lookupMember(caller: Caller, image: Image, memberId: string): Member {
  const seesAll = caller.isAdmin || image.owner === caller.projectId;
  const member = image.members.find((m) => m.projectId === memberId && (seesAll || m.projectId === caller.projectId));
  return member ?? fail(404, `${memberId} not found in the member list of the image ${image.id}.`);
}

/** RequestDeserializer._get_request_body and its key checks. */
function bodyObject(text: string): Record<string, unknown> | null {
  const parsed = bodySchema.safeParse(parseJsonBody(text));
  return parsed.success ? parsed.data : null;
}

export function createMember(cloud: CloudContext, caller: Caller, imageId: string, text: string): Member {
  const body = bodyObject(text);
  if (body === null) fail(400, 'Expected a member in the form: {"member": "image_id"}');
  if (!Object.hasOwn(body!, 'member')) fail(400, 'Member to be added not specified');
  const memberId = body!.member;
  if (!memberId) fail(400, "Member can't be empty");
  // Glance stores what it is given (a string column of 255); anything else is no project.
  if (typeof memberId !== 'string' || memberId.length > 255) fail(400, `Invalid member id: ${String(memberId)}`);
  const image = lookupImage(cloud, caller, imageId);
  if (!allowed(caller, image, 'create')) fail(403, `Not allowed to create members for image ${imageId}.`);
  if (image.members.some((m) => m.projectId === memberId)) fail(409, `Member ${String(memberId)} is duplicated for image ${imageId}`);
  const attempted = image.members.length + 1;
  if (attempted > MEMBER_QUOTA) {
    fail(413, `Image member limit exceeded for image ${imageId}: The limit has been exceeded on the number of allowed image members for this image. Attempted: ${attempted}, Maximum: ${MEMBER_QUOTA}:`);
  }
  const now = glanceTime();
  const member: Member = { projectId: memberId as string, status: 'pending', createdAt: now, updatedAt: now };
  image.members.push(member);
  return member;
}

export function showMember(cloud: CloudContext, caller: Caller, imageId: string, memberId: string): Member {
  const image = lookupImage(cloud, caller, imageId);
  // show turns every Forbidden into a 404, so that nothing leaks.
  if (!allowed(caller, image, null)) fail(404, 'Only shared images have members.');
  return lookupMember(caller, image, memberId);
}

export function updateMember(cloud: CloudContext, caller: Caller, imageId: string, memberId: string, text: string): Member {
  const body = bodyObject(text);
  if (body === null) fail(400, 'Expected a status in the form: {"status": "status"}');
  if (!Object.hasOwn(body!, 'status')) fail(400, 'Status not specified');
  const image = lookupImage(cloud, caller, imageId);
  if (!allowed(caller, image, 'update')) fail(403, `Not allowed to update members for image ${imageId}.`);
  const member = lookupMember(caller, image, memberId);
  const status = statusSchema.safeParse(body!.status);
  if (!status.success) fail(400, 'Incorrect request: Status must be "pending", "accepted" or "rejected".');
  member.status = status.data!;
  member.updatedAt = glanceTime();
  return member;
}

export function deleteMember(cloud: CloudContext, caller: Caller, imageId: string, memberId: string): void {
  const image = lookupImage(cloud, caller, imageId);
  if (!allowed(caller, image, 'delete')) fail(403, `Not allowed to delete members for image ${imageId}.`);
  const member = lookupMember(caller, image, memberId);
  image.members.splice(image.members.indexOf(member), 1);
}
