// Attachments (3.27+), volume types, absolute limits and quota sets (cinder/api/v3/
// attachments.py, v3/types.py, v2/limits.py with used_limits, contrib/quotas.py).
import type { Hono } from 'hono';
import { z } from 'zod';
import type { CloudContext } from '../context';
import { atLeast } from '../nova/microversion';
import { notOfType, readJsonBody, validate } from '../nova/validation';
import type { CinderContext, CinderEnv } from './common';
import { projectOf } from './common';
import { cinderFault, GENERIC_400 } from './errors';
import type { CinderQuotas } from './model';
import { cinderOf, findType, quotasOf, usageOf } from './store';
import { attachmentView, volumeTypeView } from './views';

const ATTACHMENT_FILTERS = ['volume_id', 'status', 'instance_id', 'attach_status', 'all_tenants'];

const quotaValue = () => z.union([z.number().int(), z.string().regex(/^-?[0-9]+$/)], notOfType("'integer', 'string'"))
  .transform(Number).refine((n) => n >= -1, { error: (i) => `${String(i.input)} is less than the minimum of -1` });
const quotaUpdateSchema = z.strictObject({
  quota_set: z.looseObject({
    volumes: quotaValue().optional(), snapshots: quotaValue().optional(), gigabytes: quotaValue().optional(),
    backups: quotaValue().optional(), backup_gigabytes: quotaValue().optional(),
  }, notOfType("'object'")),
}, notOfType("'object'"));

export function resourceRoutes(cloud: CloudContext, app: Hono<CinderEnv>): void {
  const data = () => cinderOf(cloud.state);

  // ------------------------------------------------------------------ attachments

  const attachments = (c: CinderContext, detail: boolean) => {
    // Below 3.27 the methods are not there: VersionNotFoundForAPIMethod, an unsafe 400.
    if (!atLeast(c.get('version'), '3.27')) return cinderFault(c, 400, GENERIC_400);
    const q = c.req.query();
    const unknown = Object.keys(q).filter((k) => !ATTACHMENT_FILTERS.includes(k) && !['limit', 'marker', 'offset', 'sort', 'sort_key', 'sort_dir'].includes(k));
    if (unknown.length) return cinderFault(c, 400, `Invalid filters ${unknown.join(',')} are found in query options.`);
    const status = q.status ?? q.attach_status;
    const list = data().attachments.filter((a) =>
      a.projectId === projectOf(c)
      && (q.volume_id === undefined || a.volumeId === q.volume_id)
      && (q.instance_id === undefined || a.instanceId === q.instance_id)
      && (status === undefined || a.status === status));
    return c.json({ attachments: list.map((a) => attachmentView(a, detail)) });
  };
  app.get('/v3/:project_id/attachments', (c) => attachments(c, false));
  app.get('/v3/:project_id/attachments/detail', (c) => attachments(c, true));
  app.get('/v3/:project_id/attachments/:id', (c) => {
    if (!atLeast(c.get('version'), '3.27')) return cinderFault(c, 400, GENERIC_400);
    const a = data().attachments.find((x) => x.id === c.req.param('id') && x.projectId === projectOf(c));
    if (!a) return cinderFault(c, 404, `Volume attachment could not be found with filter: attachment_id = ${c.req.param('id')}.`);
    return c.json({ attachment: attachmentView(a, true) });
  });

  // ------------------------------------------------------------------ volume types

  app.get('/v3/:project_id/types', (c) => {
    const isAdmin = c.get('auth').isAdmin;
    return c.json({ volume_types: data().types.filter((t) => t.isPublic || isAdmin).map((t) => volumeTypeView(t, isAdmin)) });
  });
  app.get('/v3/:project_id/types/default', (c) => {
    const t = findType(data(), data().defaultTypeId);
    return t ? c.json({ volume_type: volumeTypeView(t, c.get('auth').isAdmin) }) : cinderFault(c, 404, 'Default volume type can not be found.');
  });
  app.get('/v3/:project_id/types/:id', (c) => {
    const t = data().types.find((x) => x.id === c.req.param('id'));
    if (!t) return cinderFault(c, 404, `Volume type ${c.req.param('id')} could not be found.`);
    return c.json({ volume_type: volumeTypeView(t, c.get('auth').isAdmin) });
  });

  // ------------------------------------------------------------------ limits and quotas

  app.get('/v3/:project_id/limits', (c) => {
    const q = quotasOf(data(), projectOf(c));
    const used = usageOf(data(), projectOf(c));
    return c.json({
      limits: {
        rate: [],
        absolute: {
          totalSnapshotsUsed: used.snapshots,
          maxTotalBackups: q.backups,
          maxTotalVolumeGigabytes: q.gigabytes,
          maxTotalSnapshots: q.snapshots,
          maxTotalBackupGigabytes: q.backup_gigabytes,
          totalBackupGigabytesUsed: 0,
          maxTotalVolumes: q.volumes,
          totalVolumesUsed: used.volumes,
          totalBackupsUsed: 0,
          totalGigabytesUsed: used.gigabytes,
        },
      },
    });
  });

  const quotaSet = (projectId: string, usage: boolean) => {
    const q = quotasOf(data(), projectId);
    const used = usageOf(data(), projectId);
    const inUse: Record<string, number> = { volumes: used.volumes, snapshots: used.snapshots, gigabytes: used.gigabytes };
    const entry = (k: string, limit: number) => (usage ? { limit, in_use: inUse[k] ?? 0, reserved: 0 } : limit);
    const set: Record<string, unknown> = { id: projectId };
    for (const k of ['volumes', 'snapshots', 'gigabytes', 'backups', 'backup_gigabytes'] as const) set[k] = entry(k, q[k]);
    set.groups = entry('groups', 10);
    set.per_volume_gigabytes = entry('per_volume_gigabytes', -1);
    for (const t of data().types) for (const k of ['volumes', 'gigabytes', 'snapshots']) set[`${k}_${t.name}`] = entry(`${k}_${t.name}`, -1);
    return { quota_set: set };
  };

  app.get('/v3/:project_id/os-quota-sets/:target', (c) => {
    const target = c.req.param('target');
    // Members may read their own project's quotas; admins any.
    if (target !== projectOf(c) && !c.get('auth').isAdmin) return cinderFault(c, 403, `Policy doesn't allow volume_extension:quotas:show to be performed.`);
    return c.json(quotaSet(target, ['true', '1', 'yes'].includes((c.req.query('usage') ?? '').toLowerCase())));
  });

  app.put('/v3/:project_id/os-quota-sets/:target', async (c) => {
    if (!c.get('auth').isAdmin) return cinderFault(c, 403, `Policy doesn't allow volume_extension:quotas:update to be performed.`);
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const parsed = validate(c, quotaUpdateSchema, body.data, 'body');
    if (!parsed.ok) return parsed.response;
    const target = c.req.param('target');
    const changes = Object.fromEntries(Object.entries(parsed.data.quota_set).filter(([k, v]) => ['volumes', 'snapshots', 'gigabytes', 'backups', 'backup_gigabytes'].includes(k) && v !== undefined)) as Partial<CinderQuotas>;
    data().quotas[target] = { ...data().quotas[target], ...changes };
    cloud.state.touch();
    const set = quotaSet(target, false).quota_set;
    delete set.id;
    return c.json({ quota_set: set });
  });
}
