'use client';
// The Schedules page: the project's backup schedules (Mistral cron triggers of Snapdeck's
// workflow, docs/decisions/010), or, on a cloud without a workflow service, the crontab
// line that does the same from any machine.
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Interactive } from '@/components/ui/interactive';
import { Spinner } from '@/components/ui/spinner';
import { useToast } from '@/components/ui/toast';
import type { ScheduleDto } from '@/lib/schedules/contract';
import { CrontabForm } from './crontab-form';
import { NewScheduleAction } from './schedule-dialog';
import { SchedulesTable } from './schedules-table';
import { useRestoreWorkflow } from './changes';
import { useSchedules } from './queries';

export function SchedulesPage() {
  const q = useSchedules();
  const absent = q.data?.service === 'absent';
  return (
    <Interactive className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Schedules</h1>
        {q.data && !absent && <NewScheduleAction />}
      </div>
      {q.isPending ? <Spinner label="Loading the schedules" /> : q.isError ? (
        <Alert tone="error" title="The schedules could not be loaded">
          <p>{q.error.message}</p>
          <Button size="sm" className="mt-2" onClick={() => void q.refetch()}>Try again</Button>
        </Alert>
      ) : absent ? <NoWorkflowService /> : (
        <>
          <p className="max-w-4xl text-sm text-slate-700 dark:text-slate-300">
            Backups that the cloud&apos;s workflow service (Mistral) runs on a schedule, whether or not Snapdeck is running: each run asks Nova for a backup of the
            instance, and Nova keeps the newest ones of its type. Times are in UTC, with your browser&apos;s time below.
          </p>
          <WorkflowAlerts schedules={q.data.schedules} />
          {q.data.foreign > 0 && (
            <Alert tone="info" title={`${q.data.foreign} other trigger${q.data.foreign === 1 ? '' : 's'} not shown`}>
              <p>Mistral has cron triggers named like Snapdeck&apos;s that run another workflow or whose input Snapdeck cannot read. Snapdeck leaves them alone: see them with <code className="font-mono">openstack cron trigger list</code>.</p>
            </Alert>
          )}
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
            {q.data.schedules.length === 0 ? (
              <div className="space-y-3 p-8 text-center">
                <p className="text-slate-700 dark:text-slate-300">This project has no backup schedules yet.</p>
                <NewScheduleAction />
              </div>
            ) : <SchedulesTable schedules={q.data.schedules} />}
          </div>
        </>
      )}
    </Interactive>
  );
}

/** A workflow whose text someone changed (any project member can) or deleted: nothing runs
 * it until it is restored. One alert per workflow, for every schedule that uses it. */
function WorkflowAlerts({ schedules }: { schedules: ScheduleDto[] }) {
  const restore = useRestoreWorkflow();
  const toast = useToast();
  const broken = new Map<string, { state: ScheduleDto['workflow']['state']; count: number }>();
  for (const s of schedules) {
    if (s.workflow.state === 'ours') continue;
    broken.set(s.workflow.name, { state: s.workflow.state, count: (broken.get(s.workflow.name)?.count ?? 0) + 1 });
  }
  return [...broken].map(([name, { state, count }]) => (
    <Alert key={name} tone="warning" title={state === 'changed' ? 'Workflow changed outside Snapdeck' : 'Workflow missing'}>
      <p>
        {state === 'changed'
          ? <>Someone changed the definition of the workflow <code className="font-mono">{name}</code> that {count === 1 ? 'one schedule runs' : `${count} schedules run`}: any member of the project can. Its runs would do what the new text says, with the trust of whoever saved each schedule, so Snapdeck runs nothing with it (no Run now, no new schedule) until it is restored.</>
          : <>The workflow <code className="font-mono">{name}</code> that {count === 1 ? 'one schedule runs' : `${count} schedules run`} is gone from this project, so its runs fail.</>}
        {' '}Restore workflow puts Snapdeck&apos;s own definition back; the schedules keep their triggers.
      </p>
      {restore.error && <p className="mt-1 text-red-800 dark:text-red-200">{restore.error.message}</p>}
      <Button
        size="sm"
        className="mt-2"
        disabled={restore.isPending}
        onClick={() => restore.mutate(name, { onSuccess: () => toast.show(`Workflow ${name} restored.`, 'success') })}
      >
        Restore workflow
      </Button>
    </Alert>
  ));
}

function NoWorkflowService() {
  return (
    <div className="space-y-4">
      <Alert tone="info" title="This cloud has no workflow service">
        <p>
          Snapdeck schedules backups with the cloud&apos;s own workflow service (OpenStack Mistral, <code className="font-mono">workflowv2</code> in the catalog), so that they run
          whether or not Snapdeck is up. This cloud does not offer one, so Snapdeck cannot schedule backups here. Everything else in Snapdeck works as usual.
        </p>
        <p className="mt-1">Instead, a crontab line on a machine of yours can do the same: fill in the form to get it.</p>
      </Alert>
      <section aria-label="Crontab line" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-950">
        <h2 className="mb-3 text-base font-semibold">A backup schedule with cron</h2>
        <CrontabForm />
      </section>
    </div>
  );
}
