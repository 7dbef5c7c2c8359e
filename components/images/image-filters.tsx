'use client';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { IMAGE_STATUS_WORDS } from '@/lib/images/rules';
import { listQuerySchema, type ListQuery } from '@/lib/images/list-query';
import { IMAGE_VISIBILITIES, LISTED_IMAGE_STATUSES } from '@/lib/openstack/image/image-states';

type Filters = Pick<ListQuery, 'name' | 'status' | 'visibility' | 'instance_uuid' | 'base_image_ref'>;
const FIELDS = ['name', 'status', 'visibility', 'instance_uuid', 'base_image_ref'] as const;

const input = 'w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800';

/** The filters Glance applies: all of them are query parameters of its list call. */
export function ImageFilters({ query, onApply }: { query: ListQuery; onApply: (f: Filters) => void }) {
  const [values, setValues] = useState<Record<(typeof FIELDS)[number], string>>(() =>
    Object.fromEntries(FIELDS.map((f) => [f, query[f] ?? ''])) as Record<(typeof FIELDS)[number], string>);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: (typeof FIELDS)[number]) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const raw = Object.fromEntries(FIELDS.map((f) => [f, values[f].trim() || undefined]));
    const r = listQuerySchema.pick({ name: true, status: true, visibility: true, instance_uuid: true, base_image_ref: true }).safeParse(raw);
    if (!r.success) {
      setErrors(Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    onApply({ name: undefined, status: undefined, visibility: undefined, instance_uuid: undefined, base_image_ref: undefined, ...r.data });
  };
  const err = (k: string) => errors[k] && <span id={`f-${k}-error`} className="text-xs text-red-700 dark:text-red-300">{errors[k]}</span>;
  const described = (k: string) => (errors[k] ? { 'aria-describedby': `f-${k}-error`, 'aria-invalid': true } : {});

  return (
    <form onSubmit={submit} aria-label="Filters" className="grid gap-3 rounded-md border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[1.2fr_1fr_1fr_1.4fr_1.4fr_auto] dark:border-slate-700 dark:bg-slate-900">
      <label className="flex flex-col gap-1 text-xs font-medium">
        Name (exact)
        <input className={input} value={values.name} onChange={set('name')} placeholder="Glance matches whole names" {...described('name')} />
        {err('name')}
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Status
        <select className={input} value={values.status} onChange={set('status')}>
          <option value="">Any</option>
          {LISTED_IMAGE_STATUSES.map((s) => <option key={s} value={s}>{IMAGE_STATUS_WORDS[s]}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Visibility
        <select className={input} value={values.visibility} onChange={set('visibility')}>
          <option value="">Glance default</option>
          {IMAGE_VISIBILITIES.map((v) => <option key={v} value={v}>{v.charAt(0).toUpperCase() + v.slice(1)}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        From instance
        <input className={`${input} font-mono`} value={values.instance_uuid} onChange={set('instance_uuid')} placeholder="instance UUID" spellCheck={false} {...described('instance_uuid')} />
        {err('instance_uuid')}
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        From base image
        <input className={`${input} font-mono`} value={values.base_image_ref} onChange={set('base_image_ref')} placeholder="image UUID" spellCheck={false} {...described('base_image_ref')} />
        {err('base_image_ref')}
      </label>
      <div className="flex items-end gap-2">
        <Button type="submit" variant="primary" size="sm">Apply filters</Button>
        <Button size="sm" onClick={() => {
          setValues({ name: '', status: '', visibility: '', instance_uuid: '', base_image_ref: '' });
          setErrors({});
          onApply({ name: undefined, status: undefined, visibility: undefined, instance_uuid: undefined, base_image_ref: undefined });
        }}>Clear</Button>
      </div>
    </form>
  );
}
