/**
 * PATCH /api/images/{id}/properties — the consistency switches (Images detail page, and the
 * launch form turning the agent on for a private source before launch).
 *   body   { "property": "hw_qemu_guest_agent" | "os_require_quiesce", "enabled": boolean }
 *   200    the updated image (ImageDto)
 *   400    any other property name or a malformed body; nothing is sent to Glance
 *   403    the current project does not own the image: refused here before any write
 *          (Glance's modify_image policy would refuse too)
 *   404    no such image visible to the project
 * Written as Glance JSON-patch: `add` "yes" to enable; `remove` (only when present) to disable.
 */
import 'server-only';
import { getImage, updateImage } from '@/lib/openstack/image/images';
import { apiError, withSession } from '@/lib/server/api';
import { propertyToggleSchema, readOnlyReason, togglePatch } from '@/lib/images/consistency-props';
import { toImageDto } from '@/lib/images/dto';
import { imageIdParams } from '@/lib/images/contract';

export const PATCH = withSession({ params: imageIdParams, body: propertyToggleSchema }, async ({ params, body, session, conn }) => {
  const image = await getImage(conn, params.id);
  const refused = readOnlyReason(image, session.project.id);
  if (refused) return apiError(403, refused);
  const ops = togglePatch(image, body);
  const updated = ops.length ? await updateImage(conn, image.id, ops) : image;
  return toImageDto(updated, session.project);
});
