'use client';
import type { InstanceRow } from '@/lib/instances/instance-view';
import dynamic from 'next/dynamic';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Spinner } from '@/components/ui/spinner';
import { canCreateBackup } from '@/lib/snapshots/rules';

// Loaded when the dialog first opens; pointing at the button starts loading it.
const loadForm = () => import('./backup-form');
const BackupForm = dynamic(() => loadForm().then((m) => m.BackupForm), { loading: () => <Spinner label="Loading the form" /> });

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
        {open && <BackupForm server={server} onDone={() => setOpen(false)} />}
      </Dialog>
    </>
  );
}
