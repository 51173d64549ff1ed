#!/usr/bin/env bash
# Starts the whole embedded stack in the foreground: a Kafka broker (KRaft) and a
# MongoDB-protocol server in one JVM, then the four services, then the trunks proxy (Debian's
# Kamailio, installed with apt-get when missing). Ctrl-C stops everything it started; so does
# the death of any part.
#   ./run.sh                              start (building what is missing)
#   NO_KAMAILIO=1 ./run.sh                start without Kamailio (and install nothing)
#   NO_GATEWAY=1 ./run.sh                 start without the gateway (dashboard, one origin, port 8080)
#   ./run.sh login god                    print a one-time sign-in link to the dashboard for God
#   ./run.sh login brand-admin BRAND_ID   print one for an administrator of a brand
#   ./run.sh token god                    print a God token for the running stack
#   ./run.sh token brand-admin BRAND_ID   print a brand admin token
#   ./run.sh token service                print a token for another platform service
#   ./run.sh events [--follow]            print the events on the Kafka topics
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
VERSION=0.1.0-SNAPSHOT
export PROXYTRUNKS_DATA_DIR=${PROXYTRUNKS_DATA_DIR:-$ROOT/.data}
STACK_JAR=embedded-stack/target/embedded-stack-$VERSION-exec.jar
SERVICES=(address-service assignment-service projector-service kamailio-sync-service)
[ "${NO_GATEWAY:-}" = 1 ] || SERVICES+=(gateway)
declare -A PORTS=(
  [gateway]=${GATEWAY_PORT:=8080}
  [address-service]=${ADDRESS_SERVICE_PORT:=8081}
  [assignment-service]=${ASSIGNMENT_SERVICE_PORT:=8082}
  [projector-service]=${PROJECTOR_SERVICE_PORT:=8083}
  [kamailio-sync-service]=${KAMAILIO_SYNC_SERVICE_PORT:=8084}
)
export ADDRESS_SERVICE_PORT ASSIGNMENT_SERVICE_PORT PROJECTOR_SERVICE_PORT KAMAILIO_SYNC_SERVICE_PORT GATEWAY_PORT
export MONGO_PORT=${MONGO_PORT:-27017} KAFKA_PORT=${KAFKA_PORT:-9092} KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
export MONGO_URI=${MONGO_URI:-mongodb://127.0.0.1:$MONGO_PORT}
export KAFKA_BOOTSTRAP=${KAFKA_BOOTSTRAP:-127.0.0.1:$KAFKA_PORT}
export JWT_PUBLIC_KEY_LOCATION=${JWT_PUBLIC_KEY_LOCATION:-$PROXYTRUNKS_DATA_DIR/jwt/public-key.pem}
export MAIN_ADDRESS_IP=${MAIN_ADDRESS_IP:-127.0.0.1}
KAMAILIO_DIR=$PROXYTRUNKS_DATA_DIR/kamailio
export KAMAILIO_CONFIG_DIR=${KAMAILIO_CONFIG_DIR:-$KAMAILIO_DIR/proxytrunks}
export KAMAILIO_TABLES_DIR=${KAMAILIO_TABLES_DIR:-$KAMAILIO_CONFIG_DIR/tables}
export KAMAILIO_RPC_PORT=${KAMAILIO_RPC_PORT:-8000}
# C1 only: the services start about twice as fast, which matters more here than peak speed.
# The heaps start small and their young generations are sized to what each process allocates
# (the JVM's default commits a 384 MB heap with a 128 MB young generation from the start, and
# every page of it is touched): the whole stack's memory is one of the benchmark's figures.
# JAVA_OPTS, when set, replaces the options of every service; STACK_JAVA_OPTS the embedded stack's.
COMMON_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Daxoniq.update-checker.disabled=true"
# The embedded stack (MongoDB-protocol server and Kafka) collects its young generation with both
# cores: measured under load, its pauses were 88 ms on average with the serial collector and 48 ms
# with the parallel one, and every command waits through them. Its heap is committed whole, so
# that it never grows through a full collection; only the pages it uses count in its memory.
STACK_JAVA_OPTS=${STACK_JAVA_OPTS:--Xms768m -Xmx768m -Xmn128m -XX:+UseParallelGC -XX:ParallelGCThreads=2 -XX:TieredStopAtLevel=1}
java_opts() {
  if [ -n "${JAVA_OPTS:-}" ]; then
    echo "$JAVA_OPTS"
    return
  fi
  case "$1" in
    assignment-service) echo "-Xms96m -Xmx384m -Xmn64m $COMMON_JAVA_OPTS" ;;
    gateway) echo "-Xms32m -Xmx256m -Xmn24m $COMMON_JAVA_OPTS" ;;
    *) echo "-Xms64m -Xmx384m -Xmn40m $COMMON_JAVA_OPTS" ;;
  esac
}

missing_jars() {
  [ -f "$STACK_JAR" ] || return 0
  for service in "${SERVICES[@]}"; do
    [ -f "$service/target/$service-$VERSION-exec.jar" ] || return 0
  done
  return 1
}

build() {
  echo "Building (./mvnw package, tests skipped) ..."
  ./mvnw -B -q -T 2 -Dmaven.test.skip=true -pl "embedded-stack,$(IFS=,; echo "${SERVICES[*]}")" -am package
}

if [ "${1:-}" = "token" ]; then
  shift
  [ -f "$STACK_JAR" ] || build
  exec java -Dlogback.configurationFile=embedded-stack-logback.xml -jar "$STACK_JAR" token "$@"
fi
if [ "${1:-}" = "login" ]; then
  shift
  case "${1:-}" in
    god) [ $# -eq 1 ] ;;
    brand-admin) [ $# -eq 2 ] ;;
    *) false ;;
  esac || { echo "usage: ./run.sh login god | ./run.sh login brand-admin BRAND_ID" >&2; exit 2; }
  [ -f "$STACK_JAR" ] || build
  echo "Open within 10 minutes, once (it signs in $*):" >&2
  exec java -Dlogback.configurationFile=embedded-stack-logback.xml -jar "$STACK_JAR" login "$@"
fi
if [ "${1:-}" = "events" ]; then
  shift
  [ -f "$STACK_JAR" ] || build
  exec java -Dlogback.configurationFile=embedded-stack-logback.xml -jar "$STACK_JAR" events "$@"
fi
if [ $# -gt 0 ]; then
  echo "usage: ./run.sh | ./run.sh login god | ./run.sh login brand-admin BRAND_ID | ./run.sh token god|service | ./run.sh token brand-admin BRAND_ID | ./run.sh events [--follow]" >&2
  exit 2
fi

# The trunks proxy: Debian's Kamailio, installed when missing; without it (NO_KAMAILIO=1, or no
# apt-get) the control plane runs alone and kamailio-sync-service only writes the files.
with_kamailio() { [ "${NO_KAMAILIO:-}" != 1 ] && command -v kamailio >/dev/null 2>&1; }
if [ "${NO_KAMAILIO:-}" != 1 ] && ! kamailio/install.sh; then
  echo "Going on without Kamailio (NO_KAMAILIO=1 skips this step)" >&2
fi
if with_kamailio; then
  export KAMAILIO_RESTART_COMMAND=${KAMAILIO_RESTART_COMMAND:-$ROOT/kamailio/restart.sh $KAMAILIO_DIR}
  export KAMAILIO_CONFIG_TEMPLATE=${KAMAILIO_CONFIG_TEMPLATE:-$ROOT/kamailio/kamailio.cfg.template}
fi

if missing_jars; then build; fi

LOGS=$PROXYTRUNKS_DATA_DIR/logs
mkdir -p "$LOGS"
PIDS=()
NAMES=()
stopping=0

stop_all() {
  [ $stopping -eq 1 ] && return
  stopping=1
  echo
  echo "Stopping ..."
  for ((i=${#PIDS[@]}-1; i>=0; i--)); do
    kill -TERM "${PIDS[$i]}" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  echo "Stopped."
}
trap 'stop_all; exit 130' INT TERM
trap 'stop_all' EXIT

start() {
  local name=$1; shift
  "$@" >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
  NAMES+=("$name")
}

alive_or_die() {
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      echo "${NAMES[$i]} died; the end of its log ($LOGS/${NAMES[$i]}.log):" >&2
      tail -n 30 "$LOGS/${NAMES[$i]}.log" >&2 || true
      exit 1
    fi
  done
}

wait_until() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    alive_or_die
    if [ $SECONDS -ge $deadline ]; then
      echo "$what did not become ready within $seconds s" >&2
      exit 1
    fi
    sleep 0.5
  done
}

echo "Starting Kafka (127.0.0.1:$KAFKA_PORT) and the MongoDB-protocol server (127.0.0.1:$MONGO_PORT) ..."
start embedded-stack java $STACK_JAVA_OPTS -Dlogback.configurationFile=embedded-stack-logback.xml -jar "$STACK_JAR" serve
wait_until "the MongoDB-protocol server" 60 grep -qs "MONGO READY" "$LOGS/embedded-stack.log"

# the services start while Kafka is still coming up: they accept commands without it and publish when it is there
for service in "${SERVICES[@]}"; do
  start "$service" java $(java_opts "$service") -jar "$service/target/$service-$VERSION-exec.jar"
done
wait_until "Kafka" 60 grep -qs "EMBEDDED STACK READY" "$LOGS/embedded-stack.log"
for service in "${SERVICES[@]}"; do
  port=${PORTS[$service]}
  wait_until "$service" 120 curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health"
  echo "  $service is up on http://127.0.0.1:$port"
done

KAMAILIO_INFO="  Kamailio               not started ($([ "${NO_KAMAILIO:-}" = 1 ] && echo NO_KAMAILIO=1 || echo 'not installed'))"
if with_kamailio; then
  mkdir -p "$KAMAILIO_DIR"
  # an IPv6 main address in brackets: the XML-RPC listener puts a port after it
  MAIN_HOST=$MAIN_ADDRESS_IP
  case $MAIN_HOST in *:*) MAIN_HOST="[$MAIN_HOST]" ;; esac
  sed -e "s#@MAIN_IP@#$MAIN_HOST#g" -e "s#@RPC_PORT@#$KAMAILIO_RPC_PORT#g" \
      -e "s#@PROXYTRUNKS_DIR@#$KAMAILIO_CONFIG_DIR#g" -e "s#@INTERNAL_NET@#${KAMAILIO_INTERNAL_NET:-127.0.0.0/8}#g" \
      kamailio/kamailio.cfg.template >"$KAMAILIO_DIR/kamailio.cfg"
  wait_until "the listener files from kamailio-sync-service" 60 \
      test -f "$KAMAILIO_CONFIG_DIR/main_address.cfg" -a -f "$KAMAILIO_TABLES_DIR/carriers" -a -f "$KAMAILIO_TABLES_DIR/ddi_providers"
  start kamailio kamailio/supervise.sh "$KAMAILIO_DIR/kamailio.cfg" "$KAMAILIO_DIR"
  KAMAILIO_INFO="  Kamailio (KamTrunks)   sip:$MAIN_HOST:5060, XML-RPC http://$MAIN_HOST:$KAMAILIO_RPC_PORT/RPC2"
fi

GOD_TOKEN=$(java -Dlogback.configurationFile=embedded-stack-logback.xml -jar "$STACK_JAR" token god)
DASHBOARD_INFO="  dashboard              not started (NO_GATEWAY=1)"
SIGN_IN=""
if [ "${NO_GATEWAY:-}" != 1 ]; then
  DASHBOARD_INFO="  dashboard and APIs     http://127.0.0.1:$GATEWAY_PORT/ (gateway)"
  SIGN_IN="
Sign in to the dashboard as God (once, within 10 minutes; './run.sh login god' prints another,
'./run.sh login brand-admin BRAND_ID' one for a brand's administrator):
$(java -Dlogback.configurationFile=embedded-stack-logback.xml -jar "$STACK_JAR" login god)
"
fi
cat <<INFO

Proxy Trunks control plane is running (logs in $LOGS).
$DASHBOARD_INFO
  address-service        http://127.0.0.1:$ADDRESS_SERVICE_PORT/api/addresses
  assignment-service     http://127.0.0.1:$ASSIGNMENT_SERVICE_PORT
  projector-service      http://127.0.0.1:$PROJECTOR_SERVICE_PORT
  kamailio-sync-service  http://127.0.0.1:$KAMAILIO_SYNC_SERVICE_PORT
  Kafka                  127.0.0.1:$KAFKA_PORT
  MongoDB protocol       mongodb://127.0.0.1:$MONGO_PORT
$KAMAILIO_INFO

God token for the services' own ports (valid 12 h; './run.sh token god' prints another):
$GOD_TOKEN
$SIGN_IN
Press Ctrl-C to stop everything.
INFO

while true; do
  alive_or_die
  sleep 1
done
