// The contract suite against the embedded local cloud (with Neutron), in every unit run.
// zed.contract.test.ts runs the same suite against Zed and a Neutron-less local cloud.
import { contractSuite } from './testing/contract-suite';
import { localCloudTarget } from './testing/local-cloud-target';

contractSuite('local cloud', localCloudTarget());
