// Regions of the local cloud's Glance. The first region's Glance is the one at /image, on the
// cloud's own state; every other region has its own Glance at /image/regions/<name> with its
// own images and image data, and the same Keystone (tokens, projects, users). Nova is shared
// by all regions (one compute service): only images are per region.
import type { CloudContext } from '../context';
import { serviceOptions, setServiceOptions } from '../config';
import type { CloudData, CloudState, Image } from '../state/state';

const regionClouds = new WeakMap<CloudContext, Map<string, CloudContext>>();
const mains = new WeakMap<CloudContext, CloudContext>();

/** The cloud a region's context belongs to (the cloud itself for the first region). */
export const mainCloud = (cloud: CloudContext): CloudContext => mains.get(cloud) ?? cloud;

/** The URL path of a region's Glance below the cloud's public URL. */
export const regionImagePath = (cloud: CloudContext, region: string): string =>
  serviceOptions(cloud).regions[0] === region ? '/image' : `/image/regions/${encodeURIComponent(region)}`;

/** A state that reads everything but images from the main state. Region images live in
 * memory only: the state file keeps the first region's. */
function regionState(main: CloudState): CloudState {
  const images: { list: Image[] } = { list: [] };
  // main.data is read at each access: a reset replaces it.
  const data = new Proxy({} as CloudData, {
    get: (_t, key) => (key === 'images' ? images.list : Reflect.get(main.data, key)),
    set: (_t, key, value) => {
      if (key === 'images') images.list = value as Image[];
      else Reflect.set(main.data, key, value);
      return true;
    },
  });
  const state = Object.create(main) as CloudState;
  // Own fields shadow the main state's: images, their index and their bytes.
  Object.assign(state, { data, blobs: new Map<string, Buffer>(), imagesById: new Map<string, Image>() });
  return state;
}

/** The CloudContext every region's Glance works on; the first region is the cloud itself. */
export function regionCloud(cloud: CloudContext, region: string): CloudContext {
  if (serviceOptions(cloud).regions[0] === region) return cloud;
  let byRegion = regionClouds.get(cloud);
  if (!byRegion) regionClouds.set(cloud, (byRegion = new Map()));
  let found = byRegion.get(region);
  if (!found) {
    found = { ...cloud, state: regionState(cloud.state) };
    setServiceOptions(found, serviceOptions(cloud));
    mains.set(found, cloud);
    byRegion.set(region, found);
  }
  return found;
}

/** A region by name as glance-download's get_glance_endpoint matches it (case-insensitive). */
export function findRegion(cloud: CloudContext, name: string): string | undefined {
  return serviceOptions(cloud).regions.find((r) => r.toLowerCase() === name.toLowerCase());
}

/** Empties every other region's Glance (POST /__admin/reset). */
export function clearRegionImages(cloud: CloudContext): void {
  for (const region of regionClouds.get(cloud)?.values() ?? []) {
    region.state.data.images = [];
    Object.assign(region.state, { imagesById: new Map<string, Image>() });
    region.state.blobs.clear();
  }
}
