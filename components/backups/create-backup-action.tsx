'use client';
import type { InstanceRow } from '@/lib/instances/instance-view';
import { lazy, Suspense, useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Spinner } from '@/components/ui/spinner';
import { canCreateBackup } from '@/lib/snapshots/rules';

// Loaded when the dialog first opens; pointing at the button starts loading it (React's lazy:
// see create-snapshot-action.tsx).
const loadForm = () => import('./backup-form');
const BackupForm = lazy(() => loadForm().then((m) => ({ default: m.BackupForm })));

export interface BackupServer {
  id: string;
  name: string;
  status: string;
  taskState: string | null;
  imageId: string | null;
  launchedAt: string | null;
  /** For a failure's explanation (the causes that fit the instance). */
  channel: InstanceRow['channel'];
  powerState: number;
}

/** Row action **Create backup**: Nova's createBackup with a type and a rotation. Disabled,
 * with the reason, when Nova would refuse (busy, wrong state, volume-backed). */
export function CreateBackupAction({ server }: { server: BackupServer }) {
  const [open, setOpen] = useState(false);
  const verdict = canCreateBackup(server);
  const reasonId = useId();
  return (
    <>
      <Button
        size="sm"
        disabled={!verdict.ok}
        title={verdict.ok ? `Create a backup of ${server.name}` : verdict.reason}
        aria-describedby={verdict.ok ? undefined : reasonId}
        onPointerEnter={() => void loadForm()}
        onFocus={() => void loadForm()}
        onClick={() => setOpen(true)}
      >
        Create backup
      </Button>
      {!verdict.ok && (
        <span id={reasonId} className="sr-only">
          {verdict.reason}
        </span>
      )}
      <Dialog open={open} title="Create backup" onClose={() => setOpen(false)}>
        {open && (
          <Suspense fallback={<Spinner label="Loading the form" />}>
            <BackupForm server={server} onDone={() => setOpen(false)} />
          </Suspense>
        )}
      </Dialog>
    </>
  );
}
