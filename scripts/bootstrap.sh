#!/usr/bin/env bash
# Set up everything on a fresh machine (Python >= 3.11, pip, Debian): the virtual environment
# from the pinned lock (with uv, fast), and the Debian packages the browser tests and the review
# app need (chromium, fonts with Chinese glyphs).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

if ! command -v uv >/dev/null 2>&1; then
  "$PY" -m pip install --quiet --user uv 2>/dev/null || "$PY" -m pip install --quiet uv
  export PATH="$HOME/.local/bin:$PATH"
fi

if [ ! -x .venv/bin/python ]; then
  uv venv --quiet --python "$PY" .venv
fi
# --compile-bytecode: uv skips .pyc by default, which makes every import slower
uv pip install --quiet --python .venv/bin/python --compile-bytecode -r requirements.lock
uv pip install --quiet --python .venv/bin/python --no-deps -e .

# chromium for the browser tests; fonts-noto-cjk so the review app's Chinese labels render
DEBIAN_PACKAGES="chromium fonts-dejavu-core fonts-noto-cjk"
missing=""
for pkg in $DEBIAN_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $pkg"
done
if [ -n "$missing" ] && [ "${GHGI_SKIP_BROWSER:-0}" != "1" ] && command -v apt-get >/dev/null; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
touch .venv/.installed
