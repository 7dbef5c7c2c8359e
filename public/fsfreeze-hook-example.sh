#!/bin/sh
# fsfreeze hook example from Snapdeck's consistency guide (/guide/consistency#hooks).
#
# Install it where your qemu-guest-agent looks for hooks and make it executable:
#   Debian/Ubuntu (and upstream QEMU): /etc/qemu/fsfreeze-hook.d/
#   RHEL family packages:              /etc/qemu-ga/fsfreeze-hook.d/
#   e.g. sudo install -m 0755 fsfreeze-hook-example.sh /etc/qemu/fsfreeze-hook.d/50-app.sh
# (`systemctl cat qemu-guest-agent` shows the -F hook path your package uses; Debian's
# service passes none: see the guide for /etc/qemu/qemu-ga.conf.)
#
# The agent runs it with "freeze" just BEFORE it freezes the file systems, and with "thaw"
# just AFTER it thaws them. Fill in the two functions below with your own commands.
#
# WARNING: if "freeze" exits non-zero, the agent reports the freeze as failed. With the
# image property os_require_quiesce=yes, Nova then abandons the snapshot and deletes its
# image; without it, Nova copies the disk unfrozen (crash-consistent). Fail on purpose only
# when a snapshot taken now would be useless. Keep it quick: while frozen, writes wait.

set -u

log() {
    # The stock /etc/qemu/fsfreeze-hook appends this output to /var/log/qga-fsfreeze-hook.log.
    echo "$(date '+%Y-%m-%dT%H:%M:%S') $(basename "$0"): $*"
}

freeze() {
    log "preparing for the freeze"
    # Your commands here. Examples (uncomment one and adapt):
    #
    # PostgreSQL: write dirty buffers to disk, so that the copy needs little WAL replay.
    #   su postgres -c "psql -q -c CHECKPOINT" || return 1
    #
    # MariaDB/MySQL: flush table data to disk.
    #   mysql --defaults-file=/root/.my.cnf -e "FLUSH TABLES" || return 1
    #
    # A service that keeps files half-written in memory: stop it until thaw.
    #   systemctl stop my-app.service || return 1
    :
}

thaw() {
    log "thawed"
    # Undo what freeze did. Examples:
    #   systemctl start my-app.service
    :
}

case "${1:-}" in
    freeze) freeze ;;
    thaw) thaw ;;
    *)
        echo "usage: $0 freeze|thaw" >&2
        exit 2
        ;;
esac
