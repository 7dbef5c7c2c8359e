// Cinder's JSON views (cinder/api/v2/views/volumes.py, v3/views/*.py and the extensions that
// add keys) per microversion and role, in the key order of the spike's samples.
import type { AuthInfo } from '../context';
import type { ApiVersion } from '../nova/microversion';
import { atLeast } from '../nova/microversion';
import type { CinderAttachment, CinderData, CinderSnapshot, CinderVolume, CinderVolumeType } from './model';
import { SERVICE_UUID, findType } from './store';

/** The volume service's URLs as Cinder builds them: self under /v3/<project>, bookmark
 * without the version (sic, as in the spike's sample). */
export const cinderUrls = (publicUrl: string) => ({ api: `${publicUrl}/volume/v3`, bookmark: `${publicUrl}/volume` });

export const links = (publicUrl: string, projectId: string, collection: string, id: string) => [
  { rel: 'self', href: `${cinderUrls(publicUrl).api}/${projectId}/${collection}/${id}` },
  { rel: 'bookmark', href: `${cinderUrls(publicUrl).bookmark}/${projectId}/${collection}/${id}` },
];

export interface ViewContext {
  publicUrl: string;
  version: ApiVersion;
  auth: AuthInfo;
  data: CinderData;
}

/** Only attached attachments are shown; host_name only to admins. */
function attachmentsOf(ctx: ViewContext, v: CinderVolume) {
  return ctx.data.attachments
    .filter((a) => a.volumeId === v.id && a.status === 'attached')
    .map((a) => ({
      id: v.id, attachment_id: a.id, volume_id: v.id, server_id: a.instanceId,
      host_name: ctx.auth.isAdmin ? 'localcloud' : null, device: a.mountpoint, attached_at: a.attachedAt,
    }));
}

export function volumeView(ctx: ViewContext, v: CinderVolume): Record<string, unknown> {
  const { version: mv, auth } = ctx;
  const type = findType(ctx.data, v.volumeTypeId);
  const view: Record<string, unknown> = {
    id: v.id,
    status: v.status,
    size: v.size,
    availability_zone: v.availabilityZone,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
    name: v.name,
    description: v.description,
    // From 3.63 the name, or null; before, the name (or the id of a type that is gone).
    volume_type: type ? type.name : atLeast(mv, '3.63') ? null : v.volumeTypeId,
    snapshot_id: v.snapshotId,
    source_volid: v.sourceVolid,
    metadata: { ...v.metadata },
    links: links(ctx.publicUrl, v.projectId, 'volumes', v.id),
    user_id: v.userId,
    bootable: String(v.bootable),
    encrypted: false,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: v.multiattach,
    attachments: attachmentsOf(ctx, v),
  };
  if (auth.isAdmin) view.migration_status = null;
  if (atLeast(mv, '3.13')) view.group_id = null;
  if (auth.isAdmin && atLeast(mv, '3.21')) view.provider_id = null;
  if (atLeast(mv, '3.48')) {
    // The fake driver reports no shared targets (false), as in the spike.
    view.shared_targets = false;
    view.service_uuid = v.status === 'creating' ? null : SERVICE_UUID;
  }
  if (auth.isAdmin && atLeast(mv, '3.61')) view.cluster_name = null;
  if (atLeast(mv, '3.63')) view.volume_type_id = v.volumeTypeId;
  if (atLeast(mv, '3.65')) view.consumes_quota = true;
  // Extensions: the tenant attribute (admin or owner), the host and migration ones (admin),
  // then the image metadata (project readers).
  view['os-vol-tenant-attr:tenant_id'] = v.projectId;
  if (auth.isAdmin) {
    view['os-vol-host-attr:host'] = v.status === 'creating' ? null : 'localcloud@fake#fake';
    view['os-vol-mig-status-attr:migstat'] = null;
    view['os-vol-mig-status-attr:name_id'] = null;
  }
  if (v.imageMetadata) view.volume_image_metadata = { ...v.imageMetadata };
  return view;
}

export const volumeSummaryView = (publicUrl: string, v: CinderVolume) => ({ id: v.id, name: v.name, links: links(publicUrl, v.projectId, 'volumes', v.id) });

/** `detail` adds the 3.x keys and the os-extended-snapshot-attributes ones (show, detail). */
export function snapshotView(ctx: ViewContext, s: CinderSnapshot, detail: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: s.id,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    name: s.name,
    description: s.description,
    volume_id: s.volumeId,
    status: s.status,
    size: s.size,
    metadata: { ...s.metadata },
  };
  if (!detail) return view;
  if (atLeast(ctx.version, '3.14')) view.group_snapshot_id = null;
  if (atLeast(ctx.version, '3.41')) view.user_id = s.userId;
  if (atLeast(ctx.version, '3.65')) view.consumes_quota = true;
  view['os-extended-snapshot-attributes:project_id'] = s.projectId;
  view['os-extended-snapshot-attributes:progress'] = s.progress;
  return view;
}

/** views/attachments.py: summary, or detail with times ('' when unset) and the connection. */
export function attachmentView(a: CinderAttachment, detail: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = { id: a.id, status: a.status, instance: a.instanceId, volume_id: a.volumeId };
  if (!detail) return view;
  return {
    ...view,
    attached_at: a.attachedAt ?? '',
    detached_at: a.detachedAt ?? '',
    attach_mode: a.attachMode,
    // What the fake driver's initialize_connection gives, once connected.
    connection_info: a.status === 'reserved' ? {} : { driver_volume_type: 'iscsi', data: { access_mode: a.attachMode }, attachment_id: a.id },
  };
}

/** v3/views/types.py for a member: no qos_specs_id, only user-visible extra specs. */
export function volumeTypeView(t: CinderVolumeType, isAdmin: boolean): Record<string, unknown> {
  const visible = ['RESKEY:availability_zones', 'multiattach', 'replication_enabled'];
  const extraSpecs = isAdmin ? { ...t.extraSpecs } : Object.fromEntries(Object.entries(t.extraSpecs).filter(([k]) => visible.includes(k)));
  return {
    id: t.id,
    name: t.name,
    is_public: t.isPublic,
    description: t.description,
    extra_specs: extraSpecs,
    ...(isAdmin ? { qos_specs_id: null } : {}),
    'os-volume-type-access:is_public': t.isPublic,
  };
}
