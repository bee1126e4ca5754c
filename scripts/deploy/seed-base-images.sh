#!/usr/bin/env bash
# Seeds, on a machine without a container registry, the base images the Dockerfiles and
# deploy/compose.yaml name, under the same names the public registry uses:
#   node:20-bookworm-slim     Debian 12 minbase (scripts/test-images/build.sh debian12) plus this
#                             host's node binary and a `node` user (uid 1000), as upstream has
#   redis:7-bookworm          Debian 12 plus Debian's redis-server
#   prom/prometheus:v2.42.0   Debian 12 plus Debian's prometheus (/bin is /usr/bin on Debian 12)
# Grafana is not packaged by Debian, so it is not seeded: bring the stack up without it
# (see docs/deploy.md). Where a registry is reachable this script is not needed at all.
#
# Usage: scripts/deploy/seed-base-images.sh          seed the images that are missing
#        FORCE=1 scripts/deploy/seed-base-images.sh  rebuild them
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
debian="image-scanner-test/debian12:1"

work="$(mktemp -d "${TMPDIR:-/tmp}/image-scanner-seed.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log() { printf 'seed-base-images: %s\n' "$*" >&2; }

wanted() {
  [[ "${FORCE:-0}" == 1 ]] || ! docker image inspect "$1" >/dev/null 2>&1
}

# Builds an image from a Dockerfile given on standard input, with $work as the context.
build() {
  local tag="$1"
  log "building $tag"
  docker build -q -t "$tag" -f - "$work" >/dev/null
}

docker image inspect "$debian" >/dev/null 2>&1 || bash "$repo_root/scripts/test-images/build.sh" debian12

if wanted node:20-bookworm-slim; then
  # The node binary needs only glibc and libstdc++, both in the Debian base.
  cp "$(command -v node)" "$work/node"
  build node:20-bookworm-slim <<DOCKERFILE
FROM $debian
COPY node /usr/local/bin/node
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home node
ENV NODE_VERSION=$(node --version | tr -d v)
CMD ["node"]
DOCKERFILE
fi

if wanted redis:7-bookworm; then
  build redis:7-bookworm <<DOCKERFILE
FROM $debian
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends redis-server && rm -rf /var/lib/apt/lists/*
EXPOSE 6379
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no"]
DOCKERFILE
fi

if wanted prom/prometheus:v2.42.0; then
  build prom/prometheus:v2.42.0 <<DOCKERFILE
FROM $debian
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends prometheus && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /prometheus \
    && chown nobody:nogroup /prometheus
USER nobody
EXPOSE 9090
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
DOCKERFILE
fi

for image in node:20-bookworm-slim redis:7-bookworm prom/prometheus:v2.42.0; do
  printf '%-28s %s\n' "$image" "$(docker image inspect --format '{{.Size}}' "$image" |
    awk '{ printf "%.1fMB", $1 / 1000000 }')"
done
