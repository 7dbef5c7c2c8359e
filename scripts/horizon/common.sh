# shellcheck shell=bash
# Shared by install and down: where Horizon's state lives and how to tell it is ours. Sourced
# after ../zed-cloud/lib.sh (log, die, wait_until, the group stop helpers).

HSTATE=${SNAPDECK_HORIZON_STATE:-/var/lib/snapdeck-horizon}
HORIZON_PORT=${HORIZON_PORT:-8080}
HORIZON_URL=http://$IP:$HORIZON_PORT
HPIDFILE=$HSTATE/horizon.pid

# Ours and alive when the pid file names a live process-group leader (it is started under
# setsid), as lib.sh's alive() does for the cloud's services.
horizon_alive() {
  local pid pgid
  [ -f "$HPIDFILE" ] || return 1
  pid=$(cat "$HPIDFILE")
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') || return 1
  [ "$pgid" = "$pid" ]
}

# TERM the process group (uwsgi master and workers), KILL what is left after 20 s.
horizon_stop() {
  [ -f "$HPIDFILE" ] || return 0
  local pid; pid=$(cat "$HPIDFILE")
  if ! group_gone "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    if ! wait_until 20 "Horizon (process group $pid) to stop" group_gone "$pid"; then
      kill -KILL -- "-$pid" 2>/dev/null || true
      wait_until 5 "Horizon (process group $pid) to go after SIGKILL" group_gone "$pid" || true
    fi
    log "stopped Horizon (process group $pid)"
  fi
  rm -f "$HPIDFILE"
}
