'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';
import { imageKind } from '@/lib/images/rules';
import { formatGiB } from '@/components/ui/format';
import type { BatchItemResult, BatchResponse, ImageDto } from '@/lib/images/contract';
import { BatchResults } from './batch-results';
import { queryKeys } from '@/lib/client/query-keys';

/** Why an image cannot be deleted by this project, or null. */
export function deleteBlocker(image: ImageDto): string | null {
  if (image.protected) return 'Protected: Glance refuses to delete it until it is unprotected (openstack image set --unprotected).';
  if (!image.ownedByProject) return 'Owned by another project: only its owner can delete it.';
  return null;
}

const displayName = (i: ImageDto) => i.name || i.id;

/** Confirms and deletes one image (DELETE) or several (bulk route), then lists what
 * happened to each. Protected and other projects' images are named and left out. */
export function DeleteImagesDialog({ images, open, onClose, onDeleted }: { images: ImageDto[]; open: boolean; onClose: () => void; onDeleted?: (ids: string[]) => void }) {
  const qc = useQueryClient();
  const deletable = images.filter((i) => !deleteBlocker(i));
  const blocked = images.filter((i) => deleteBlocker(i));
  const volumeSnapshots = deletable.filter((i) => imageKind(i) === 'volume snapshot');
  const mutation = useMutation({
    mutationFn: async (): Promise<BatchItemResult[]> => {
      if (deletable.length === 1) {
        const only = deletable[0]!;
        const r = await apiFetch<BatchItemResult>(`/api/images/${encodeURIComponent(only.id)}`, { method: 'DELETE' });
        return [{ ...r, name: displayName(only) }];
      }
      const r = await apiFetch<BatchResponse>('/api/images/bulk-delete', { method: 'POST', json: { ids: deletable.map((i) => i.id) } });
      const names = new Map(deletable.map((i) => [i.id, displayName(i)]));
      return r.results.map((x) => ({ ...x, name: names.get(x.id) ?? x.id }));
    },
    onSuccess: (results) => {
      const deleted = new Set(results.filter((r) => r.ok).map((r) => r.id));
      // Not the detail of an image just deleted: refetched, it would be a 404 that replaces
      // the page, and this summary with it, before the user has read it.
      void qc.invalidateQueries({ queryKey: queryKeys.images.all(), predicate: (q) => !(q.queryKey[1] === 'detail' && deleted.has(String(q.queryKey[2]))) });
      onDeleted?.([...deleted]);
    },
  });
  const title = images.length === 1 ? `Delete image ${displayName(images[0]!)}` : `Delete ${images.length} images`;
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <Dialog open={open} title={title} onClose={close}>
      {mutation.data ? (
        <div className="space-y-3">
          <BatchResults results={mutation.data} okWord="Deleted" />
          <div className="flex justify-end">
            <Button variant="primary" onClick={close}>Done</Button>
          </div>
        </div>
      ) : (
        <div className="space-y-3 text-sm">
          {deletable.length > 0 ? (
            <>
              <p>Glance deletes the image record and its data. This cannot be undone.</p>
              <ul className="list-inside list-disc">
                {deletable.map((i) => {
                  const cinder = i.cinderSnapshots;
                  return (
                    <li key={i.id} className="break-all">
                      <strong>{displayName(i)}</strong> <span className="text-slate-500 dark:text-slate-400">({imageKind(i)})</span>
                      {cinder && (
                        <ul aria-label={`Cinder snapshots of ${displayName(i)}`} className="ml-5 list-[circle] text-xs">
                          {cinder.map((c) => <li key={c.id}>and Cinder snapshot <span className="font-mono">{c.id}</span>{c.size !== null && <> ({formatGiB(c.size)})</>}</li>)}
                        </ul>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : (
            <p>Nothing here can be deleted by this project.</p>
          )}
          {volumeSnapshots.length > 0 && (
            <Alert tone="info" title="Volume snapshots go with their Cinder snapshots">
              {volumeSnapshots.length === 1 ? 'This image is a volume snapshot' : `${volumeSnapshots.length} of these images are volume snapshots`}: the image holds no data, it points to Cinder volume snapshots, which cost storage until deleted. Snapdeck deletes the image, then those Cinder snapshots, and lists what became of each; one that Cinder will not delete is kept and named.
            </Alert>
          )}
          {blocked.length > 0 && (
            <Alert tone="info" title="Left out">
              <ul className="list-inside list-disc">
                {blocked.map((i) => <li key={i.id}><strong>{displayName(i)}</strong>: {deleteBlocker(i)}</li>)}
              </ul>
            </Alert>
          )}
          {mutation.error && <Alert tone="error">{mutation.error instanceof ApiError ? mutation.error.message : 'The images could not be deleted.'}</Alert>}
          <div className="flex justify-end gap-2">
            <Button onClick={close}>Cancel</Button>
            <Button variant="danger" disabled={deletable.length === 0 || mutation.isPending} onClick={() => mutation.mutate()}>
              {mutation.isPending ? 'Deleting…' : deletable.length > 1 ? `Delete ${deletable.length} images` : 'Delete'}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
