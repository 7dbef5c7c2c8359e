import { describe, expect, it } from 'vitest';
import { explainLaunchFailure } from './launch-errors';

describe('explainLaunchFailure', () => {
  it('puts Nova’s boot volume refusals next to the field they concern', () => {
    const small = 'Volume is smaller than the minimum size specified in image metadata. Volume size is 1073741824 bytes, minimum size is 2147483648 bytes.';
    expect(explainLaunchFailure(400, small)).toMatchObject({ field: 'volumeSize', message: expect.stringContaining(small) });
    const gone = 'Block Device Mapping is Invalid: failed to get snapshot f0000001-0000-4000-8000-000000000001.';
    expect(explainLaunchFailure(400, gone)).toMatchObject({ field: 'sourceId', message: expect.stringMatching(/^Cinder does not show the volume snapshot/) });
    expect(explainLaunchFailure(400, 'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.').field).toBeNull();
  });

  it('says a quota error in plain words and keeps Nova’s text', () => {
    const nova = 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances';
    const f = explainLaunchFailure(403, nova);
    expect(f.field).toBeNull();
    expect(f.message).toMatch(/^The project's quota for instances is used up: 1 requested, 10 of 10 already in use\./);
    expect(f.message).toContain(nova);
  });

  it('puts a too-small flavor next to the Flavor field, in GB', () => {
    const f = explainLaunchFailure(400, "Flavor's disk is too small for requested image. Flavor disk is 10737418240 bytes, minimum size is 53687091200 bytes.");
    expect(f).toMatchObject({ field: 'flavorId' });
    expect(f.message).toMatch(/disk \(10 GB\) is smaller than the source needs \(50 GB\)/);
  });

  it('places key pair, network and image errors on their fields', () => {
    expect(explainLaunchFailure(400, 'Invalid key_name provided.').field).toBe('keyName');
    expect(explainLaunchFailure(409, 'Multiple possible networks found, use a Network ID to be more specific.').field).toBe('network');
    expect(explainLaunchFailure(400, 'Network 1f2e could not be found.').field).toBe('network');
    expect(explainLaunchFailure(400, 'Image 0a1b could not be found.').field).toBe('sourceId');
  });

  it('puts an unavailable or host-forcing zone next to the Availability zone field, keeping Nova’s words', () => {
    const gone = explainLaunchFailure(400, 'The requested availability zone is not available');
    expect(gone).toEqual({
      field: 'availabilityZone',
      message: 'Nova does not offer this availability zone now: it does not exist, or none of its compute hosts is enabled. Choose another zone, or Any. (Nova said: "The requested availability zone is not available")',
    });
    expect(explainLaunchFailure(403, "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.").field).toBe('availabilityZone');
    expect(explainLaunchFailure(400, 'Invalid input received: Unable to parse availability_zone').field).toBe('availabilityZone');
    // Another policy refusal is not about the zone.
    expect(explainLaunchFailure(403, "Policy doesn't allow os_compute_api:servers:create to be performed.").field).toBeNull();
  });

  it('passes unknown messages on, saying what a 409 means', () => {
    expect(explainLaunchFailure(400, 'Something new.')).toEqual({ field: null, message: 'Something new.' });
    expect(explainLaunchFailure(409, 'Odd.').message).toBe('Nova refused the request because of a conflict: Odd.');
  });
});
