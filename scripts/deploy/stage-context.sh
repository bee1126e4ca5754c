#!/usr/bin/env bash
# Prepares the Docker build context of the service images in .cache/deploy/context: the built
# `dist` folders and package.json files of the services and libraries, and node_modules with
# production dependencies only. Packages are installed here, on the host, because images are
# built without a registry (and without npm) inside the build.
#
# Usage: scripts/deploy/stage-context.sh   (after `npm run build`)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
context="$repo_root/.cache/deploy/context"

rm -rf "$context"
mkdir -p "$context"
cp "$repo_root/package.json" "$repo_root/package-lock.json" "$context/"
# Every workspace's package.json must be present for `npm ci` to match the lockfile.
for pkg in "$repo_root"/libs/*/package.json "$repo_root"/services/*/package.json \
  "$repo_root"/tests/*/package.json; do
  dir="$(dirname "${pkg#"$repo_root"/}")"
  mkdir -p "$context/$dir"
  cp "$pkg" "$context/$dir/"
  if [[ -d "$repo_root/$dir/dist" && "$dir" != tests/* ]]; then
    cp -r "$repo_root/$dir/dist" "$context/$dir/"
    find "$context/$dir/dist" -name '.tsbuildinfo' -delete
  fi
done
cp "$repo_root"/deploy/docker/*.Dockerfile "$repo_root/deploy/docker/healthcheck.mjs" "$context/"

cd "$context"
# --ignore-scripts: no dependency the services use needs an install script (see package.json
# allowScripts); --prefer-offline reuses the host's npm cache.
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline >/dev/null
# Test workspaces are not part of any image.
rm -rf tests node_modules/@image-scanner/e2e node_modules/@image-scanner/deploy-tests
du -sh "$context/node_modules" | sed 's/^/stage-context: node_modules /'
