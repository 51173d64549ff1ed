#!/usr/bin/env bash
# The sync service's restart command for the Kamailio that supervise.sh runs. With no Kamailio
# running yet there is nothing to restart: it reads the new files when it starts.
#   kamailio/restart.sh RUN_DIRECTORY
set -u
rundir=$1
pid=$(cat "$rundir/kamailio.pid" 2>/dev/null) || exit 0
kill -0 "$pid" 2>/dev/null || exit 0
touch "$rundir/restart-requested"
kill -TERM "$pid"
