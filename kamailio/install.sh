#!/usr/bin/env bash
# Installs on Debian, when missing, Kamailio with every module kamailio.cfg.template loads (all
# are in the kamailio package but xmlrpc, which is in kamailio-xml-modules), together with the
# other Debian packages named on the command line: one apt-get run, through sudo when not root,
# announced in one line (apt's own output goes to a log shown only when it fails). Does nothing
# when nothing is missing. ./run.sh and ./test.sh call it.
#   kamailio/install.sh [OTHER_DEBIAN_PACKAGE ...]
set -euo pipefail

packages=("$@")
fresh_kamailio=0
if ! command -v kamailio >/dev/null 2>&1; then
  packages+=(kamailio)
  fresh_kamailio=1
fi
compgen -G "/usr/lib/*/kamailio/modules/xmlrpc.so" >/dev/null || packages+=(kamailio-xml-modules)
[ ${#packages[@]} -gt 0 ] || exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing ${packages[*]}, and there is no apt-get to install them: install them yourself" >&2
  exit 1
fi
echo "Installing ${packages[*]} (apt-get) ..."
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "apt-get could not install ${packages[*]}" >&2
  exit 1
fi
# The package enables and starts a system-wide kamailio.service under systemd, with Debian's
# sample configuration on port 5060 of every address: it would take the sockets of the Kamailio
# that ./run.sh (and the tests) run themselves. Stopped only when it was installed just now.
if [ $fresh_kamailio -eq 1 ] && [ -d /run/systemd/system ]; then
  "${SUDO[@]}" systemctl disable --now --quiet kamailio.service || true
fi
