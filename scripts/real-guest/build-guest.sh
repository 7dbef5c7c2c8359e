#!/bin/bash
# Build the real guest: a Debian 12 (bookworm) root file system with qemu-guest-agent and an
# fsfreeze hook (customize-guest.sh), as OUTDIR/{vmlinuz,initrd.img,disk.qcow2} for a direct
# kernel boot (root=/dev/vda). Adapted from the QGA spike (../shared/qga-spike/build-guest.sh,
# 2026-11-25), which measured it at 74 s: debootstrap 70 s, the image 4 s.
# usage (as root): build-guest.sh OUTDIR     needs debootstrap, e2fsprogs, qemu-utils; the apt
# mirror of this machine (MIRROR= to choose another). OUTDIR appears only once complete.
set -Eeuo pipefail
OUT=${1:?usage: build-guest.sh OUTDIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
trap 'echo "build-guest: ERROR: command failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
export PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C

# the machine's own apt mirror: the first URIs: of its deb822 sources, else the first deb line
MIRROR=${MIRROR:-$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { print $2; exit }')}
[ -n "$MIRROR" ] || MIRROR=$(grep -h '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
                             awk '{ print $2; exit }')
[ -n "$MIRROR" ] || { echo "build-guest: no apt mirror found; set MIRROR" >&2; exit 1; }

# built next to OUTDIR, renamed into place at the end: an interrupted build leaves no half cache
WORK="$OUT.part"
rm -rf "$WORK"; mkdir -p "$WORK"
R=$WORK/rootfs
t0=$(date +%s)
# dbus: without it the spike's first guest could not shut down (guest-shutdown: "child process
# has failed to shutdown"; systemd's shutdown: "Failed to connect to bus")
debootstrap --variant=minbase \
  --include=qemu-guest-agent,linux-image-amd64,systemd-sysv,udev,kmod,dbus \
  bookworm "$R" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 ||
  { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
t1=$(date +%s)
bash "$HERE/customize-guest.sh" "$R"
chroot "$R" dpkg-query -W -f='${Package} ${Version}\n' > "$WORK/packages.txt"
cp -L "$R"/boot/vmlinuz-* "$WORK/vmlinuz"
cp -L "$R"/boot/initrd.img-* "$WORK/initrd.img"
basename "$(readlink -f "$R"/boot/vmlinuz-*)" | sed 's/^vmlinuz-//' > "$WORK/kernel-version"
# an ext4 file system made from the directory: no loop device, no mount
mkfs.ext4 -q -F -L root -d "$R" "$WORK/disk.raw" 1G
qemu-img convert -O qcow2 "$WORK/disk.raw" "$WORK/disk.qcow2"
rm -rf "$WORK/disk.raw" "$R"
t2=$(date +%s)
echo "debootstrap $((t1 - t0))s, customize and image $((t2 - t1))s" | tee "$WORK/build-times"
rm -rf "$OUT"; mv "$WORK" "$OUT"
