'use client';
// A schedule's actions: Run now, Pause/Resume, Edit, Delete. Each change refreshes the
// feature's lists (./queries); what went wrong is said in a toast, in the route's words.
import Link from 'next/link';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import type { ScheduleDto } from '@/lib/schedules/contract';
import { EditScheduleAction } from './schedule-dialog';
import { useDeleteSchedule, useRunNow, useSetScheduleEnabled } from './changes';

export const instanceLabel = (s: ScheduleDto) => s.instance.name ?? s.instance.id;

/** Why Run now would be refused before it is sent, or null. */
export function runNowBlocker(s: ScheduleDto): string | null {
  if (s.workflow.state === 'changed') return 'The workflow was changed outside Snapdeck: restore it first.';
  if (s.workflow.state === 'missing') return 'The workflow is gone from this project: restore it first.';
  return null;
}

export function ScheduleActions({ schedule }: { schedule: ScheduleDto }) {
  const toast = useToast();
  const runNow = useRunNow(schedule.id);
  const setEnabled = useSetScheduleEnabled(schedule.id);
  const blocker = runNowBlocker(schedule);
  const failed = (what: string) => (err: Error) => toast.show(<><p className="font-medium">{what}</p><p>{err.message}</p></>, 'error');
  return (
    <div className="flex flex-wrap gap-1.5">
      <Button
        size="sm"
        disabled={runNow.isPending || blocker !== null}
        title={blocker ?? `Back up ${instanceLabel(schedule)} now, with this schedule's type and keep`}
        onClick={() => runNow.mutate(undefined, {
          onSuccess: () => toast.show(`Run started: Mistral is asking Nova for a ${schedule.backupType} backup of ${instanceLabel(schedule)}.`, 'success'),
          onError: failed('The run was not started'),
        })}
      >
        Run now
      </Button>
      <Button
        size="sm"
        disabled={setEnabled.isPending}
        onClick={() => setEnabled.mutate(!schedule.enabled, {
          onSuccess: () => toast.show(schedule.enabled ? `Paused: no ${schedule.backupType} backups of ${instanceLabel(schedule)} until you resume it.` : 'Resumed: it runs on its schedule again.', 'success'),
          onError: failed(schedule.enabled ? 'The schedule was not paused' : 'The schedule was not resumed'),
        })}
      >
        {schedule.enabled ? 'Pause' : 'Resume'}
      </Button>
      <EditScheduleAction schedule={schedule} />
      <DeleteScheduleAction schedule={schedule} />
    </div>
  );
}

/** Delete, confirmed: the trigger (and the trust Mistral holds) goes; the backups stay. */
export function DeleteScheduleAction({ schedule, label = 'Delete' }: { schedule: ScheduleDto; label?: string }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteSchedule(schedule.id);
  const toast = useToast();
  const kept = schedule.backups?.length ?? null;
  const close = () => {
    remove.reset();
    setOpen(false);
  };
  return (
    <>
      <Button size="sm" variant={label === 'Delete' ? 'secondary' : 'danger'} onClick={() => setOpen(true)}>{label}</Button>
      <Dialog open={open} title="Delete schedule" onClose={close}>
        <div className="space-y-3 text-sm">
          <p>
            The <strong>{schedule.backupType}</strong> schedule of <strong>{instanceLabel(schedule)}</strong> stops: Mistral deletes its cron trigger and the
            trust it holds, and no more backups run.
          </p>
          <p>
            {kept === null ? 'The backups it made' : kept === 0 ? 'It has no backups now; any it made later' : <>Its {kept} backup{kept === 1 ? '' : 's'}</>} stay in Glance:
            delete them on the <Link href="/images" className="underline">Images</Link> page when you no longer need them.
          </p>
          {remove.error && <Alert tone="error" title="The schedule was not deleted"><p>{remove.error.message}</p></Alert>}
          <div className="flex justify-end gap-2">
            <Button onClick={close}>Cancel</Button>
            <Button
              variant="danger"
              disabled={remove.isPending}
              aria-busy={remove.isPending}
              onClick={() => remove.mutate(undefined, {
                onSuccess: () => {
                  toast.show(`Schedule deleted. ${kept ? `Its ${kept} backup${kept === 1 ? '' : 's'} stay in Glance.` : ''}`, 'success');
                  setOpen(false);
                },
              })}
            >
              Delete schedule
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
