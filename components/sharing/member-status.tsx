'use client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ApiError } from '@/lib/client/api-fetch';
import { useAnswerShare } from './queries';

const TONE: Record<string, string> = {
  pending: 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200',
  accepted: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200',
  rejected: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-200',
};

/** A member's answer as a small label: Pending, Accepted, Rejected. */
export function MemberStatusBadge({ status }: { status: string | null }) {
  const word = status ?? 'unknown';
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium capitalize ${TONE[word] ?? TONE.rejected}`}>{word}</span>;
}

/** Accept and Reject, done by the member project itself (Glance refuses the owner). */
export function MembershipActions({ imageId, status }: { imageId: string; status: string | null }) {
  const mutation = useAnswerShare(imageId);
  return (
    <span className="inline-flex flex-col gap-1">
      <span className="inline-flex gap-1.5">
        {status !== 'accepted' && (
          <Button size="sm" variant="primary" disabled={mutation.isPending} onClick={() => mutation.mutate('accepted')}>Accept</Button>
        )}
        {status !== 'rejected' && (
          <Button size="sm" disabled={mutation.isPending} onClick={() => mutation.mutate('rejected')}>Reject</Button>
        )}
      </span>
      {mutation.error && <Alert tone="error">{mutation.error instanceof ApiError ? mutation.error.message : 'Snapdeck could not be reached.'}</Alert>}
    </span>
  );
}
