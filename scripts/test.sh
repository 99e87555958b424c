#!/usr/bin/env bash
# Set up (first time only), lint with ruff, and run every test: core units, every page headless, a real browser.
# Chromium comes from Debian's package (installed here when we are root and it is missing); without it the
# browser tests skip with a reason. Real data is read from DLCC_DATA_DIR when set (CI: ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null
fi
export DLCC_DEVICE="${DLCC_DEVICE:-cpu}"
echo "ruff check (settings in pyproject.toml)..."
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
