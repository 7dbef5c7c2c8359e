import Link from 'next/link';
import { AGENT_CLOUD_CONFIG } from '@/lib/cloud-init/user-data';
import { CONSISTENCY_LABELS } from '@/lib/images/rules';
import { C, Cmd, P, Pre, Section, Sub } from './guide-parts';

const CONTENTS = [
  { id: 'live-snapshot', title: 'What a live snapshot is' },
  { id: 'inconsistent', title: 'Why it can be inconsistent' },
  { id: 'agent', title: 'The guest agent channel: hw_qemu_guest_agent' },
  { id: 'require-quiesce', title: 'Requiring the freeze: os_require_quiesce' },
  { id: 'install', title: 'Installing and starting the agent' },
  { id: 'check', title: 'Checking an instance' },
  { id: 'hooks', title: 'Freeze hooks: flushing your applications' },
  { id: 'failures', title: 'When a freeze fails' },
  { id: 'labels', title: 'How Snapdeck labels snapshots' },
];

const QGA_CONF = `[general]
fsfreeze-hook=/etc/qemu/fsfreeze-hook`;

/** The consistency guide, in Snapdeck's own words (sources: Nova's libvirt driver, the
 * Glance metadefs, the QEMU guest agent, and our own fsfreeze spike). */
export function ConsistencyGuide({ hookScript }: { hookScript: string }) {
  return (
    <article className="mx-auto max-w-3xl space-y-8 text-[0.95rem] text-slate-800 dark:text-slate-200">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold text-slate-900 dark:text-slate-50">Consistent snapshots</h1>
        <P>
          A snapshot is only as useful as the data on it. This guide explains when a snapshot of a running instance may hold half-written files, and how to make
          Nova freeze the guest&apos;s file systems for the moment of the copy with the QEMU guest agent.
        </P>
        <nav aria-label="On this page" className="rounded-md border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
          <p className="mb-1 font-medium">On this page</p>
          <ol className="list-decimal space-y-0.5 pl-5">
            {CONTENTS.map((c) => (
              <li key={c.id}>
                <a className="text-sky-800 underline-offset-2 hover:underline dark:text-sky-300" href={`#${c.id}`}>
                  {c.title}
                </a>
              </li>
            ))}
          </ol>
        </nav>
      </header>

      <Section id="live-snapshot" title="What a live snapshot is">
        <P>
          When you snapshot a running instance, Nova copies its root disk while the guest keeps running: the guest is not stopped or paused, and the copy shows
          the disk as it was at one instant. Only the disk is saved: not the memory, and not attached volumes. The result is a Glance image you can launch new
          instances from.
        </P>
        <P>
          A snapshot of a stopped (shut-off) instance is a cold snapshot: the disk is not changing, so the copy is consistent as of the last clean shutdown and
          nothing needs to be frozen.
        </P>
      </Section>

      <Section id="inconsistent" title="Why it can be inconsistent">
        <P>
          A running system does not write everything to disk at once. The kernel keeps recent writes in memory for a while, and applications such as databases
          keep their own buffers and update files in several steps. A copy taken at an arbitrary instant is like pulling the power plug: journaling file
          systems and databases with a write-ahead log usually recover when the copy boots, but the latest writes may be missing, and a program without such
          safeguards can leave files half written. Such a snapshot is called <em>crash-consistent</em>.
        </P>
        <P>
          With the QEMU guest agent, Nova asks the guest to <em>freeze</em> its file systems just before the copy: the guest writes out what it holds in memory
          and holds new writes back until the copy is taken, then <em>thaws</em>. The disk then holds a clean file system. With freeze hooks (below),
          your applications can flush their own data too.
        </P>
      </Section>

      <Section id="agent" title="The guest agent channel: hw_qemu_guest_agent">
        <P>
          Nova can talk to a guest agent only through a virtio-serial channel named <C>org.qemu.guest_agent.0</C>. It adds that channel to an instance when
          the image the instance boots from has the property <C>hw_qemu_guest_agent</C> set to <C>yes</C> (or <C>true</C>, <C>1</C>).
        </P>
        <P>
          <strong>The property is read at boot.</strong> Nova copies the image&apos;s properties into the instance when it boots; setting the property on the
          image later changes nothing for instances already running. New instances launched from the image get the channel.
        </P>
        <P>
          A snapshot inherits the properties its instance booted with, so a snapshot of an instance booted without the channel does not have it either. For such an
          instance: take a snapshot, set <C>hw_qemu_guest_agent=yes</C> on the snapshot, and launch a new instance from it (Snapdeck&apos;s{' '}
          <Link className="underline" href="/launch">Launch instance</Link> form offers to set the property first on an image your project owns).
        </P>
        <Cmd label="Set the property on an image (it counts for instances launched afterwards)" command="openstack image set --property hw_qemu_guest_agent=yes <image-id>" />
        <P>
          With the channel, a live snapshot asks the agent to freeze. If no agent answers (not installed, not running), Nova goes ahead without the freeze and
          the snapshot is crash-consistent. Requiring the freeze (below) stops that only for instances booted from a volume.
        </P>
      </Section>

      <Section id="require-quiesce" title="Requiring the freeze: os_require_quiesce">
        <P>
          With <C>os_require_quiesce=yes</C> as well, Nova refuses a snapshot it knows it cannot freeze. What it checks depends on how the instance boots
          (Nova 26, checked on a real guest: <C>docs/real-guest.md</C>):
        </P>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            <strong>Booted from an image</strong> (the libvirt driver takes the snapshot): only the channel. Without it the snapshot fails
            (&ldquo;QEMU guest agent is not enabled&rdquo;). With it, if the agent does not answer or a hook fails, the driver logs &ldquo;Skipping quiescing
            instance&rdquo; and takes the snapshot unfrozen all the same.
          </li>
          <li>
            <strong>Booted from a volume</strong> (Nova&apos;s API freezes before the volume snapshots): any freeze that fails, no channel or no answer,
            fails the snapshot.
          </li>
        </ul>
        <P>
          A failed snapshot leaves no image: Nova deletes the half-made one, clears the instance&apos;s task and records an error in the instance&apos;s actions,
          whose reason only an administrator can read. Snapdeck explains it from what the instance shows. To know that an image-backed snapshot was frozen,
          look for the freeze hook&apos;s lines in the console (below).
        </P>
        <P>Like the agent property, it is read at boot and inherited by snapshots. Use it when a crash-consistent copy would be worse than no copy.</P>
        <Cmd label="Require the freeze for instances launched from an image" command="openstack image set --property os_require_quiesce=yes <image-id>" />
      </Section>

      <Section id="install" title="Installing and starting the agent">
        <P>
          Public base images often do not include or enable the agent, and cloud providers may not be allowed to change distribution images. So install it
          yourself: at launch with cloud-init (simplest), or in your own image, then set the property on that image.
        </P>
        <Sub id="install-debian" title="Debian and Ubuntu">
          <Cmd label="Install (the service is enabled at install and starts when the channel is present)" command="sudo apt-get update && sudo apt-get install -y qemu-guest-agent" />
        </Sub>
        <Sub id="install-rhel" title="RHEL family (RHEL, Rocky Linux, AlmaLinux, CentOS Stream, Fedora)">
          <Cmd label="Install, then enable and start the service (yum on older releases)" command="sudo dnf install -y qemu-guest-agent && sudo systemctl enable --now qemu-guest-agent" />
        </Sub>
        <Sub id="install-windows" title="Windows">
          <P>
            Install the QEMU guest agent from the virtio-win drivers (the <C>qemu-ga</C> MSI on the virtio-win ISO, along with the VirtIO serial driver). It
            runs as the service <C>QEMU-GA</C> and freezes through VSS. VSS holds a freeze for at most 10 seconds and then thaws by itself; the agent&apos;s thaw
            then answers &ldquo;fsfreeze is limited up to 10 seconds&rdquo;, and the copy may not have been frozen all the way through.
          </P>
        </Sub>
        <Sub id="install-cloud-init" title="At launch, with cloud-init">
          <P>
            The <strong>Install QEMU guest agent</strong> box of the Launch instance form adds this user data (joined with your own user data as a cloud-init
            multi-part archive when you give some). cloud-init installs the package with apt on Debian/Ubuntu and dnf or yum on the RHEL family.
          </P>
          <Pre label="User data added by Install QEMU guest agent">{AGENT_CLOUD_CONFIG}</Pre>
        </Sub>
      </Section>

      <Section id="check" title="Checking an instance">
        <P>
          Inside the guest, the channel shows up as a device file. It exists only when the instance booted with the channel; if it is missing, the agent has
          nothing to listen on, however it is installed.
        </P>
        <Cmd label="Does the instance have the channel?" command="ls -l /dev/virtio-ports/org.qemu.guest_agent.0" />
        <Cmd label="Is the agent running?" command="systemctl status qemu-guest-agent" />
        <P>
          On Windows, <C>Get-Service QEMU-GA</C> in PowerShell shows the service. From outside, the image properties tell whether new instances will have the
          channel: <C>openstack image show -f value -c properties &lt;image-id&gt;</C>.
        </P>
      </Section>

      <Section id="hooks" title="Freeze hooks: flushing your applications">
        <P>
          A frozen file system is clean, but an application may still hold data in memory. When the agent runs with a freeze hook (<C>-F</C>, usually{' '}
          <C>/etc/qemu/fsfreeze-hook</C>), it calls the hook with <C>freeze</C> just before freezing and with <C>thaw</C> just after thawing. The stock hook runs
          every executable file in <C>/etc/qemu/fsfreeze-hook.d/</C> in turn with that argument and logs to <C>/var/log/qga-fsfreeze-hook.log</C>.
        </P>
        <P>
          Debian&apos;s service starts the agent without <C>-F</C>: switch the hook on in <C>/etc/qemu/qemu-ga.conf</C> and restart the agent. RHEL-family
          packages use <C>/etc/qemu-ga/fsfreeze-hook</C> and <C>/etc/qemu-ga/fsfreeze-hook.d/</C>; <C>systemctl cat qemu-guest-agent</C> shows the path your
          package passes. With SELinux enforcing (RHEL family), a hook that talks to a database socket may need a local policy, and new hook files
          their labels restored (<C>restorecon -FvvR /etc/qemu-ga/fsfreeze-hook.d/</C>).
        </P>
        <Pre label="/etc/qemu/qemu-ga.conf (Debian/Ubuntu)">{QGA_CONF}</Pre>
        <Cmd label="Restart the agent after changing it" command="sudo systemctl restart qemu-guest-agent" />
        <P>
          Typical work for a hook: flush a database (PostgreSQL <C>CHECKPOINT</C>, MariaDB/MySQL <C>FLUSH TABLES</C>), or stop a service that keeps files half
          written until thaw. To hold a database lock for the whole freeze (<C>FLUSH TABLES WITH READ LOCK</C>, <C>pg_backup_start</C>/<C>pg_backup_stop</C>),
          the session that took it must stay open until thaw, so the hook must leave a client running in the background and end it on thaw.
        </P>
        <P>
          Here is a small hook to fill in with your own commands.{' '}
          <a href="/fsfreeze-hook-example.sh" download="fsfreeze-hook-example.sh" className="font-medium text-sky-800 underline dark:text-sky-300">
            Download the hook script
          </a>
        </P>
        <Pre label="fsfreeze-hook-example.sh">{hookScript}</Pre>
        <Cmd label="Install it (Debian/Ubuntu path)" command="sudo install -m 0755 fsfreeze-hook-example.sh /etc/qemu/fsfreeze-hook.d/50-app.sh" />
        <div role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-semibold">A failing hook makes the freeze fail</p>
          <p>
            If a hook exits with a non-zero status on <C>freeze</C>, the agent reports the freeze as failed (&ldquo;fsfreeze hook has failed with status
            1&rdquo;). On an instance booted from an image, Nova&apos;s libvirt driver then logs &ldquo;Skipping quiescing instance&rdquo; and copies the disk
            unfrozen: you get a crash-consistent snapshot and no error, even with <C>os_require_quiesce=yes</C>. On one booted from a volume with{' '}
            <C>os_require_quiesce=yes</C>, Nova abandons the snapshot. Either way, look in the
            agent&apos;s log and in <C>/var/log/qga-fsfreeze-hook.log</C>. Keep hooks quick, too: while the file systems are frozen, every write in the guest
            waits.
          </p>
        </div>
      </Section>

      <Section id="failures" title="When a freeze fails">
        <ul className="list-disc space-y-1 pl-5">
          <li>A file system that cannot be frozen, such as a RAM disk or a special mount (&ldquo;Resource deadlock avoided&rdquo;).</li>
          <li>A paused guest: the agent cannot answer.</li>
          <li>A guest out of memory: the agent stops answering.</li>
          <li>A freeze hook that exits with an error (above).</li>
        </ul>
        <P>
          Whatever the cause, Nova treats a failed freeze the same way: it takes the snapshot unfrozen (crash-consistent) and says so only in the compute log,
          unless the instance booted from a volume with <C>os_require_quiesce</C>, whose snapshot then fails.
        </P>
      </Section>

      <Section id="labels" title="How Snapdeck labels snapshots">
        <P>A snapshot keeps the properties its instance booted with, so they tell how it was taken:</P>
        <dl className="space-y-2">
          {Object.values(CONSISTENCY_LABELS).map((l) => (
            <div key={l.label}>
              <dt className="font-semibold">{l.label}</dt>
              <dd>{l.explanation}</dd>
            </div>
          ))}
        </dl>
      </Section>
    </article>
  );
}
