'use client';
// The Schedules section of an instance's page: its schedules, and New schedule for it.
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { NewScheduleAction } from './schedule-dialog';
import { SchedulesTable } from './schedules-table';
import { useSchedules } from './queries';

export function InstanceSchedules({ instance }: { instance: { id: string; name: string } }) {
  const q = useSchedules(instance.id);
  if (q.isPending) return <Spinner label="Loading the schedules" />;
  if (q.isError) {
    return (
      <Alert tone="error" title="The schedules could not be loaded">
        <p>{q.error.message}</p>
        <Button size="sm" className="mt-2" onClick={() => void q.refetch()}>Try again</Button>
      </Alert>
    );
  }
  if (q.data.service === 'absent') {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        This cloud has no workflow service (Mistral), so Snapdeck cannot schedule backups here. The <Link href="/schedules" className="text-sky-800 underline dark:text-sky-300">Schedules</Link> page
        gives the crontab line that does it from a machine of yours.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      {q.data.schedules.length === 0
        ? <p className="text-sm text-slate-700 dark:text-slate-300">No backup schedule for {instance.name}: Mistral can back it up every day, week or month, and keep the newest few.</p>
        : <div className="overflow-x-auto"><SchedulesTable schedules={q.data.schedules} showInstance={false} /></div>}
      <NewScheduleAction instance={instance} />
    </div>
  );
}
