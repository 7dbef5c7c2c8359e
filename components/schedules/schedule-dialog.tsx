'use client';
import { lazy, Suspense, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Spinner } from '@/components/ui/spinner';
import type { ScheduleDto } from '@/lib/schedules/contract';

// Loaded when a dialog first opens; pointing at its button starts loading it (React's lazy:
// see components/instances/create-snapshot-action.tsx).
const loadForm = () => import('./schedule-form');
const ScheduleForm = lazy(() => loadForm().then((m) => ({ default: m.ScheduleForm })));

/** **New schedule**: the form, for any instance or preset to one (the instance page). */
export function NewScheduleAction({ instance = null }: { instance?: { id: string; name: string | null } | null }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onPointerEnter={() => void loadForm()} onFocus={() => void loadForm()} onClick={() => setOpen(true)}>New schedule</Button>
      <Dialog open={open} title="New schedule" onClose={() => setOpen(false)} wide>
        {open && (
          <Suspense fallback={<Spinner label="Loading the form" />}>
            <ScheduleForm mode="create" instance={instance} onDone={() => setOpen(false)} onCancel={() => setOpen(false)} />
          </Suspense>
        )}
      </Dialog>
    </>
  );
}

/** **Edit**: the same form, filled in; saving re-creates the Mistral trigger. */
export function EditScheduleAction({ schedule }: { schedule: ScheduleDto }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onPointerEnter={() => void loadForm()} onFocus={() => void loadForm()} onClick={() => setOpen(true)}>Edit</Button>
      <Dialog open={open} title="Edit schedule" onClose={() => setOpen(false)} wide>
        {open && (
          <Suspense fallback={<Spinner label="Loading the form" />}>
            <ScheduleForm mode="edit" schedule={schedule} onDone={() => setOpen(false)} onCancel={() => setOpen(false)} />
          </Suspense>
        )}
      </Dialog>
    </>
  );
}
