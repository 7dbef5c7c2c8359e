import type { APIRequestContext, Page } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import { CLOUD_URL } from './fixtures/cloud';
import { expect, test } from './fixtures/test';

/** The cloud's own APIs with a demo-project token: what the app really did. `path` starts
 * with the service (/compute/v2.1/…, /image/v2/…, /volume/v3/{project}/…). */
async function asDemo(request: APIRequestContext) {
  const auth = await request.post(`${CLOUD_URL}/identity/v3/auth/tokens`, {
    data: { auth: { identity: { methods: ['password'], password: { user: { name: 'demo', domain: { id: 'default' }, password: 'demo' } } }, scope: { project: { name: 'demo', domain: { id: 'default' } } } } },
  });
  expect(auth.status()).toBe(201);
  const token = auth.headers()['x-subject-token']!;
  const project = ((await auth.json()) as { token: { project: { id: string } } }).token.project.id;
  const call = async <T>(method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await request.fetch(`${CLOUD_URL}${path.replace('{project}', project)}`, { method, headers: { 'X-Auth-Token': token, ...(path.startsWith('/compute/') ? { 'OpenStack-API-Version': 'compute 2.93' } : {}), ...headers }, data });
    expect(res.ok(), await res.text()).toBeTruthy();
    return (await res.json()) as T;
  };
  return call;
}

/** Asks Nova itself, with a demo-project token, what the app did. */
async function nova<T>(request: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  return (await asDemo(request))<T>(method, `/compute/v2.1${path}`, data);
}

interface NovaServer { status: string; image: '' | { id: string }; 'os-extended-volumes:volumes_attached': { id: string; delete_on_termination: boolean }[] }
interface CinderVolume { id: string; size: number; snapshot_id: string | null; bootable: string; status: string; attachments: { server_id: string }[]; volume_image_metadata?: Record<string, string> }

const highlighted = (page: Page) => new URL(page.url()).searchParams.get('highlight')?.split(',') ?? [];
const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

test('launches from a snapshot: too-small flavors disabled, the instance becomes ACTIVE from that snapshot', async ({ signedIn: page, cloud }) => {
  const since = await cloud.lastSeq();
  await page.goto(`/launch?source=${SEED.images.web1Snapshot}`);
  await expect(page.getByRole('heading', { name: 'Launch instance', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Source', { exact: true })).toHaveValue(SEED.images.web1Snapshot);
  await expect(page.getByLabel('Network')).toHaveValue(SEED.networks.demoPrivate);
  await expect(page.getByLabel('Key pair').getByRole('option', { name: /demo-key/ })).toBeAttached();
  await expect(page.getByText('Active snapshots first, then backups, then images.')).toBeVisible();

  // What loading the form costs upstream: the source, one page each of snapshots and of
  // images, networks, key pairs and zones (flavors are cached per session, so at most once).
  // The Instances page the fixture signed in on may still be finishing its own calls (the
  // server list and its images by id=in:, the schedules' health from Mistral); they are not the form's.
  const load = (await cloud.requests({ since })).filter((r) => r.service !== 'identity' && r.service !== 'workflow' && !r.path.endsWith('/servers/detail') && !decodeURIComponent(r.query).includes('id=in:'));
  const calls = load.map((r) => `${r.method} ${r.path}`).sort();
  expect(calls.filter((c) => c !== 'GET /compute/v2.1/flavors/detail')).toEqual([
    'GET /compute/v2.1/os-availability-zone',
    'GET /compute/v2.1/os-keypairs',
    `GET /image/v2/images`,
    `GET /image/v2/images`,
    `GET /image/v2/images/${SEED.images.web1Snapshot}`,
    'GET /network/v2.0/networks',
  ]);
  console.log(`launch form load: ${calls.length} upstream calls: ${calls.join(', ')}`);

  // web-1-snapshot-weekly has min_disk 50: s1-2 (10 GB) and d2-2 (25 GB) cannot boot it.
  const flavor = page.getByLabel('Flavor');
  await expect(flavor.getByRole('option', { name: /^s1-2 .*too small: disk 10 GB is smaller than the image's minimum 50 GB/ })).toBeDisabled();
  await expect(flavor.getByRole('option', { name: /^d2-2 / })).toBeDisabled();
  await expect(flavor.getByRole('option', { name: /^d2-4 / })).toBeEnabled();
  await expect(page.getByText('2 flavors are too small for this source')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'will not have the guest agent channel' })).toBeVisible();

  await page.getByLabel('Instance name').fill('restored-web');
  await flavor.selectOption('d2-4');
  await page.getByLabel('Network').selectOption({ label: 'demo-private' });
  await expect(page.getByTestId('cli-command')).toHaveText(
    `openstack server create --image ${SEED.images.web1Snapshot} --flavor d2-4 --network ${SEED.networks.demoPrivate} restored-web`,
  );
  await page.screenshot({ path: 'test-results/screenshots/launch-disabled-flavor.png' });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();

  await expect(page).toHaveURL(/\/instances\?highlight=/);
  const [id] = highlighted(page);
  const newRow = row(page, 'restored-web');
  await expect(newRow.getByText('New', { exact: true })).toBeVisible();
  await expect(newRow.getByRole('cell').nth(1)).toHaveText(/^ACTIVE/, { timeout: 20_000 });
  const { server } = await nova<{ server: { image: { id: string }; flavor: { original_name: string } } }>(page.request, 'GET', `/servers/${id}`);
  expect(server.image.id).toBe(SEED.images.web1Snapshot);
  expect(server.flavor.original_name).toBe('d2-4');
});

test('Install QEMU guest agent: a snapshot of the new instance freezes the guest (fsfreeze hook lines on its console)', async ({ signedIn: page }) => {
  // app-template has hw_qemu_guest_agent=yes but no agent installed: only the checkbox makes it run.
  await page.goto(`/launch?source=${SEED.images.appTemplate}`);
  await expect(page.getByRole('status').filter({ hasText: 'Instances from this source get the guest agent channel' })).toBeVisible();
  await page.getByLabel('Instance name').fill('agent-vm');
  await page.getByLabel('Flavor').selectOption('d2-4');
  await page.getByLabel('Network').selectOption({ label: 'demo-private' });
  await page.getByLabel('Install QEMU guest agent').check();
  await expect(page.getByText('A #cloud-config that installs and starts qemu-guest-agent is sent as user data.')).toBeVisible();
  await page.getByRole('button', { name: 'Launch', exact: true }).click();

  await expect(page).toHaveURL(/\/instances\?highlight=/);
  const [id] = highlighted(page);
  const newRow = row(page, 'agent-vm');
  await expect(newRow.getByRole('cell').nth(1)).toHaveText(/^ACTIVE/, { timeout: 20_000 });

  await newRow.getByRole('button', { name: 'Create snapshot' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create snapshot' });
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();

  const consoleLines = async () => {
    const { output: out } = await nova<{ output: string }>(page.request, 'POST', `/servers/${id}/action`, { 'os-getConsoleOutput': {} });
    return out.split('\n').filter((l) => l.includes('fsfreeze-hook'));
  };
  await expect.poll(async () => (await consoleLines()).join('\n'), { timeout: 20_000 }).toMatch(/execute \S+ freeze[\s\S]*execute \S+ thaw/);
});

test('a quota refusal keeps every value and says so in plain words', async ({ signedIn: page, cloud }) => {
  const nova = 'Quota exceeded for instances: Requested 2, but already used 10 of 10 instances';
  await cloud.fault({ method: 'POST', path: '^/compute/v2\\.1/servers$', action: { type: 'status', status: 403, body: JSON.stringify({ forbidden: { code: 403, message: nova } }) } });
  await page.goto(`/launch?source=${SEED.images.debian12}`);
  await page.getByLabel('Instance name').fill('quota-vm');
  await page.getByLabel('Flavor').selectOption('d2-2');
  await page.getByLabel('Network').selectOption({ label: 'demo-private' });
  await page.getByLabel('Key pair').selectOption('demo-key');
  await page.getByLabel('Count').fill('2');
  await page.getByLabel('Install QEMU guest agent').check();
  await page.getByLabel('User data').fill('#!/bin/sh\necho hello\n');

  const since = await cloud.lastSeq();
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The instance was not launched' });
  await expect(alert).toContainText("The project's quota for instances is used up: 2 requested, 10 of 10 already in use.");
  await expect(alert).toContainText(nova);
  await expect(page).toHaveURL(/\/launch/);
  await expect(page.getByLabel('Instance name')).toHaveValue('quota-vm');
  await expect(page.getByLabel('Flavor')).toHaveValue('d2-2');
  await expect(page.getByLabel('Network')).toHaveValue(SEED.networks.demoPrivate);
  await expect(page.getByLabel('Key pair')).toHaveValue('demo-key');
  await expect(page.getByLabel('Count')).toHaveValue('2');
  await expect(page.getByLabel('Install QEMU guest agent')).toBeChecked();
  await expect(page.getByLabel('User data')).toHaveValue('#!/bin/sh\necho hello\n');
  // One POST: a refused create is not retried.
  expect(await cloud.requests({ since, method: 'POST', path: '/compute/v2.1/servers' })).toHaveLength(1);
});

test('field errors appear next to their fields and nothing is sent', async ({ signedIn: page, cloud }) => {
  await page.goto(`/launch?source=${SEED.images.debian12}`);
  const since = await cloud.lastSeq();
  await page.getByLabel('Count').fill('11');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page.getByLabel('Instance name')).toHaveAccessibleDescription(/Enter a name for the instance\./);
  await expect(page.getByLabel('Count')).toHaveAccessibleDescription(/At most 10 at once\./);
  await expect(page.getByLabel('Flavor')).toHaveAccessibleDescription(/Choose a flavor\./);
  expect(await cloud.requests({ since, method: 'POST', path: '/compute/v2.1/servers' })).toHaveLength(0);
});

test('Availability zone: Nova’s zones beside Any; the zone chosen is sent, shown in the CLI line and on the instance’s page', async ({ signedIn: page, cloud }) => {
  await page.goto(`/launch?source=${SEED.images.debian12}`);
  const zone = page.getByLabel('Availability zone');
  await expect(zone.getByRole('option')).toHaveText(["Any (Nova's default)", 'nova']);
  await expect(zone).toHaveValue('');
  await page.getByLabel('Instance name').fill('zoned-vm');
  await page.getByLabel('Flavor').selectOption('d2-2');
  await page.getByLabel('Network').selectOption({ label: 'demo-private' });
  const cli = page.getByTestId('cli-command');
  await expect(cli).toHaveText(`openstack server create --image ${SEED.images.debian12} --flavor d2-2 --network ${SEED.networks.demoPrivate} zoned-vm`);
  await zone.selectOption('nova');
  await expect(cli).toHaveText(`openstack server create --image ${SEED.images.debian12} --flavor d2-2 --network ${SEED.networks.demoPrivate} --availability-zone nova zoned-vm`);

  // Listed, then gone (its hosts disabled meanwhile): Nova's 400 lands on the field, every value kept.
  await cloud.fault({ method: 'POST', path: '^/compute/v2\\.1/servers$', action: { type: 'status', status: 400, body: JSON.stringify({ badRequest: { code: 400, message: 'The requested availability zone is not available' } }) } });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(zone).toHaveAccessibleDescription(/^Nova does not offer this availability zone now: .*Choose another zone, or Any\. \(Nova said: "The requested availability zone is not available"\)/);
  await expect(zone).toHaveValue('nova');
  await expect(page.getByRole('alert').filter({ hasText: 'The instance was not launched' })).toHaveCount(0);

  const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/launch');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  expect((await sent).postDataJSON()).toMatchObject({ availabilityZone: 'nova' });
  await expect(page).toHaveURL(/\/instances\?highlight=/);
  const [id] = highlighted(page);
  const { server } = await nova<{ server: { 'OS-EXT-AZ:availability_zone': string } }>(page.request, 'GET', `/servers/${id}`);
  expect(server['OS-EXT-AZ:availability_zone']).toBe('nova');
  await page.goto(`/instances/${id}`);
  const zoneTerm = page.getByRole('term').filter({ hasText: /^Availability zone$/ });
  await expect(zoneTerm.locator('xpath=following-sibling::dd[1]')).toHaveText('nova');

  // A zone Nova does not list, sent past the form: Nova's own refusal, nothing created.
  const launchInto = (availabilityZone: string) => page.request.post('/api/launch', {
    data: { name: 'nowhere-vm', sourceId: SEED.images.debian12, flavorId: 'd2-2', network: SEED.networks.demoPrivate, count: 1, availabilityZone },
    headers: { Origin: new URL(page.url()).origin },
  });
  const since = await cloud.lastSeq();
  const forged = await launchInto('atlantis');
  expect(forged.status()).toBe(400);
  expect(((await forged.json()) as { error: { message: string } }).error.message).toBe('The requested availability zone is not available');
  // (The path filter is a prefix: the instance's page may be reading its console by POST …/action meanwhile.)
  const creates = (await cloud.requests({ since, method: 'POST', path: '/compute/v2.1/servers' })).filter((r) => r.path === '/compute/v2.1/servers');
  expect(creates.map((r) => r.status)).toEqual([400]);
  // And one the route refuses itself, next to the field, before Nova hears of it.
  const empty = await launchInto('');
  expect(empty.status()).toBe(400);
  expect(((await empty.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ availabilityZone: 'Choose an availability zone, or Any.' });
});

test('without Nova’s zone list the form still launches with Any and says why', async ({ signedIn: page, cloud }) => {
  const refusal = "Policy doesn't allow os_compute_api:os-availability-zone:list to be performed.";
  await cloud.fault({ method: 'GET', path: '^/compute/v2\\.1/os-availability-zone$', times: null, action: { type: 'status', status: 403, body: JSON.stringify({ forbidden: { code: 403, message: refusal } }) } });
  await page.goto(`/launch?source=${SEED.images.debian12}`);
  const zone = page.getByLabel('Availability zone');
  await expect(zone).toHaveAccessibleDescription(`Availability zones could not be loaded: ${refusal} Any still works: it leaves the zone to Nova. Try again`);
  await expect(zone.getByRole('option')).toHaveText(["Any (Nova's default)"]);
  await page.getByLabel('Instance name').fill('anywhere-vm');
  await page.getByLabel('Flavor').selectOption('d2-2');
  await page.getByLabel('Network').selectOption('none');
  const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/launch');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  expect((await sent).postDataJSON()).not.toHaveProperty('availabilityZone');
  await expect(page).toHaveURL(/\/instances\?highlight=/);
  await expect(row(page, 'anywhere-vm')).toBeVisible();
});

test('several instances at once: every new row is highlighted', async ({ signedIn: page }) => {
  await page.goto(`/launch?source=${SEED.images.ubuntu2404}`);
  await page.getByLabel('Instance name').fill('farm');
  await page.getByLabel('Flavor').selectOption('d2-2');
  await page.getByLabel('Network').selectOption('none');
  await page.getByLabel('Count').fill('2');
  await expect(page.getByTestId('cli-command')).toHaveText(`openstack server create --image ${SEED.images.ubuntu2404} --flavor d2-2 --nic none --min 2 --max 2 farm`);
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page).toHaveURL(/\/instances\?highlight=/);
  expect(highlighted(page)).toHaveLength(2);
  for (const name of ['farm-1', 'farm-2']) await expect(row(page, name).getByText('New', { exact: true })).toBeVisible();
});

test('turns the agent channel on for a source the project owns, and only for such a source', async ({ signedIn: page }) => {
  await page.goto(`/launch?source=${SEED.images.debian12}`);
  const notice = page.getByRole('status').filter({ hasText: 'guest agent channel' });
  await expect(notice).toContainText('Your project does not own this image');
  await expect(page.getByRole('button', { name: 'Turn on the agent channel for this image' })).toHaveCount(0);

  await page.goto(`/launch?source=${SEED.images.web1Snapshot}`);
  await expect(notice).toContainText('will not have the guest agent channel');
  await page.getByRole('button', { name: 'Turn on the agent channel for this image' }).click();
  await expect(notice).toContainText('Instances from this source get the guest agent channel');
  await page.reload();
  await expect(notice).toContainText('Instances from this source get the guest agent channel');
});

test('launches from a volume-backed snapshot of vol-1: a new volume from its Cinder snapshot, deleted with the instance as asked', async ({ signedIn: page }) => {
  const api = await asDemo(page.request);
  // The snapshot as the CLI makes it, through Nova's API.
  const { image_id: imageId } = await api<{ image_id: string }>('POST', `/compute/v2.1/servers/${SEED.servers.vol1}/action`, { createImage: { name: 'vol-1-launchable' } });
  const image = await api<{ block_device_mapping: string }>('GET', `/image/v2/images/${imageId}`);
  const [root] = JSON.parse(image.block_device_mapping) as { snapshot_id: string; volume_size: number }[];
  expect(root!.volume_size).toBe(10);
  await expect.poll(async () => (await api<{ snapshot: { status: string } }>('GET', `/volume/v3/{project}/snapshots/${root!.snapshot_id}`)).snapshot.status).toBe('available');
  // As when vol-1's flavor had a 20 GB disk (Nova writes min_disk = max(image, flavor disk)):
  // s1-2's 10 GB disk is below it, yet the root is a volume, so s1-2 boots it all the same.
  await api('PATCH', `/image/v2/images/${imageId}`, [{ op: 'replace', path: '/min_disk', value: 20 }], { 'Content-Type': 'application/openstack-images-v2.1-json-patch' });

  await page.goto(`/launch?source=${imageId}`);
  const bootVolume = page.getByRole('group', { name: 'Boot volume' });
  await expect(bootVolume).toContainText(`Nova creates a new 10 GiB volume from Cinder snapshot ${root!.snapshot_id}`);
  await expect(bootVolume.getByRole('checkbox', { name: 'Create a new volume' })).toHaveCount(0);
  const deleteVolume = page.getByRole('checkbox', { name: 'Delete volume on instance delete' });
  await expect(deleteVolume).not.toBeChecked();
  const flavor = page.getByLabel('Flavor');
  await expect(flavor.getByRole('option', { name: /^s1-2 / })).toBeEnabled();
  await expect(flavor.getByRole('option', { name: /too small/ })).toHaveCount(0);

  await page.getByLabel('Instance name').fill('from-vol-1-snap');
  await flavor.selectOption('s1-2');
  await page.getByLabel('Network').selectOption({ label: 'demo-private' });
  await deleteVolume.check();
  await expect(page.getByTestId('cli-command')).toHaveText(
    `openstack server create --block-device uuid=${root!.snapshot_id},source_type=snapshot,destination_type=volume,boot_index=0,volume_size=10,delete_on_termination=true --flavor s1-2 --network ${SEED.networks.demoPrivate} from-vol-1-snap`,
  );
  await page.screenshot({ path: 'test-results/screenshots/launch-volume-backed.png', fullPage: true });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();

  await expect(page).toHaveURL(/\/instances\?highlight=/);
  const [id] = highlighted(page);
  await expect(row(page, 'from-vol-1-snap').getByRole('cell').nth(1)).toHaveText(/^ACTIVE/, { timeout: 30_000 });
  const { server } = await api<{ server: NovaServer }>('GET', `/compute/v2.1/servers/${id}`);
  expect(server.image).toBe('');
  expect(server['os-extended-volumes:volumes_attached']).toEqual([{ id: expect.any(String), delete_on_termination: true }]);
  const { volume } = await api<{ volume: CinderVolume }>('GET', `/volume/v3/{project}/volumes/${server['os-extended-volumes:volumes_attached'][0]!.id}`);
  expect(volume).toMatchObject({ snapshot_id: root!.snapshot_id, size: 10, status: 'in-use', attachments: [{ server_id: id }] });
});

test('launches Debian 12 onto a new 12 GiB volume: the size is checked before sending, the instance is volume-backed', async ({ signedIn: page, cloud }) => {
  await page.goto(`/launch?source=${SEED.images.debian12}`);
  await page.getByLabel('Instance name').fill('debian-on-volume');
  await page.getByLabel('Flavor').selectOption('s1-2');
  await page.getByLabel('Network').selectOption({ label: 'demo-private' });
  await expect(page.getByLabel('Volume size (GiB)')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Create a new volume' }).check();
  const size = page.getByLabel('Volume size (GiB)');
  await expect(size).toHaveValue('2'); // Debian 12's min_disk
  await expect(page.getByRole('checkbox', { name: 'Delete volume on instance delete' })).not.toBeChecked();

  const since = await cloud.lastSeq();
  await size.fill('1');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(size).toHaveAccessibleDescription(/At least 2 GiB: the image needs that much\./);
  expect(await cloud.requests({ since, method: 'POST', path: '/compute/v2.1/servers' })).toHaveLength(0);

  await size.fill('12');
  await expect(page.getByTestId('cli-command')).toHaveText(
    `openstack server create --block-device uuid=${SEED.images.debian12},source_type=image,destination_type=volume,boot_index=0,volume_size=12,delete_on_termination=false --flavor s1-2 --network ${SEED.networks.demoPrivate} debian-on-volume`,
  );
  await page.screenshot({ path: 'test-results/screenshots/launch-new-volume.png', fullPage: true });
  await page.getByRole('button', { name: 'Launch', exact: true }).click();

  await expect(page).toHaveURL(/\/instances\?highlight=/);
  const [id] = highlighted(page);
  await expect(row(page, 'debian-on-volume').getByRole('cell').nth(1)).toHaveText(/^ACTIVE/, { timeout: 30_000 });
  const api = await asDemo(page.request);
  const { server } = await api<{ server: NovaServer }>('GET', `/compute/v2.1/servers/${id}`);
  expect(server.image).toBe('');
  expect(server['os-extended-volumes:volumes_attached']).toEqual([{ id: expect.any(String), delete_on_termination: false }]);
  const { volume } = await api<{ volume: CinderVolume }>('GET', `/volume/v3/{project}/volumes/${server['os-extended-volumes:volumes_attached'][0]!.id}`);
  expect(volume).toMatchObject({ size: 12, status: 'in-use', bootable: 'true', attachments: [{ server_id: id }] });
  expect(volume.volume_image_metadata?.image_id).toBe(SEED.images.debian12);
});
