// Regions of the local cloud. The first region's Glance and Nova are the ones at /image and
// /compute, on the cloud's own state; every other region has its own Glance at
// /image/regions/<name> and its own Nova at /compute/regions/<name>, with their own images,
// image data, servers and instance actions, as separate Nova and Glance deployments have.
// Keystone, Neutron, Cinder and Mistral are shared by all regions (one of each), and so are
// what Nova reads from the shared state: flavors and keypairs.
import type { CloudContext } from './context';
import { serviceOptions, setServiceOptions } from './config';
import type { CloudData, CloudState, Image, InstanceAction, Server } from './state/state';

const regionClouds = new WeakMap<CloudContext, Map<string, CloudContext>>();
const mains = new WeakMap<CloudContext, CloudContext>();
const names = new WeakMap<CloudContext, string>();

/** The cloud a region's context belongs to (the cloud itself for the first region). */
export const mainCloud = (cloud: CloudContext): CloudContext => mains.get(cloud) ?? cloud;

/** The region a context serves (the first region for the cloud itself). */
export const regionOf = (cloud: CloudContext): string => names.get(cloud) ?? serviceOptions(cloud).regions[0]!;

const isFirst = (cloud: CloudContext, region: string) => serviceOptions(cloud).regions[0] === region;

/** The URL path of a region's Glance below the cloud's public URL. */
export const regionImagePath = (cloud: CloudContext, region: string): string =>
  isFirst(cloud, region) ? '/image' : `/image/regions/${encodeURIComponent(region)}`;

/** The URL path of a region's Nova below the cloud's public URL (its API is at <path>/v2.1). */
export const regionComputePath = (cloud: CloudContext, region: string): string =>
  isFirst(cloud, region) ? '/compute' : `/compute/regions/${encodeURIComponent(region)}`;

/** The Nova root URL of the context's region, e.g. http://127.0.0.1:5480/compute. */
export const computeRoot = (cloud: CloudContext): string => `${cloud.publicUrl}${regionComputePath(cloud, regionOf(cloud))}`;

/** The Glance root URL of the context's region (the Glance its Nova writes snapshots to). */
export const imageRoot = (cloud: CloudContext): string => `${cloud.publicUrl}${regionImagePath(cloud, regionOf(cloud))}`;

/** What each region keeps for itself; the rest of CloudData is the main state's. */
interface Own { images: Image[]; servers: Server[]; instanceActions: Record<string, InstanceAction[]> }
const OWN_KEYS = new Set<PropertyKey>(['images', 'servers', 'instanceActions']);
const emptyOwn = (): Own => ({ images: [], servers: [], instanceActions: {} });

/** A state that reads everything but images, servers and instance actions from the main
 * state. Those live in memory only: the state file keeps the first region's. */
function regionState(main: CloudState): CloudState {
  let own = emptyOwn();
  // main.data is read at each access: a reset replaces it.
  const data = new Proxy({} as CloudData, {
    get: (_t, key) => (OWN_KEYS.has(key) ? own[key as keyof Own] : Reflect.get(main.data, key)),
    set: (_t, key, value) => {
      if (OWN_KEYS.has(key)) own = { ...own, [key]: value };
      else Reflect.set(main.data, key, value);
      return true;
    },
  });
  const state = Object.create(main) as CloudState;
  // Own fields shadow the main state's: the region's data, its indexes and its image bytes.
  // Not reindex(): that would also index tokens here, and miss the ones Keystone adds later.
  const index = () => Object.assign(state, { imagesById: new Map<string, Image>(), serversById: new Map<string, Server>() });
  Object.assign(state, { data, blobs: new Map<string, Buffer>() });
  index();
  Object.defineProperty(state, 'clearRegion', {
    value: () => {
      own = emptyOwn();
      state.blobs.clear();
      index();
    },
  });
  return state;
}

/** The CloudContext every region's Glance and Nova work on; the first region is the cloud itself. */
export function regionCloud(cloud: CloudContext, region: string): CloudContext {
  if (isFirst(cloud, region)) return cloud;
  let byRegion = regionClouds.get(cloud);
  if (!byRegion) regionClouds.set(cloud, (byRegion = new Map()));
  let found = byRegion.get(region);
  if (!found) {
    found = { ...cloud, state: regionState(cloud.state) };
    setServiceOptions(found, serviceOptions(cloud));
    mains.set(found, cloud);
    names.set(found, region);
    byRegion.set(region, found);
  }
  return found;
}

/** Every region's context, the first region (the cloud itself) first. */
export const allRegionClouds = (cloud: CloudContext): CloudContext[] =>
  serviceOptions(cloud).regions.map((r) => regionCloud(cloud, r));

/** A region by name as glance-download's get_glance_endpoint matches it (case-insensitive). */
export function findRegion(cloud: CloudContext, name: string): string | undefined {
  return serviceOptions(cloud).regions.find((r) => r.toLowerCase() === name.toLowerCase());
}

/** Empties every other region's Glance and Nova (POST /__admin/reset). */
export function clearOtherRegions(cloud: CloudContext): void {
  for (const region of regionClouds.get(cloud)?.values() ?? []) {
    (region.state as CloudState & { clearRegion(): void }).clearRegion();
  }
}
