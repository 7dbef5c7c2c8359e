'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { BatchResults } from '@/components/images/batch-results';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import type { BatchResponse } from '@/lib/images/contract';
import { FLAG_WORDS, type Flag } from '@/lib/sharing/contract';

const ACTIONS: { flag: Flag; value: boolean; label: string }[] = [
  { flag: 'hidden', value: true, label: FLAG_WORDS.hidden.label },
  { flag: 'hidden', value: false, label: 'Show in lists' },
  { flag: 'protected', value: true, label: FLAG_WORDS.protected.label },
  { flag: 'protected', value: false, label: 'Unprotect' },
];

/** Hide from lists and Protect (and back) on the selected images, each on its own; every
 * result is listed, failures included. */
export function BulkFlags({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (v: { flag: Flag; value: boolean }) => apiFetch<BatchResponse>('/api/images/bulk-flag', { method: 'POST', json: { ids, ...v } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.images.all() });
      onDone();
    },
  });
  const done = mutation.data && mutation.variables;
  return (
    <>
      {ACTIONS.map((a) => (
        <Button key={a.label} size="sm" disabled={ids.length === 0 || mutation.isPending} onClick={() => mutation.mutate({ flag: a.flag, value: a.value })}>{a.label}</Button>
      ))}
      {(done || mutation.error) && (
        <div className="basis-full">
          {mutation.error ? <Alert tone="error">{mutation.error instanceof ApiError ? mutation.error.message : 'Snapdeck could not be reached.'}</Alert>
            : done && <BatchResults results={mutation.data!.results} okWord={mutation.variables!.value ? FLAG_WORDS[mutation.variables!.flag].on : FLAG_WORDS[mutation.variables!.flag].off} />}
        </div>
      )}
    </>
  );
}
