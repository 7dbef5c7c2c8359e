// Zed's FakeDriver takes a snapshot without uploading anything, so its Glance image stays
// `queued` for ever. Where a test needs an active snapshot, this does the data part of what
// the libvirt driver does at the end of a snapshot, and says so in its name.
import type { Connection } from '../client';
import { getImage, updateImage, uploadImageData, type Image } from '../image/images';

/**
 * Sets the disk and container formats of a queued snapshot, then PUTs `bytes` as its data
 * (libvirt: `_create_snapshot_metadata`, then the upload). libvirt also writes
 * `image_location=snapshot`, `image_state=available` and `owner_id` at that moment; they are
 * left out on purpose, so that their absence stays visible as the one expected difference
 * between the fake driver and the local cloud (which follows libvirt).
 */
export async function uploadBytesLikeTheLibvirtDriver(conn: Connection, imageId: string, bytes: Uint8Array): Promise<Image> {
  await updateImage(conn, imageId, [
    { op: 'replace', path: '/disk_format', value: 'raw' },
    { op: 'replace', path: '/container_format', value: 'bare' },
  ]);
  await uploadImageData(conn, imageId, bytes, bytes.length);
  return getImage(conn, imageId);
}
