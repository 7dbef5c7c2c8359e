'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { CopyCommand } from '@/components/ui/copy-command';
import { Spinner } from '@/components/ui/spinner';
import { useToast } from '@/components/ui/toast';
import { ApiError, apiFetch, outcomeUnknown } from '@/lib/client/api-fetch';
import { planUserData } from '@/lib/cloud-init/user-data';
import { AgentNotice } from './agent-notice';
import { Field, inputClass } from '@/components/ui/field';
import { launchCommand } from './launch-command';
import { explainLaunchFailure, type LaunchField } from './launch-errors';
import { NETWORK_AUTO, NETWORK_NONE, launchInputSchema, type LaunchResult } from '@/lib/launch/contract';
import { flavorOptions, isWindowsSource } from '@/lib/launch/rules';
import { minVolumeSize } from '@/lib/launch/boot-volume';
import { SourceField } from './source-field';
import { BootVolumeField, type BootVolumeValues } from './boot-volume-field';
import { bootOf, bootProblem, bootsFromVolume } from '@/lib/launch/boot-volume';
import type { NetworksAnswer } from '@/lib/launch/contract';
import { useAvailabilityZones, useFlavors, useKeypairs, useNetworks, useSource } from './queries';

function defaultNetwork(n: NetworksAnswer | undefined): string {
  if (!n) return '';
  const first = n.networks.find((x) => !x.shared) ?? n.networks[0];
  return first ? first.id : n.autoAndNone ? NETWORK_NONE : '';
}

interface Values extends BootVolumeValues {
  name: string;
  sourceId: string;
  flavorId: string;
  network: string;
  keyName: string;
  /** '' = Any: nothing sent, Nova's default zone. */
  availabilityZone: string;
  count: string;
  installAgent: boolean;
  userData: string;
}

type Errors = Partial<Record<LaunchField, string>>;

const FIELD_NAMES: LaunchField[] = ['name', 'sourceId', 'flavorId', 'network', 'keyName', 'availabilityZone', 'count', 'userData', 'volumeSize', 'newVolume'];
const isField = (k: string): k is LaunchField => (FIELD_NAMES as string[]).includes(k);

/** `note`: what still works without the list. */
function loadProblem(what: string, error: Error | null, retry: () => void, note?: string) {
  return (
    <span>
      {what} could not be loaded: {error?.message ?? 'unknown error'}{note ? ` ${note}` : ''}{' '}
      <button type="button" className="underline" onClick={retry}>
        Try again
      </button>
    </span>
  );
}

/** The Launch instance form: one POST on Launch, then off to Instances with the new rows
 * highlighted. On failure every value stays as typed. */
export function LaunchForm({ initialSourceId }: { initialSourceId: string | null }) {
  const router = useRouter();
  const toast = useToast();
  const [v, setV] = useState<Values>({ name: '', sourceId: initialSourceId ?? '', flavorId: '', network: '', keyName: '', availabilityZone: '', count: '1', installAgent: false, userData: '', newVolume: false, volumeSize: null, deleteVolume: false });
  const [errors, setErrors] = useState<Errors>({});
  // `uncertain`: the create may have gone through (no answer, or an unreadable one).
  const [formError, setFormError] = useState<{ message: string; uncertain: boolean } | null>(null);
  const inFlight = useRef(false);

  const source = useSource(v.sourceId || null);
  const flavors = useFlavors();
  const networks = useNetworks();
  const keypairs = useKeypairs();
  const zones = useAvailabilityZones();
  const chosen = source.data?.source ?? null;
  // The server says whether the region has Cinder; until it has, no volume is offered.
  const blockStorage = source.data?.blockStorage ?? false;
  const windows = chosen ? isWindowsSource(chosen) : false;

  // Until the user chooses, the network is the project's own network, or "none" on a
  // cloud without Neutron (derived, not stored: the list may arrive after the first render).
  const network = v.network || defaultNetwork(networks.data);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setV((old) => ({ ...old, [key]: value }));
    if (isField(key)) setErrors((old) => ({ ...old, [key]: undefined }));
  };

  const chooseSource = (id: string) => {
    set('sourceId', id);
    router.replace(`/launch?source=${encodeURIComponent(id)}`, { scroll: false });
  };

  // Only a source that is not volume-backed, in a region with Cinder, can be put on a new volume.
  const newVolume = v.newVolume && blockStorage && chosen !== null && chosen.volumeSnapshots === null;
  const onVolume = bootsFromVolume(chosen, { newVolume });
  const volumeChoice = { newVolume, volumeSize: newVolume ? Number(v.volumeSize ?? minVolumeSize(chosen!)) : undefined, deleteVolume: v.deleteVolume };
  const boot = chosen ? bootOf(chosen, volumeChoice) : null;

  const flavorOpts = useMemo(() => flavorOptions(flavors.data ?? [], chosen, onVolume), [flavors.data, chosen, onVolume]);
  const chosenFlavor = flavorOpts.find((f) => f.id === v.flavorId);
  const tooSmall = flavorOpts.filter((f) => f.disabled);
  const plan = planUserData({ installAgent: v.installAgent && !windows, userData: v.userData });
  const count = Number(v.count) || 1;

  const launch = useMutation({
    mutationFn: (input: unknown) => apiFetch<LaunchResult>('/api/launch', { method: 'POST', json: input }),
    onSuccess: (result) => {
      if (!result.complete && result.note) toast.show(result.note, 'info');
      router.push(`/instances?highlight=${result.ids.map(encodeURIComponent).join(',')}`);
    },
    onError: (err) => {
      inFlight.current = false;
      if (err instanceof ApiError && Object.keys(err.fields).length > 0) {
        setErrors(Object.fromEntries(Object.entries(err.fields).filter(([k]) => isField(k))));
        setFormError(Object.keys(err.fields).some((k) => !isField(k)) ? { message: err.message, uncertain: false } : null);
        return;
      }
      const explained = err instanceof ApiError ? explainLaunchFailure(err.status, err.message) : { field: null, message: String(err) };
      if (explained.field) {
        setErrors({ [explained.field]: explained.message });
        setFormError(null);
      } else {
        setFormError({ message: explained.message, uncertain: outcomeUnknown(err) });
      }
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (inFlight.current) return;
    setFormError(null);
    // The volume fields as the route reads them: a size only for a new volume, what was typed or the minimum shown.
    const input = {
      name: v.name, sourceId: v.sourceId, flavorId: v.flavorId, network, keyName: v.keyName, count: v.count,
      ...(v.availabilityZone ? { availabilityZone: v.availabilityZone } : {}),
      installAgent: v.installAgent && !windows, userData: v.userData, newVolume, deleteVolume: v.deleteVolume,
      ...(newVolume ? { volumeSize: v.volumeSize ?? String(minVolumeSize(chosen!)) } : {}),
    };
    const parsed = launchInputSchema.safeParse(input);
    const found: Errors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        if (isField(key)) found[key] ??= issue.message;
      }
    }
    if (chosen && parsed.success) {
      const problem = bootProblem(chosen, volumeChoice, blockStorage);
      if (problem && isField(problem.field)) found[problem.field] ??= problem.message;
    }
    if (chosenFlavor?.disabled) found.flavorId = `This flavor is too small for the source: ${chosenFlavor.reason}.`;
    if (plan.kind === 'conflict') found.userData = plan.message;
    setErrors(found);
    if (Object.keys(found).length > 0 || !parsed.success) return;
    inFlight.current = true;
    launch.mutate(input);
  };

  const networkChoices = networks.data;
  const busy = launch.isPending || launch.isSuccess;

  return (
    <form onSubmit={submit} noValidate className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_26rem]" aria-label="Launch instance">
      <div className="space-y-5 rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <Field id="launch-name" label="Instance name" error={errors.name} hint={count > 1 ? `Nova names them ${v.name.trim() || '<name>'}-1 … -${count}.` : '1 to 255 characters.'}>
          {(a11y) => <input {...a11y} type="text" value={v.name} maxLength={255} autoComplete="off" onChange={(e) => set('name', e.target.value)} className={inputClass} />}
        </Field>

        <SourceField value={v.sourceId} chosen={chosen} chosenLoading={source.isPending && Boolean(v.sourceId)} error={errors.sourceId ?? (source.isError ? `This source could not be read: ${source.error.message}` : null)} onChange={chooseSource} />

        {chosen && (
          <BootVolumeField
            source={chosen}
            blockStorage={blockStorage}
            values={{ newVolume: v.newVolume, volumeSize: v.volumeSize, deleteVolume: v.deleteVolume }}
            sizeError={errors.volumeSize}
            formError={errors.newVolume}
            onChange={(patch) => {
              setV((old) => ({ ...old, ...patch }));
              setErrors((old) => ({ ...old, volumeSize: undefined, newVolume: undefined }));
            }}
          />
        )}

        <Field
          id="launch-flavor"
          label="Flavor"
          error={errors.flavorId}
          hint={
            flavors.isError ? loadProblem('Flavors', flavors.error, () => flavors.refetch())
            : flavors.isPending ? <Spinner label="Loading flavors" />
            : chosen && tooSmall.length > 0 && onVolume ? `${tooSmall.length} flavor${tooSmall.length > 1 ? 's have' : ' has'} less RAM than this source needs (${chosen.minRam} MB) and cannot be chosen. The root disk is a volume: the flavor's disk does not count.`
            : chosen && tooSmall.length > 0 ? `${tooSmall.length} flavor${tooSmall.length > 1 ? 's are' : ' is'} too small for this source (min disk ${chosen.minDisk} GB, min RAM ${chosen.minRam} MB) and cannot be chosen. A flavor with a disk of 0 takes the image's size.`
            : onVolume ? "vCPU and RAM of each flavor; the root disk is a volume, so the flavor's disk does not count."

            : 'vCPU, RAM and root disk of each flavor.'
          }
        >
          {(a11y) => (
            // A list rather than a drop-down: every flavor's size, and why one cannot be chosen, stay in sight.
            <select {...a11y} size={Math.max(2, Math.min(8, flavorOpts.length))} value={v.flavorId} onChange={(e) => set('flavorId', e.target.value)} className={inputClass}>
              {flavorOpts.map((f) => (
                <option key={f.id} value={f.id} disabled={f.disabled} title={f.reason ?? undefined}>
                  {f.label}
                </option>
              ))}
            </select>
          )}
        </Field>

        <Field
          id="launch-network"
          label="Network"
          error={errors.network}
          hint={
            networks.isError ? loadProblem('Networks', networks.error, () => networks.refetch())
            : networks.isPending ? <Spinner label="Loading networks" />
            : networkChoices && !networkChoices.service ? 'This cloud has no network service (Neutron) in its catalog: Nova can allocate a network itself ("auto") or boot without one ("none").'
            : 'Your project’s networks first, then shared ones.'
          }
        >
          {(a11y) => (
            <select {...a11y} value={network} onChange={(e) => set('network', e.target.value)} className={inputClass}>
              <option value="" disabled>
                Choose a network
              </option>
              {networkChoices?.networks.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name || n.id}
                  {n.shared ? ' (shared' + (n.external ? ', external)' : ')') : ''}
                  {n.status !== 'ACTIVE' ? ` — ${n.status}` : ''}
                </option>
              ))}
              {networkChoices && !networkChoices.service && networkChoices.autoAndNone && (
                <option value={NETWORK_AUTO}>auto — Nova allocates a network</option>
              )}
              {networkChoices?.autoAndNone && <option value={NETWORK_NONE}>none — no network interface</option>}
            </select>
          )}
        </Field>

        <Field
          id="launch-zone"
          label="Availability zone"
          error={errors.availabilityZone}
          hint={
            zones.isError ? loadProblem('Availability zones', zones.error, () => zones.refetch(), 'Any still works: it leaves the zone to Nova.')
            : zones.isPending ? <Spinner label="Loading availability zones" />
            : 'Any sends no zone: Nova places the instance by the cloud’s default. A zone chosen here stays the instance’s for its lifetime.'
          }
        >
          {(a11y) => (
            <select {...a11y} value={v.availabilityZone} onChange={(e) => set('availabilityZone', e.target.value)} className={inputClass}>
              <option value="">Any (Nova&apos;s default)</option>
              {zones.data?.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          )}
        </Field>

        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            id="launch-keypair"
            label="Key pair"
            optional
            error={errors.keyName}
            hint={keypairs.isError ? loadProblem('Key pairs', keypairs.error, () => keypairs.refetch()) : keypairs.isPending ? <Spinner label="Loading key pairs" /> : 'Its public key is installed for SSH by cloud-init.'}
          >
            {(a11y) => (
              <select {...a11y} value={v.keyName} onChange={(e) => set('keyName', e.target.value)} className={inputClass}>
                <option value="">No key pair</option>
                {keypairs.data?.map((k) => (
                  <option key={k.name} value={k.name}>
                    {k.name} ({k.type})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="launch-count" label="Count" error={errors.count} hint="1 to 10 instances, created by one request.">
            {(a11y) => <input {...a11y} type="number" min={1} max={10} step={1} value={v.count} onChange={(e) => set('count', e.target.value)} className={inputClass} />}
          </Field>
        </div>

        <div className="space-y-1">
          <div className="flex items-start gap-2">
            <input
              id="launch-agent"
              type="checkbox"
              checked={v.installAgent && !windows}
              disabled={windows}
              onChange={(e) => set('installAgent', e.target.checked)}
              aria-describedby="launch-agent-hint"
              className="mt-0.5 h-4 w-4 accent-sky-700"
            />
            <label htmlFor="launch-agent" className="text-sm font-medium text-slate-800 dark:text-slate-200">
              Install QEMU guest agent
            </label>
          </div>
          <p id="launch-agent-hint" className="pl-6 text-xs text-slate-600 dark:text-slate-400">
            {windows ? (
              <>cloud-init cannot install it on Windows: install the virtio-win guest agent in the image instead (<Link className="underline" href="/guide/consistency#install">how</Link>).</>
            ) : (
              <>Adds cloud-init user data that installs and starts qemu-guest-agent (apt on Debian/Ubuntu, dnf/yum on the RHEL family), joined to your own user data if you give some.</>
            )}
          </p>
        </div>

        <Field id="launch-userdata" label="User data" optional error={errors.userData} hint={plan.kind === 'ok' ? plan.note : plan.kind === 'none' ? 'A #cloud-config or a script that cloud-init runs at first boot.' : null}>
          {(a11y) => (
            <textarea {...a11y} value={v.userData} rows={6} spellCheck={false} onChange={(e) => set('userData', e.target.value)} placeholder={'#cloud-config\npackages:\n  - nginx'} className={`${inputClass} font-mono text-xs`} />
          )}
        </Field>
        {plan.kind === 'conflict' && !errors.userData && <Alert tone="warning" title="User data">{plan.message}</Alert>}

        {formError && (
          <Alert tone="error" title={formError.uncertain ? 'The launch was not confirmed' : 'The instance was not launched'}>
            <p>{formError.message}</p>
            {formError.uncertain && (
              <p className="mt-1">
                It may have been created anyway: look on the <Link href="/instances" className="font-medium underline">Instances page</Link> before launching again, or it may be created twice.
              </p>
            )}
          </Alert>
        )}
        <div className="flex items-center gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
          <Button type="submit" variant="primary" disabled={busy} aria-describedby={formError ? undefined : 'launch-once'}>
            {launch.isPending ? 'Launching…' : launch.isSuccess ? 'Launched' : 'Launch'}
          </Button>
          <Link href="/instances" className={buttonClass('ghost')}>
            Cancel
          </Link>
          <span id="launch-once" className="text-xs text-slate-500 dark:text-slate-400">
            Sends one create request; it is never repeated on its own.
          </span>
        </div>
      </div>

      <aside className="space-y-4" aria-label="About this launch">
        {chosen ? <AgentNotice source={chosen} installAgent={v.installAgent && !windows} /> : <Alert tone="info">Choose a source to see whether its instances get the guest agent channel.</Alert>}
        <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <CopyCommand
            command={launchCommand({ name: v.name, sourceId: v.sourceId, flavorId: v.flavorId, network, keyName: v.keyName || undefined, availabilityZone: v.availabilityZone || undefined, count, hasUserData: plan.kind === 'ok', ...(boot?.kind === 'volume' ? { devices: boot.devices } : {}) })}
          />
          {plan.kind === 'ok' && (
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer font-medium">User data that will be sent</summary>
              <pre className="mt-2 max-h-72 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800">{plan.text}</pre>
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Snapdeck base64-encodes it for Nova; save it as ./user-data for the command above.</p>
            </details>
          )}
        </div>
      </aside>
    </form>
  );
}
