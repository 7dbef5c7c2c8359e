# shellcheck shell=bash
# Shared by up, down and mem of scripts/real-guest: the Zed cloud's helpers (../zed-cloud/lib.sh:
# log, die, wait_until, alive, stop_svc...) with this tier's own state and pid files.
# Sourced, not run.

RG_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../zed-cloud/lib.sh
. "$RG_HERE/../zed-cloud/lib.sh"

# Apart from the Zed cloud's $STATE/run: zed-cloud/down checks that it leaves no pid file there.
RSTATE=${SNAPDECK_REAL_STATE:-/var/lib/snapdeck-real-guest}
# the guest images, one directory per version of the build scripts (up)
CACHE=${SNAPDECK_REAL_CACHE:-/var/cache/snapdeck-real-guest}
REAL_HOST=snapdeck-real                       # nova-compute's host (service) name
REAL_AZ=real                                  # its availability zone (aggregate snapdeck-real)
REAL_CONF=/etc/nova/nova-compute-real.conf    # read after /etc/nova/nova.conf
REAL_LOG=/var/log/nova/nova-compute-real.log
# in start order
RG_SERVICES="virtlogd libvirtd nova-compute-real"

die() { echo "real-guest: ERROR: $*" >&2; exit 1; }
pidfile() { echo "$RSTATE/run/$1.pid"; }

# the libvirt domains of this machine's hypervisor (as root: qemu:///system)
virsh() { command virsh -q -c qemu:///system "$@"; }
