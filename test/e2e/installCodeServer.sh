#!/usr/bin/env bash
# Installs code-server 4.99.4 (VS Code 1.99.3, the newest that runs on Node 20) into .cache/code-server, outside
# the project's node_modules, for `npm run test:e2e`. Needs Debian's ripgrep and libkrb5-dev (see .ci/run):
# @vscode/ripgrep's install script downloads rg from GitHub, which is unreachable here, so its cache is
# pre-filled with Debian's rg; code-server's postinstall refuses to run as root without unsafe-perm.
# Idempotent: does nothing when the pinned version is already there. npm, code-server's postinstall (which runs
# its own `npm install --unsafe-perm`, warned about by npm 11) and node-gyp print hundreds of lines: they go to a
# log, shown only when the install fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.99.4
PREFIX=.cache/code-server
BIN="$PREFIX/node_modules/.bin/code-server"
if [ -x "$BIN" ] && grep -q "\"version\": \"$VERSION\"" "$PREFIX/node_modules/code-server/package.json" 2>/dev/null; then
  exit 0
fi
command -v rg >/dev/null || { echo "installCodeServer: ripgrep missing: apt-get install -y ripgrep libkrb5-dev" >&2; exit 1; }
TMP="$(pwd)/.cache/tmp"
mkdir -p "$PREFIX" "$TMP/vscode-ripgrep-cache-1.15.11" "$TMP/rg"
cp "$(command -v rg)" "$TMP/rg/rg"
tar -czf "$TMP/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMP/rg" rg
[ -f "$PREFIX/package.json" ] || echo '{"name": "bv-e2e-code-server", "private": true}' > "$PREFIX/package.json"
LOG="$TMP/code-server-install.log"
echo "installCodeServer: installing code-server@$VERSION into $PREFIX (~300 MB, a few minutes; log: $LOG)" >&2
if ! TMPDIR="$TMP" npm_config_yes=true npm_config_unsafe_perm=true \
  npm install --prefix "$PREFIX" --no-save --no-audit --no-fund --foreground-scripts "code-server@$VERSION" >"$LOG" 2>&1; then
  tail -n 40 "$LOG" >&2
  echo "installCodeServer: installing code-server failed; the whole output is in $LOG" >&2
  exit 1
fi
echo "installCodeServer: code-server $("$BIN" --version | head -n 1)" >&2
