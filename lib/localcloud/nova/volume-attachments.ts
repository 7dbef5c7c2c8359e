// GET /servers/{id}/os-volume_attachments(/{volume_id}): the volumes Nova attached, from its
// block device mappings (nova/api/openstack/compute/volumes.py VolumeAttachmentController).
import type { Hono } from 'hono';
import type { CloudContext } from '../context';
import { novaFault } from '../errors';
import { volumeAttachmentView } from './block-devices';
import type { NovaEnv } from './common';
import { instanceNotFound, visibleServer } from './common';

export function volumeAttachmentRoutes(cloud: CloudContext, app: Hono<NovaEnv>): void {
  app.get('/v2.1/servers/:id/os-volume_attachments', (c) => {
    const s = visibleServer(cloud, c, c.req.param('id'));
    if (!s) return instanceNotFound(c, c.req.param('id'));
    const v = c.get('version');
    return c.json({ volumeAttachments: (s.blockDevices ?? []).filter((d) => d.volumeId !== null).map((d) => volumeAttachmentView(s, d, v)) });
  });
  app.get('/v2.1/servers/:id/os-volume_attachments/:volumeId', (c) => {
    const s = visibleServer(cloud, c, c.req.param('id'));
    if (!s) return instanceNotFound(c, c.req.param('id'));
    const d = (s.blockDevices ?? []).find((x) => x.volumeId === c.req.param('volumeId'));
    if (!d) return novaFault(c, 404, `Instance ${s.id} is not attached to volume ${c.req.param('volumeId')}`);
    return c.json({ volumeAttachment: volumeAttachmentView(s, d, c.get('version')) });
  });
}
