#!/bin/bash
# Customize a debootstrapped root file system ($1) into Snapdeck's real guest: headless, booted
# by its kernel straight onto /dev/vda, with qemu-guest-agent and an fsfreeze hook that leaves a
# trace of every freeze and thaw. Adapted from the QGA spike (../shared/qga-spike/
# customize-guest.sh); its hook wrote "I'm frozen"/"I'm thawed" to a file, this one also says
# so on the serial console (Nova's console log), with the time, and keeps the history.
# Any change here changes the cache key of `up`, which then rebuilds the guest.
set -Eeuo pipefail
R=${1:?usage: customize-guest.sh ROOTFS}
[ -x "$R/usr/sbin/qemu-ga" ] || { echo "customize-guest: $R has no qemu-ga" >&2; exit 1; }

echo snapdeck-guest > "$R/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 snapdeck-guest\n' > "$R/etc/hosts"
printf '/dev/vda / ext4 rw,relatime 0 1\n' > "$R/etc/fstab"

# A line on the serial console, ttyS0 (console=ttyS0): what Nova's console log shows. Never
# blocks its caller for more than 2 s, never fails it.
cat > "$R/usr/local/sbin/snapdeck-console" <<'S'
#!/bin/sh
# usage: snapdeck-console TEXT   prints "TEXT <UTC time, ms>" on /dev/ttyS0
line="$1 $(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
timeout 2 sh -c 'echo "$1" > /dev/ttyS0' sh "$line" 2>/dev/null || true
S
chmod 755 "$R/usr/local/sbin/snapdeck-console"

# Debian's qemu-ga runs no fsfreeze hook unless told to (its unit has no -F): the package ships
# /etc/qemu/fsfreeze-hook, which runs every executable in fsfreeze-hook.d with "freeze" before
# the freeze and "thaw" after the thaw (and logs to /var/log/qga-fsfreeze-hook.log).
mkdir -p "$R/etc/qemu/fsfreeze-hook.d"
printf '[general]\nfsfreeze-hook=/etc/qemu/fsfreeze-hook\n' > "$R/etc/qemu/qemu-ga.conf"
cat > "$R/etc/qemu/fsfreeze-hook.d/snapdeck-state" <<'H'
#!/bin/sh
# Snapdeck's trace of a quiesce: "snapdeck-fsfreeze: I'm frozen <UTC time>" before the file
# systems freeze, "snapdeck-fsfreeze: I'm thawed <UTC time>" after they thaw, appended to
# /var/lib/fsfreeze-state and written to the serial console. The freeze flushes the file, so a
# snapshot holds the history up to its own "I'm frozen" line (its "I'm thawed" comes after).
case "$1" in
  freeze) what="I'm frozen" ;;
  thaw) what="I'm thawed" ;;
  *) exit 0 ;;
esac
line="snapdeck-fsfreeze: $what $(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
echo "$line" >> /var/lib/fsfreeze-state
timeout 2 sh -c 'echo "$1" > /dev/ttyS0' sh "$line" 2>/dev/null || true
echo "$line"
exit 0
H
chmod 755 "$R/etc/qemu/fsfreeze-hook.d/snapdeck-state"

# The agent says on the console when it starts and stops (udev starts it when the virtio port
# org.qemu.guest_agent.0 appears, so never in a guest without that channel): a console-log
# poller's sign that the agent is about to answer.
mkdir -p "$R/etc/systemd/system/qemu-guest-agent.service.d"
cat > "$R/etc/systemd/system/qemu-guest-agent.service.d/snapdeck-console.conf" <<'U'
[Service]
ExecStartPost=-/usr/local/sbin/snapdeck-console "snapdeck-guest: qemu-guest-agent started"
ExecStopPost=-/usr/local/sbin/snapdeck-console "snapdeck-guest: qemu-guest-agent stopped"
U

# No getty on the serial console (systemd would start serial-getty@ttyS0 for console=ttyS0):
# nothing redraws or clears the console between the hook's lines; nobody logs in (the root
# password stays locked; use the agent). No getty on tty1 (no display), no periodic jobs.
chroot "$R" systemctl mask --quiet serial-getty@ttyS0.service getty@tty1.service \
  apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer \
  e2scrub_reap.service fstrim.timer

# smaller image: no package cache, lists, docs, manuals or translations
rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/cache/apt/*.bin "$R"/var/lib/apt/lists/* \
  "$R"/usr/share/doc/* "$R"/usr/share/man/* "$R"/usr/share/locale/*
