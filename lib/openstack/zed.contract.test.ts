// The contract suite against a real OpenStack Zed cloud (scripts/zed-cloud/up) and, side by
// side in the same run, against the local cloud configured like it (no network service):
// a test that passes on Zed and fails on the local cloud is a fidelity bug of the local cloud.
//   npm run test:zed      (or: SNAPDECK_ZED_AUTH_URL=http://127.0.0.1:5000/v3 npx vitest run lib/openstack/zed.contract.test.ts)
// Without SNAPDECK_ZED_AUTH_URL it is skipped; localcloud.contract.test.ts covers the local
// cloud in every unit run.
import { describe, it } from 'vitest';
import { contractSuite } from './testing/contract-suite';
import { localCloudTarget } from './testing/local-cloud-target';
import { zedTarget } from './testing/zed-target';

const authUrl = process.env.SNAPDECK_ZED_AUTH_URL;

if (!authUrl) {
  describe.skip('OpenStack contract: Zed (set SNAPDECK_ZED_AUTH_URL to run)', () => {
    it('needs a Zed cloud', () => undefined);
  });
} else {
  contractSuite('local cloud', localCloudTarget({ neutron: false }));
  contractSuite('Zed', () => zedTarget(authUrl));
}
