import { describe, expect, it } from 'vitest';
import { OpenStackCapabilityError } from '../errors';
import { FAKE_PROJECT_ID, fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { listAttachments } from './attachments';

const fake = withFakeServer();
const base = `/volume/v3/${FAKE_PROJECT_ID}`;

describe('listAttachments', () => {
  it('lists by volume and server (sample), at 3.27 or later', async () => {
    fake().expect({
      method: 'GET', path: `${base}/attachments`, query: { volume_id: '462dcc2d-130d-4654-8db1-da0df2da6a0d', instance_id: '31c79baf-b59e-469c-979f-1df4ecb6eea7' },
      headers: { 'OpenStack-API-Version': 'volume 3.70' }, reply: { status: 200, json: fixture('cinder-attachments.json') },
    });
    expect(await listAttachments(fakeConnection(fake()), { volumeId: '462dcc2d-130d-4654-8db1-da0df2da6a0d', serverId: '31c79baf-b59e-469c-979f-1df4ecb6eea7' })).toEqual([
      { id: '3b8b6631-1cf7-4fd7-9afb-c01e541a073c', status: 'attaching', serverId: '31c79baf-b59e-469c-979f-1df4ecb6eea7', volumeId: '462dcc2d-130d-4654-8db1-da0df2da6a0d' },
    ]);
  });

  it('sends nothing below 3.27', async () => {
    const err = await listAttachments(fakeConnection(fake(), { volumeMicroversion: '3.26' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackCapabilityError);
    expect((err as OpenStackCapabilityError).reason).toBe('microversion-too-low');
    await expect(listAttachments({ ...fakeConnection(fake()), volumeMicroversion: undefined })).rejects.toBeInstanceOf(OpenStackCapabilityError);
  });
});
