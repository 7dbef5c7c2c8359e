'use client';
import { lazy, Suspense, useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Spinner } from '@/components/ui/spinner';
import { canCreateSnapshot } from '@/lib/snapshots/rules';
import type { InstanceRow } from '@/lib/instances/instance-view';

// Loaded when the dialog first opens; pointing at the button starts loading it. React's lazy,
// not next/dynamic: the form only ever renders in the browser, and next/dynamic's loader code
// would load with every row's page.
const loadForm = () => import('./create-snapshot-form');
const CreateSnapshotForm = lazy(() => loadForm().then((m) => ({ default: m.CreateSnapshotForm })));

export type SnapshotTarget = Pick<InstanceRow, 'id' | 'name' | 'status' | 'taskState' | 'launchedAt' | 'channel' | 'imageId' | 'powerState'>;

/** The row action: enabled only in the states Nova accepts, with the reason otherwise. */
export function CreateSnapshotAction({ server, onCreated }: { server: SnapshotTarget; onCreated?: () => void }) {
  const [open, setOpen] = useState(false);
  const verdict = canCreateSnapshot(server);
  const reasonId = useId();
  return (
    <>
      <Button
        size="sm"
        aria-label={`Create snapshot of ${server.name}`}
        aria-disabled={!verdict.ok}
        aria-describedby={verdict.ok ? undefined : reasonId}
        title={verdict.ok ? undefined : verdict.reason}
        // aria-disabled rather than disabled: the button stays focusable, so keyboard users hear why.
        className={verdict.ok ? '' : 'cursor-not-allowed opacity-50'}
        onPointerEnter={() => verdict.ok && void loadForm()}
        onFocus={() => verdict.ok && void loadForm()}
        onClick={() => verdict.ok && setOpen(true)}
      >
        Create snapshot
      </Button>
      {!verdict.ok && <span id={reasonId} className="sr-only">{verdict.reason}</span>}
      <Dialog open={open} title="Create snapshot" onClose={() => setOpen(false)} wide>
        <Suspense fallback={<Spinner label="Loading the form" />}>
          <CreateSnapshotForm server={server} onDone={() => { setOpen(false); onCreated?.(); }} onCancel={() => setOpen(false)} />
        </Suspense>
      </Dialog>
    </>
  );
}
