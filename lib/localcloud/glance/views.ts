// What Glance puts on the wire for an image, a member and its version list (Zed, with
// show_multiple_locations and show_image_direct_url off and a single store: no
// `locations`, `direct_url` or `stores`, as in the captures).
import type { Image } from '../state/state';

/** Kept on the image but never shown (glance ResponseSerializer._hidden_properties). */
const HIDDEN_PROPERTIES = new Set(['os_glance_stage_host', 'os_glance_hash_op_host']);

/** The image as ResponseSerializer._format_image builds it: custom properties first, in
 * the order they were set, then the base attributes in glance's order. */
export function imageView(image: Image): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(image.properties)) if (!HIDDEN_PROPERTIES.has(k)) view[k] = v;
  view.name = image.name;
  view.disk_format = image.diskFormat;
  view.container_format = image.containerFormat;
  view.visibility = image.visibility;
  view.size = image.size;
  view.virtual_size = image.virtualSize;
  view.status = image.status;
  view.checksum = image.checksum;
  view.protected = image.protected;
  view.min_ram = image.minRam;
  view.min_disk = image.minDisk;
  view.owner = image.owner;
  view.os_hidden = image.osHidden;
  view.os_hash_algo = image.osHashAlgo;
  view.os_hash_value = image.osHashValue;
  view.id = image.id;
  view.created_at = image.createdAt;
  view.updated_at = image.updatedAt;
  view.tags = [...image.tags];
  view.self = `/v2/images/${image.id}`;
  view.file = `/v2/images/${image.id}/file`;
  view.schema = '/v2/schemas/image';
  return view;
}

/** A member made before members had times (Nova's cross-project snapshot, older state
 * files) shows the image's creation time. */
export const memberView = (image: Image, member: Image['members'][number]) => ({
  created_at: member.createdAt ?? image.createdAt,
  image_id: image.id,
  member_id: member.projectId,
  schema: '/v2/schemas/member',
  status: member.status,
  updated_at: member.updatedAt ?? image.createdAt,
});

/** glance/api/versions.py with no multi-store and no cache: 2.15 CURRENT, then the list
 * the Zed capture shows (2.8 and 2.10–2.14 only appear with enabled_backends). */
const VERSIONS: [string, 'CURRENT' | 'SUPPORTED'][] = [
  ['v2.15', 'CURRENT'], ['v2.9', 'SUPPORTED'], ['v2.7', 'SUPPORTED'], ['v2.6', 'SUPPORTED'], ['v2.5', 'SUPPORTED'],
  ['v2.4', 'SUPPORTED'], ['v2.3', 'SUPPORTED'], ['v2.2', 'SUPPORTED'], ['v2.1', 'SUPPORTED'], ['v2.0', 'SUPPORTED'],
];

export const versionsView = (imageEndpoint: string) => ({
  versions: VERSIONS.map(([id, status]) => ({ id, status, links: [{ rel: 'self', href: `${imageEndpoint}/v2/` }] })),
});
