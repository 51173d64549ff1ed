#!/usr/bin/env bash
# Renders the configuration from the environment, waits for the files kamailio-sync-service
# writes, and runs Kamailio under supervise.sh.
set -eu
config_dir=${KAMAILIO_CONFIG_DIR:-/etc/kamailio/proxytrunks}
run_dir=${KAMAILIO_RUN_DIR:-/run/kamtrunks}
mkdir -p "$run_dir"
# an IPv6 main address in brackets: the XML-RPC listener puts a port after it
main_host=${MAIN_ADDRESS_IP:?set MAIN_ADDRESS_IP}
case $main_host in *:*) main_host="[$main_host]" ;; esac
sed -e "s#@MAIN_IP@#$main_host#g" -e "s#@RPC_PORT@#${KAMAILIO_RPC_PORT:-8000}#g" \
    -e "s#@PROXYTRUNKS_DIR@#$config_dir#g" -e "s#@INTERNAL_NET@#${KAMAILIO_INTERNAL_NET:-127.0.0.0/8}#g" \
    /opt/kamtrunks/kamailio.cfg.template >"$run_dir/kamailio.cfg"
for _ in $(seq 1 120); do
  if [ -f "$config_dir/main_address.cfg" ] && [ -f "$config_dir/tables/carriers" ] && [ -f "$config_dir/tables/ddi_providers" ]; then
    exec /opt/kamtrunks/supervise.sh "$run_dir/kamailio.cfg" "$run_dir"
  fi
  sleep 1
done
echo "kamailio-sync-service wrote no listener files in 120 s" >&2
exit 1
