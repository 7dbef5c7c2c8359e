'use client';
import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';
import type { BatchResponse } from '@/lib/images/contract';
import { BatchResults } from './batch-results';
import { queryKeys } from '@/lib/client/query-keys';

/** "Enable on all my private images": hw_qemu_guest_agent=yes on each private image of the
 * project that lacks it; every result is listed, failures included. */
export function EnableAgentAll({ projectName }: { projectName: string }) {
  const [open, setOpen] = useState(false);
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => apiFetch<BatchResponse & { note: string | null }>('/api/images/enable-agent', { method: 'POST', json: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.images.all() }),
  });
  const close = () => {
    setOpen(false);
    mutation.reset();
  };
  return (
    <>
      <Button className="whitespace-nowrap" onClick={() => setOpen(true)}>Enable on all my private images</Button>
      <Dialog open={open} title="Enable the QEMU guest agent on all my private images" onClose={close}>
        <div className="space-y-3 text-sm">
          {mutation.data ? (
            <>
              <BatchResults results={mutation.data.results} okWord="Set" skipped={mutation.data.skipped} skippedWord="already had it" />
              {mutation.data.note && <Alert tone="warning">{mutation.data.note}</Alert>}
              <div className="flex justify-end"><Button variant="primary" onClick={close}>Done</Button></div>
            </>
          ) : (
            <>
              <p>
                Sets <code>hw_qemu_guest_agent=yes</code> on every private image owned by project <strong>{projectName}</strong> that does not have it, snapshots included.
                Instances launched from them afterwards get the agent channel, so their snapshots can be frozen if the agent runs in the guest. Running instances are not changed.{' '}
                <Link href="/guide/consistency" className="text-sky-700 underline dark:text-sky-400">Consistency guide</Link>
              </p>
              <p className="text-slate-600 dark:text-slate-300">Each image is changed on its own: a failure on one does not stop the others, and is listed.</p>
              {mutation.error && <Alert tone="error">{mutation.error instanceof ApiError ? mutation.error.message : 'The images could not be listed.'}</Alert>}
              <div className="flex justify-end gap-2">
                <Button onClick={close}>Cancel</Button>
                <Button variant="primary" disabled={mutation.isPending} onClick={() => mutation.mutate()}>{mutation.isPending ? 'Enabling…' : 'Enable'}</Button>
              </div>
            </>
          )}
        </div>
      </Dialog>
    </>
  );
}
