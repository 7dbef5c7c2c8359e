// Nova's answers to a create, in plain words and placed next to the field they concern.
// Nova's text stays visible too: it is what a support ticket needs.

export type LaunchField = 'name' | 'sourceId' | 'flavorId' | 'network' | 'keyName' | 'availabilityZone' | 'count' | 'userData' | 'volumeSize' | 'newVolume';

export interface LaunchFailure {
  field: LaunchField | null;
  message: string;
}

const GiB = 1024 ** 3;
const gb = (bytes: string) => `${Math.round((Number(bytes) / GiB) * 10) / 10} GB`;

const RULES: { test: RegExp; field: LaunchField | null; say: (m: RegExpExecArray) => string }[] = [
  {
    test: /Quota exceeded for (\w+): Requested (\d+), but already used (\d+) of (\d+)/i,
    field: null,
    say: (m) => `The project's quota for ${m[1]} is used up: ${m[2]} requested, ${m[3]} of ${m[4]} already in use. Delete what you no longer need, lower Count, or ask your cloud provider for a larger quota.`,
  },
  {
    test: /quota|maximum number of|over ?limit/i,
    field: null,
    say: () => 'The project has reached one of its quotas. Delete what you no longer need, lower Count, or ask your cloud provider for a larger quota.',
  },
  {
    test: /Flavor's disk is too small for requested image\.(?: Flavor disk is (\d+) bytes, minimum size is (\d+) bytes)?/i,
    field: 'flavorId',
    say: (m) => (m[1] && m[2] ? `This flavor's disk (${gb(m[1])}) is smaller than the source needs (${gb(m[2])}). Choose a larger flavor.` : "This flavor's disk is smaller than the source needs. Choose a larger flavor."),
  },
  { test: /Flavor's memory is too small/i, field: 'flavorId', say: () => "This flavor's RAM is below the source's minimum. Choose a larger flavor." },
  { test: /Invalid flavorRef|Flavor .* could not be found/i, field: 'flavorId', say: () => 'Nova does not know this flavor (any more). Choose another one.' },
  { test: /Invalid key_name|Keypair .* not found/i, field: 'keyName', say: () => 'Nova does not know this key pair. Key pairs belong to the user who created them: choose one of yours or none.' },
  // compute/api.py: the zone is unknown, or none of its compute services is enabled (any more).
  {
    test: /requested availability zone is not available/i,
    field: 'availabilityZone',
    say: () => 'Nova does not offer this availability zone now: it does not exist, or none of its compute hosts is enabled. Choose another zone, or Any.',
  },
  // servers.py: "zone:host[:node]" asks for a compute host, which the default policy leaves to admins.
  {
    test: /servers:create:forced_host|Unable to parse availability_zone/i,
    field: 'availabilityZone',
    say: () => 'Nova reads a ":" in a zone as a request for a particular compute host, which only admins may make. Choose a zone from the list, or Any.',
  },
  { test: /Multiple possible networks found/i, field: 'network', say: () => 'Several networks are available to this project: choose one.' },
  { test: /automatically allocate a network|auto-allocat/i, field: 'network', say: () => 'The cloud could not set up a network automatically for this project. Choose a network, or "none".' },
  { test: /Network .* could not be found|Invalid network|Bad networks format/i, field: 'network', say: () => 'Nova does not know this network, or the project may not use it. Choose another one.' },
  { test: /Image .* could not be found/i, field: 'sourceId', say: () => 'The image service does not show this source to the project (deleted, or not shared with it). Choose another source.' },
  { test: /Image .* is not active/i, field: 'sourceId', say: () => 'This source is not active yet (still uploading?). Wait until it is active, or choose another.' },
  { test: /user_data/i, field: 'userData', say: () => 'Nova refused the user data (too large, or not valid base64 once encoded).' },
  {
    test: /Volume is smaller than the minimum size specified in image metadata/i,
    field: 'volumeSize',
    say: () => 'The volume is smaller than the image needs (its minimum disk or its size). Make it larger.',
  },
  { test: /(?:failed to get|could not be found).*snapshot|snapshot .* could not be found/i, field: 'sourceId', say: () => 'Cinder does not show the volume snapshot this image is made of (deleted, or of another project). Choose another source.' },
  { test: /Block Device Mapping is Invalid/i, field: null, say: () => 'Nova refused the boot volume request.' },
  { test: /No valid host/i, field: null, say: () => 'No compute host has room for this flavor right now (Nova found no valid host). Try a smaller flavor, or try again later.' },
];

/** A failed POST /api/launch, from its status and the message the route passed on. */
export function explainLaunchFailure(status: number, message: string): LaunchFailure {
  for (const rule of RULES) {
    const m = rule.test.exec(message);
    if (m) return { field: rule.field, message: `${rule.say(m)} (Nova said: "${message}")` };
  }
  if (status === 409) return { field: null, message: `Nova refused the request because of a conflict: ${message}` };
  if (status === 403) return { field: null, message: `Nova refused the request (not allowed): ${message}` };
  return { field: null, message };
}
