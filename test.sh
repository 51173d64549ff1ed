#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine when it is missing (a JDK 17,
# Kamailio with its XML-RPC module, SIPp, Chromium and ChromeDriver), runs the benchmark's
# quick mode (tiny sizes, so that ./bench.sh cannot rot: it fails on any refused command or
# change that never arrives), then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"

packages=()
command -v javac >/dev/null 2>&1 || packages+=(openjdk-17-jdk-headless)
command -v curl >/dev/null 2>&1 || packages+=(curl)
command -v sipp >/dev/null 2>&1 || packages+=(sip-tester)
# the dashboard's browser tests (*BrowserIT) drive Debian's Chromium through its ChromeDriver
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || packages+=(chromium-driver)
# Kamailio and its modules when missing, with the packages above in the same apt-get run
kamailio/install.sh "${packages[@]}"

echo "Benchmark, quick mode (./bench.sh --quick; a full run's figures are in README.md) ..."
./bench.sh --quick

exec ./mvnw -B verify "$@"
