#!/usr/bin/env bash
# Installs the Debian packages the test suite and benchmarks need, only when missing.
# Needs root or sudo; does nothing when everything is present.
set -euo pipefail

packages=()
need() { dpkg -s "$1" >/dev/null 2>&1 || packages+=("$1"); }

need postgresql      # the history test on PostgreSQL (a throwaway cluster on a Unix socket)
need chromium        # the report's browser test and oit report --pdf
need poppler-utils   # pdftotext / pdftoppm check the report PDF
need nginx           # the benchmarks serve their generated site with it (tests/bench too)

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${packages[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
