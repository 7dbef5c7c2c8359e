import { describe, expect, it } from 'vitest';
import { FAKE_PROJECT_ID, fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { getVolumeLimits, snapshotQuotaShortfall } from './limits';
import { listVolumeTypes } from './volume-types';

const fake = withFakeServer();
const base = `/volume/v3/${FAKE_PROJECT_ID}`;

describe('listVolumeTypes and getVolumeLimits', () => {
  it('reads the types sample', async () => {
    fake().expect({ method: 'GET', path: `${base}/types`, reply: { status: 200, json: fixture('cinder-volume-types.json') } });
    const types = await listVolumeTypes(fakeConnection(fake()));
    expect(types.map((t) => t.name)).toEqual(['vol-type-002', 'vol-type-001', '__DEFAULT__']);
    expect(types[2]).toEqual({ id: '7a56b996-b73f-4233-9f00-dd6a68b49b27', name: '__DEFAULT__', description: 'Default Volume Type', isPublic: true });
  });

  it('reads absolute limits (sample) and maps -1 to unlimited', async () => {
    const unlimited = structuredClone(fixture('cinder-limits.json')) as { limits: { absolute: Record<string, number> } };
    unlimited.limits.absolute.maxTotalSnapshots = -1;
    unlimited.limits.absolute.totalGigabytesUsed = 995;
    fake().expect(
      { method: 'GET', path: `${base}/limits`, reply: { status: 200, json: fixture('cinder-limits.json') } },
      { method: 'GET', path: `${base}/limits`, reply: { status: 200, json: unlimited } },
    );
    const limits = await getVolumeLimits(fakeConnection(fake()));
    expect(limits).toEqual({ volumes: { max: 10, used: 0 }, snapshots: { max: 10, used: 0 }, gigabytes: { max: 1000, used: 0 } });
    expect(snapshotQuotaShortfall(limits, { count: 1, gigabytes: 10 })).toBeNull();
    const tight = await getVolumeLimits(fakeConnection(fake()));
    expect(tight.snapshots.max).toBeNull();
    expect(snapshotQuotaShortfall(tight, { count: 1, gigabytes: 10 })).toEqual({ quota: 'gigabytes', requested: 10, used: 995, max: 1000 });
    expect(snapshotQuotaShortfall({ ...tight, snapshots: { max: 10, used: 10 } }, { count: 1, gigabytes: 1 })).toEqual({ quota: 'snapshots', requested: 1, used: 10, max: 10 });
  });
});
