#!/usr/bin/env bash
# Runs Kamailio in the foreground and starts it again whenever restart.sh asked for it (the
# sync service's restart command after a listener change). Exits when Kamailio exits on its own.
#   kamailio/supervise.sh CONFIG_FILE RUN_DIRECTORY
set -u
config=$1
rundir=$2
trap 'kill -TERM "$(cat "$rundir/kamailio.pid" 2>/dev/null)" 2>/dev/null; exit 0' INT TERM
while true; do
  rm -f "$rundir/restart-requested"
  if ! kamailio -c -f "$config" >"$rundir/check.log" 2>&1; then
    echo "kamailio -c refused $config:" >&2
    tail -n 5 "$rundir/check.log" >&2
    exit 1
  fi
  kamailio -f "$config" -DD -E -Y "$rundir" &
  echo $! >"$rundir/kamailio.pid"
  wait $!
  status=$?
  if [ ! -f "$rundir/restart-requested" ]; then
    echo "kamailio exited ($status)" >&2
    exit 1
  fi
  echo "restarting kamailio for a new listener set"
done
