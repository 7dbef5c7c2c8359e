// Who sees and who may change an image, as Glance decides with its default (Zed, legacy)
// policies: visibility comes from the database layer, writes from the owner check.
import type { AuthInfo, CloudContext } from '../context';
import { fail } from './errors';
import type { Image } from '../state/state';

export interface Caller {
  projectId: string | null;
  isAdmin: boolean;
}

export const callerOf = (auth: AuthInfo): Caller => ({ projectId: auth.project?.id ?? null, isAdmin: auth.isAdmin });

/** glance.db.utils.is_image_visible with any member status: what show, update and delete
 * can find. Deleted rows are gone for everyone. */
export function canSee(caller: Caller, image: Image): boolean {
  if (image.status === 'deleted') return false;
  if (caller.isAdmin || image.owner === null) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  if (caller.projectId === null) return false;
  if (caller.projectId === image.owner) return true;
  return image.visibility === 'shared' && image.members.some((m) => m.projectId === caller.projectId);
}

/** check_is_image_mutable: admins, or members of the owning project. */
export const owns = (caller: Caller, image: Image): boolean =>
  caller.isAdmin || (image.owner !== null && caller.projectId !== null && image.owner === caller.projectId);

/** The image the caller can see, or a 404 worded as the calling API words it. */
export function findImage(cloud: CloudContext, caller: Caller, id: string, notFound = `No image found with ID ${id}`): Image {
  const image = cloud.state.image(id);
  if (!image || !canSee(caller, image)) return fail(404, notFound);
  return image;
}

export function requireOwner(caller: Caller, image: Image, message = 'You do not own this image'): void {
  if (!owns(caller, image)) fail(403, message);
}

/** _select_images_query plus the community rule of _image_get_all: the images a list may
 * return before filters. Unlike canSee, an ownerless private image is not listed and a
 * shared one needs a membership in `memberStatus`. */
export function listable(caller: Caller, image: Image, memberStatus: string, visibility: string | undefined): boolean {
  if (!caller.isAdmin) {
    const open = image.visibility === 'public' || image.visibility === 'community';
    const own = caller.projectId !== null && image.owner === caller.projectId;
    const member =
      image.visibility === 'shared' &&
      image.members.some((m) => m.projectId === caller.projectId && (memberStatus === 'all' || m.status === memberStatus));
    if (!open && !own && !member) return false;
  }
  if (visibility !== undefined) return visibility === 'all' || image.visibility === visibility;
  if (image.visibility !== 'community') return true;
  return caller.projectId !== null && image.owner === caller.projectId;
}
