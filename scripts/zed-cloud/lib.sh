# shellcheck shell=bash
# Shared by up, down and mem: where the state lives, logging, process bookkeeping, polling.
# Sourced, not run.

STATE=${SNAPDECK_ZED_STATE:-/var/lib/snapdeck-zed}
IP=127.0.0.1
REGION=RegionOne
# the second region: a Glance of its own (glance2), for Copy to region; nothing else
REGION2=RegionTwo
KS=http://$IP:5000
# Debian's python and openstack client: the PATH python3 here is a pyenv shim without the
# OpenStack libraries, and a venv would shadow python3-nova.
export PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV || true

# Every process up starts, in start order: the message bus and the database, then OpenStack.
INFRA="epmd rabbitmq mariadb"
OPENSTACK="keystone glance glance2 placement neutron-stub cinder-api cinder-scheduler cinder-volume mistral
           nova-api nova-conductor nova-scheduler nova-compute"
SERVICES="$INFRA $OPENSTACK"

log() { echo "[$(date +%T)] $*"; }
die() { echo "zed-cloud: ERROR: $*" >&2; exit 1; }

pidfile() { echo "$STATE/run/$1.pid"; }

# A service is ours and alive when its pid file names a live process-group leader: each is
# started under setsid, so a pid reused by an unrelated process would not lead its own group.
alive() {
  local f pid pgid
  f=$(pidfile "$1"); [ -f "$f" ] || return 1
  pid=$(cat "$f")
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') || return 1
  [ "$pgid" = "$pid" ]
}

# wait_until SECONDS WHAT CMD...: poll CMD every 0.5 s until it succeeds or the deadline passes.
wait_until() {
  local secs=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then log "TIMEOUT after ${secs}s waiting for $what"; return 1; fi
    sleep 0.5
  done
}

# HTTP 2xx/3xx, not just an open port: uwsgi answers 500 while its app is still loading.
http_ok() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -m 3 "$1") || return 1
  case "$code" in 2*|3*) return 0 ;; *) return 1 ;; esac
}

# stop_svc NAME...: TERM the process groups of all of them at once, KILL what is left after a
# deadline. By group, not by leader: a leader that died may have left uwsgi workers behind.
stop_svc() {
  local name pid pids=""
  for name in "$@"; do
    [ -f "$(pidfile "$name")" ] || continue
    pid=$(cat "$(pidfile "$name")")
    if ! group_gone "$pid"; then kill -TERM -- "-$pid" 2>/dev/null || true; pids+=" $pid"; fi
  done
  if [ -n "$pids" ] && ! wait_until 20 "process groups$pids to stop" groups_gone $pids; then
    for pid in $pids; do kill -KILL -- "-$pid" 2>/dev/null || true; done
    wait_until 5 "process groups$pids to go after SIGKILL" groups_gone $pids || true
  fi
  for name in "$@"; do rm -f "$(pidfile "$name")"; done
  [ -z "$pids" ] || log "stopped $* (process groups$pids)"
}

groups_gone() { local g; for g; do group_gone "$g" || return 1; done; }
group_gone() { ! pgrep -g "$1" >/dev/null; }
