#!/usr/bin/env bash
# Benchmarks the control plane and prints ONE table of figures on stdout (figure | value |
# baseline from the same run | ratio or note); the same figures, with the machine, Java, date,
# commit and mode, go to target/bench/latest.json. Progress goes to stderr.
#
#   ./bench.sh                   full run (tens of minutes: it grows the history to 100k events)
#   ./bench.sh --quick           tiny sizes, about 2-3 minutes including the stack's start; exits
#                                non-zero if anything fails (a phase error, a refused command, a
#                                sampled change that never reaches Kamailio or the projector)
#   ./bench.sh --running         use the stack already running on the default ports (or the ports
#                                run.sh's variables name) with its .data/ key (PROXYTRUNKS_DATA_DIR);
#                                no start time; RSS of the running java and kamailio processes.
#                                It leaves its brands (bench-b00..) and addresses (127.0.80.2/.3) there.
#   ./bench.sh --quick --running both
#
# Without --running it starts its OWN stack with ./run.sh in the background, on ports that collide
# neither with a developer's stack nor with the tests: services 18081-18084, MongoDB protocol 28017,
# Kafka 19092 (controller 19093), Kamailio on 127.0.80.1:5060 with XML-RPC on 127.0.80.1:18000 (the
# additional addresses are 127.0.80.2 and 127.0.80.3), data in target/bench/data (wiped first). It
# measures the time from launching run.sh to all four services healthy (and Kamailio answering
# XML-RPC), and after the load the RSS of every process run.sh started. The stack is stopped at the
# end, also on failure or Ctrl-C (TERM to run.sh, which stops its children; anything left after
# 60 s is killed). Its log: target/bench/run.log and target/bench/data/logs/.
#
# It builds what is missing first (also jars older than their sources): the stack's jars as run.sh
# does, and the client benchmark/target/benchmark-0.1.0-SNAPSHOT-exec.jar (module benchmark).
#
# What is measured (details in benchmark/src/main/java/org/proxytrunks/benchmark/Benchmark.java):
#   raw baseline     one Mongo insert + one Kafka send (acks=all, idempotent) per operation, with the
#                    services' drivers against the same servers: 8 threads flat out; 1 thread p50/p99
#   paced load       open loop (latency from the scheduled send time): 50/s and 200/s over 20 brands,
#                    200/s on one brand (--quick: 20/s, 50/s, 50/s); carrier moves between 3 addresses
#   change → Kamailio / → projector   sampled changes followed to Kamailio's htable (XML-RPC) and to
#                    the read model (?waitFor=X-Event-Position)
#   flat-out         8 and 16 client threads, closed loop, beside the raw baseline
#   growth           the latencies again with ~1k, 10k, 100k events in the history (counted in the
#                    projector's audit log, one entry per event; --quick: ~300)
#   replay           POST /api/replay to DONE, beside a raw read of both topics
#   sync restart     at each growth step (own stack only): kamailio-sync-service stopped and started
#                    again as run.sh started it (through benchmark/restartable/java, which run.sh
#                    finds first on its PATH), from its start to feed.caughtUp in GET /api/status
#                    (polled every 50 ms), the service's own catchUpMillis and startedFrom ("snapshot"
#                    expected); beside POST /api/rebuild: a fold of the whole history, which is what
#                    every start cost before the service resumed from its snapshot in MongoDB
#   footprint        stack start, stack RSS (after the load, before the last restart), and the CPU
#                    the benchmark client itself used
#
# Environment: BENCH_GROWTH_TARGETS (e.g. 1000,10000) replaces the growth steps' event counts;
# JAVA_OPTS is passed to the services by run.sh as usual; BENCH_JAVA_OPTS to the client.
# In a full run, refused or unanswered commands and changes that never arrive are figures (and
# warnings); in a quick run they fail it. Errors of the benchmark or the stack fail both.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
VERSION=0.1.0-SNAPSHOT
OUT=$ROOT/target/bench
BENCH_JAR=benchmark/target/benchmark-$VERSION-exec.jar
STACK_JAR=embedded-stack/target/embedded-stack-$VERSION-exec.jar
SERVICES=(address-service assignment-service projector-service kamailio-sync-service)

QUICK=
RUNNING=
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=--quick ;;
    --running) RUNNING=--running ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: ./bench.sh [--quick] [--running]" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
say() { echo "[bench.sh] $*" >&2; }

# ---- build what is missing (or older than its sources) ----

# stale JAR DIR...: the jar is missing, or a file under DIR... is newer than it
stale() {
  local jar=$1; shift
  [ -f "$jar" ] || return 0
  [ -n "$(find "$@" -type f -newer "$jar" -print -quit 2>/dev/null)" ]
}

# mvn ARGS...: the build, tried up to three times (another build may be writing the same target/ directories)
mvn_retrying() {
  local attempt
  for attempt in 1 2 3; do
    if ./mvnw "$@"; then return 0; fi
    [ $attempt -lt 3 ] && { say "the build failed (attempt $attempt); trying again in 5 s"; sleep 5; }
  done
  return 1
}

if [ -z "$RUNNING" ]; then
  need_services=0
  stale "$STACK_JAR" embedded-stack/src embedded-stack/pom.xml && need_services=1
  for service in "${SERVICES[@]}"; do
    stale "$service/target/$service-$VERSION-exec.jar" "$service/src" "$service/pom.xml" shared-events/src service-support/src \
      && need_services=1
  done
  if [ $need_services -eq 1 ]; then
    say "building the stack's jars (missing, or older than their sources) ..."
    mvn_retrying -B -q -T 2 -Dmaven.test.skip=true -pl "embedded-stack,$(IFS=,; echo "${SERVICES[*]}")" -am package
  fi
elif [ ! -f "$STACK_JAR" ]; then
  say "building embedded-stack (for the token) ..."
  mvn_retrying -B -q -Dmaven.test.skip=true -pl embedded-stack -am package
fi
if stale "$BENCH_JAR" benchmark/src/main benchmark/pom.xml; then
  say "building the benchmark client ..."
  mvn_retrying -B -q -DskipTests -pl benchmark -am package
fi

# ---- processes: this script stops everything it started ----

RUN_PID=
BENCH_PID=
# "PID STARTTIME" of every process (from /proc, so no ps is needed); the start time tells a process
# from a later one that got its id
start_time() {
  local line
  read -r line <"/proc/$1/stat" 2>/dev/null || return 1
  line=${line##*) }
  # shellcheck disable=SC2086
  set -- $line
  echo "${20}"
}
# every process below PID, as PID:STARTTIME
descendants() {
  local f line pid rest
  for f in /proc/[0-9]*/stat; do
    read -r line <"$f" 2>/dev/null || continue
    pid=${line%% *}
    rest=${line##*) }
    # shellcheck disable=SC2086
    set -- $rest
    echo "$pid $2 ${20}"
  done | awk -v root="$1" '{ parent[$1] = $2; start[$1] = $3 }
      END { for (p in parent) { q = p; n = 0; while (q in parent && q != root && n++ < 64) q = parent[q]; if (q == root && p != root) print p ":" start[p] } }'
}
# whether PID:STARTTIME is still that process
alive() { [ "$(start_time "${1%%:*}" 2>/dev/null)" = "${1##*:}" ]; }
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    say "stopping the bench stack (run.sh, pid $RUN_PID) ..."
    local procs i proc left=
    procs="$(descendants "$RUN_PID") $RUN_PID:$(start_time "$RUN_PID")"
    kill -TERM "$RUN_PID" 2>/dev/null || true
    for ((i = 0; i < 120; i++)); do
      kill -0 "$RUN_PID" 2>/dev/null || break
      sleep 0.5
    done
    # children that are still exiting get a few seconds more; whatever is left then is killed
    for ((i = 0; i < 10; i++)); do
      left=
      for proc in $procs; do alive "$proc" && left="$left $proc"; done
      [ -z "$left" ] && break
      sleep 0.5
    done
    for proc in $left; do
      say "process ${proc%%:*} ($(cat "/proc/${proc%%:*}/comm" 2>/dev/null || echo gone)) outlived the stop; killing it"
      kill -KILL "${proc%%:*}" 2>/dev/null || true
    done
    wait "$RUN_PID" 2>/dev/null || true
    say "bench stack stopped"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

health() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$1/actuator/health"; }
kamailio_answers() {
  curl -s --max-time 2 -d '<?xml version="1.0"?><methodCall><methodName>core.version</methodName></methodCall>' \
    "$1" 2>/dev/null | grep -q '<methodResponse>'
}
port_taken() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

ARGS=()
KAMAILIO=0
command -v kamailio >/dev/null 2>&1 && KAMAILIO=1

if [ -z "$RUNNING" ]; then
  # ---- our own stack, on ports of its own ----
  DATA=$OUT/data
  export PROXYTRUNKS_DATA_DIR=$DATA
  export ADDRESS_SERVICE_PORT=18081 ASSIGNMENT_SERVICE_PORT=18082 PROJECTOR_SERVICE_PORT=18083 KAMAILIO_SYNC_SERVICE_PORT=18084
  export MONGO_PORT=28017 KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093
  export MAIN_ADDRESS_IP=127.0.80.1 KAMAILIO_RPC_PORT=18000
  # run.sh derives these from the data directory and the ports; values meant for another stack must not leak in
  unset MONGO_URI KAFKA_BOOTSTRAP JWT_PUBLIC_KEY_LOCATION MAIN_ADDRESS_ADVERTISED_IP KAMAILIO_CONFIG_DIR KAMAILIO_TABLES_DIR \
        KAMAILIO_RPC_URL KAMAILIO_RESTART_COMMAND KAMAILIO_CONFIG_TEMPLATE
  for port in $ADDRESS_SERVICE_PORT $ASSIGNMENT_SERVICE_PORT $PROJECTOR_SERVICE_PORT $KAMAILIO_SYNC_SERVICE_PORT \
              $MONGO_PORT $KAFKA_PORT $KAFKA_CONTROLLER_PORT; do
    if port_taken 127.0.0.1 "$port"; then
      say "port 127.0.0.1:$port is in use: is another bench run (or something else) holding it? Stop it first."
      exit 1
    fi
  done
  if port_taken "$MAIN_ADDRESS_IP" "$KAMAILIO_RPC_PORT" || port_taken "$MAIN_ADDRESS_IP" 5060; then
    say "$MAIN_ADDRESS_IP:5060 or :$KAMAILIO_RPC_PORT is in use: is another bench run's Kamailio still up?"
    exit 1
  fi
  rm -rf "$DATA"
  mkdir -p "$DATA"
  RPC_URL=http://$MAIN_ADDRESS_IP:$KAMAILIO_RPC_PORT/RPC2

  say "starting a stack of its own with ./run.sh (data $DATA, services 18081-18084, log $OUT/run.log) ..."
  # run.sh's java is benchmark/restartable/java: the real java, except that it keeps the sync service
  # restartable (the growth steps' restart rows) while run.sh, which watches its processes, sees it alive
  SYNC_KEEPER=$DATA/kamailio-sync-service.keeper.pid
  REAL_JAVA=$(command -v java)
  start_ns=$(date +%s%N)
  # without the gateway: it serves the dashboard and is on no path the benchmark measures
  PATH="$ROOT/benchmark/restartable:$PATH" BENCH_REAL_JAVA=$REAL_JAVA BENCH_RESTARTABLE_JAR=kamailio-sync-service \
    BENCH_KEEPER_PID_FILE=$SYNC_KEEPER NO_GATEWAY=1 ./run.sh >"$OUT/run.log" 2>&1 &
  RUN_PID=$!
  deadline=$((SECONDS + 240))
  while :; do
    if ! kill -0 "$RUN_PID" 2>/dev/null; then
      say "run.sh exited during the start; the end of its log:"
      tail -n 40 "$OUT/run.log" >&2 || true
      exit 1
    fi
    up=1
    for port in $ADDRESS_SERVICE_PORT $ASSIGNMENT_SERVICE_PORT $PROJECTOR_SERVICE_PORT $KAMAILIO_SYNC_SERVICE_PORT; do
      health "$port" || { up=0; break; }
    done
    if [ $up -eq 1 ] && [ $KAMAILIO -eq 1 ]; then kamailio_answers "$RPC_URL" || up=0; fi
    [ $up -eq 1 ] && break
    if [ $SECONDS -ge $deadline ]; then
      say "the stack was not up within 240 s; the end of run.sh's log:"
      tail -n 40 "$OUT/run.log" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
  end_ns=$(date +%s%N)
  START_SECONDS=$(awk -v a="$start_ns" -v b="$end_ns" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  if [ $KAMAILIO -eq 1 ]; then
    START_NOTE="until the 4 services are healthy and Kamailio answers XML-RPC"
  else
    START_NOTE="until the 4 services are healthy (no kamailio binary)"
  fi
  say "stack up in $START_SECONDS s"
  # let run.sh finish its own start (it mints a token) before the load begins
  for ((i = 0; i < 120; i++)); do
    grep -q "Press Ctrl-C" "$OUT/run.log" && break
    sleep 0.5
  done
  ARGS+=(--stack-pid "$RUN_PID" --start-seconds "$START_SECONDS" --start-note "$START_NOTE" --sync-keeper "$SYNC_KEEPER")
  ARGS+=(--extra-ips 127.0.80.2,127.0.80.3)
else
  # ---- the stack that is already running ----
  DATA=${PROXYTRUNKS_DATA_DIR:-$ROOT/.data}
  export PROXYTRUNKS_DATA_DIR=$DATA
  ADDRESS_SERVICE_PORT=${ADDRESS_SERVICE_PORT:-8081} ASSIGNMENT_SERVICE_PORT=${ASSIGNMENT_SERVICE_PORT:-8082}
  PROJECTOR_SERVICE_PORT=${PROJECTOR_SERVICE_PORT:-8083} KAMAILIO_SYNC_SERVICE_PORT=${KAMAILIO_SYNC_SERVICE_PORT:-8084}
  MONGO_PORT=${MONGO_PORT:-27017} KAFKA_PORT=${KAFKA_PORT:-9092}
  MAIN_ADDRESS_IP=${MAIN_ADDRESS_IP:-127.0.0.1} KAMAILIO_RPC_PORT=${KAMAILIO_RPC_PORT:-8000}
  RPC_URL=${KAMAILIO_RPC_URL:-http://$MAIN_ADDRESS_IP:$KAMAILIO_RPC_PORT/RPC2}
  for port in $ADDRESS_SERVICE_PORT $ASSIGNMENT_SERVICE_PORT $PROJECTOR_SERVICE_PORT $KAMAILIO_SYNC_SERVICE_PORT; do
    if ! health "$port"; then
      say "no healthy service on 127.0.0.1:$port: start the stack with ./run.sh first (or drop --running)"
      exit 1
    fi
  done
  [ -f "$DATA/jwt/public-key.pem" ] || { say "no signing key in $DATA/jwt (set PROXYTRUNKS_DATA_DIR to the running stack's data)"; exit 1; }
  ARGS+=(--extra-ips 127.0.80.2,127.0.80.3)
fi
MONGO=mongodb://127.0.0.1:$MONGO_PORT
KAFKA=127.0.0.1:$KAFKA_PORT
if [ -n "$RUNNING" ]; then
  MONGO=${MONGO_URI:-$MONGO}
  KAFKA=${KAFKA_BOOTSTRAP:-$KAFKA}
fi

if [ $KAMAILIO -eq 1 ]; then
  ARGS+=(--kamailio-rpc "$RPC_URL")
fi
if [ -n "${BENCH_GROWTH_TARGETS:-}" ]; then
  ARGS+=(--growth-targets "$BENCH_GROWTH_TARGETS")
fi

BENCH_TOKEN=$(java -Dlogback.configurationFile=embedded-stack-logback.xml -jar "$STACK_JAR" token god)
export BENCH_TOKEN
COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ "$COMMIT" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null | head -n 1)" ]; then
  COMMIT="$COMMIT+uncommitted changes"
fi

say "running the benchmark client ($BENCH_JAR) ..."
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC} -jar "$BENCH_JAR" $QUICK $RUNNING \
  --address-url "http://127.0.0.1:$ADDRESS_SERVICE_PORT" --assignment-url "http://127.0.0.1:$ASSIGNMENT_SERVICE_PORT" \
  --projector-url "http://127.0.0.1:$PROJECTOR_SERVICE_PORT" --sync-url "http://127.0.0.1:$KAMAILIO_SYNC_SERVICE_PORT" \
  --mongo "$MONGO" --kafka "$KAFKA" \
  --git-commit "$COMMIT" --out "$OUT/latest.json" "${ARGS[@]}" &
BENCH_PID=$!
rc=0
wait "$BENCH_PID" || rc=$?
BENCH_PID=
if [ $rc -eq 0 ]; then
  say "done in ${SECONDS} s; figures also in $OUT/latest.json"
else
  say "the benchmark FAILED (exit $rc) after ${SECONDS} s; see above, and $OUT/latest.json"
fi
exit $rc
