#!/usr/bin/env bash
# Set up (first time only) and start the dashboard on http://localhost:8501
#   DLCC_WATCH=1 bash scripts/run_app.sh   also reloads on save: polls the app's own source files (the file watcher
#                                          is off by default, see .streamlit/config.toml)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
watch=()
if [ "${DLCC_WATCH:-0}" = "1" ]; then
  watch=(--server.fileWatcherType poll --server.runOnSave true)
fi
exec .venv/bin/streamlit run app.py "${watch[@]}" "$@"
