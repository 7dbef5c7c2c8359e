import { describe, expect, it } from 'vitest';
import { OpenStackCapabilityError } from '../errors';
import { FAKE_PROJECT_ID, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { negotiateVolumeMicroversion } from './version';

const fake = withFakeServer();

describe('negotiateVolumeMicroversion', () => {
  it('reads the v3 document at the version root (sample) and keeps the client maximum', async () => {
    fake().expect({ method: 'GET', path: '/volume/v3/', token: 't', reply: { status: 200, json: fixture('cinder-versions.json') } });
    expect(await negotiateVolumeMicroversion({ token: 't', volumeUrl: `${fake().url}/volume/v3/${FAKE_PROJECT_ID}` })).toBe('3.70');
  });

  it('settles on an older cloud\'s maximum, and refuses a cloud whose minimum is beyond the client', async () => {
    const older = structuredClone(fixture('cinder-versions.json')) as { versions: { version: string; min_version: string }[] };
    older.versions[0]!.version = '3.59';
    const newer = structuredClone(older);
    newer.versions[0]!.version = '3.80';
    newer.versions[0]!.min_version = '3.75';
    fake().expect(
      { method: 'GET', path: '/volume/v3/', token: 't', reply: { status: 200, json: older } },
      { method: 'GET', path: '/volume/v3/', token: 't', reply: { status: 200, json: newer } },
    );
    const url = `${fake().url}/volume/v3/${FAKE_PROJECT_ID}`;
    expect(await negotiateVolumeMicroversion({ token: 't', volumeUrl: url })).toBe('3.59');
    await expect(negotiateVolumeMicroversion({ token: 't', volumeUrl: url })).rejects.toBeInstanceOf(OpenStackCapabilityError);
  });
});
