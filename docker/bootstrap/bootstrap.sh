#!/usr/bin/env bash
# Makes a Docker engine with Compose v2 reachable and the base image debian:bookworm-slim present.
# Idempotent: each step checks first and is skipped when already done.
set -euo pipefail

BASE_IMAGE="debian:bookworm-slim"
STATE_DIR="${BOOTSTRAP_STATE_DIR:-/var/lib/registry-bootstrap}"
log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

is_root_debian() {
  [ "$(id -u)" = 0 ] && [ -r /etc/debian_version ] && command -v apt-get >/dev/null
}

apt_updated=""
apt_update_once() {
  if [ -z "$apt_updated" ]; then
    log "apt-get update"
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
}

ensure_docker_engine() {
  if docker info >/dev/null 2>&1; then
    return 0
  fi
  is_root_debian || die "no Docker engine answers and this is not root on Debian. Install Docker Engine 20.10+ with the Compose v2 plugin (https://docs.docker.com/engine/install/), start it, and run 'make' again."
  if ! command -v dockerd >/dev/null; then
    apt_update_once
    log "installing docker.io from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io iptables ca-certificates >/dev/null
  fi
  if ! command -v docker >/dev/null; then
    die "docker.io is installed but no docker client is on PATH"
  fi
  log "starting dockerd (log: /var/log/dockerd.log)"
  mkdir -p /var/log
  # setsid: the daemon must outlive the make/shell that started it.
  setsid nohup dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then
      log "dockerd is up"
      return 0
    fi
    sleep 1
  done
  tail -n 30 /var/log/dockerd.log >&2 || true
  die "dockerd did not answer within 60 s; see /var/log/dockerd.log"
}

ensure_compose() {
  if docker compose version >/dev/null 2>&1; then
    return 0
  fi
  is_root_debian || die "'docker compose' (Compose v2 plugin) is missing. Install docker-compose-plugin (Docker's apt repository) or Debian trixie's docker-compose package."
  log "installing the Compose v2 plugin from Debian trixie's docker-compose package"
  local list=/etc/apt/sources.list.d/registry-bootstrap-trixie.list
  local tmp; tmp="$(mktemp -d)"; chmod 755 "$tmp"
  # A one-off source list used only for this download, removed right after, so the machine's
  # own packages keep following bookworm.
  echo "deb http://deb.debian.org/debian trixie main" > "$list"
  trap 'rm -f "$list"; rm -rf "$tmp"' RETURN
  apt-get update -qq -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts="-" -o APT::Get::List-Cleanup="0" >/dev/null
  (cd "$tmp" && apt-get download -qq -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts="-" docker-compose/trixie >/dev/null)
  local deb; deb="$(ls "$tmp"/docker-compose_*.deb | head -n1)"
  [ -n "$deb" ] || die "could not download docker-compose from trixie"
  # Only the plugin binary is needed (it links only libc); unpack it rather than installing the
  # package with trixie's dependency chain.
  dpkg-deb -x "$deb" "$tmp/x"
  install -D -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-compose" /usr/libexec/docker/cli-plugins/docker-compose
  rm -f "$list"
  apt-get update -qq >/dev/null || true
  docker compose version >/dev/null 2>&1 || die "Compose plugin installed but 'docker compose version' fails"
  log "$(docker compose version)"
}

ensure_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    return 0
  fi
  log "trying to pull $BASE_IMAGE"
  if timeout 30 docker pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
    return 0
  fi
  is_root_debian || die "$BASE_IMAGE is missing and cannot be pulled; load it with 'docker load' or allow pulls from Docker Hub."
  if ! command -v debootstrap >/dev/null; then
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  local root; root="$(mktemp -d /var/tmp/bookworm-rootfs.XXXXXX)"
  local mirror
  mirror="$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  log "building $BASE_IMAGE with debootstrap from $mirror (about two minutes)"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; die "debootstrap failed (log: $root.log)"; }
  # The image uses the same apt sources as this machine, so image builds reach the same mirror.
  rm -f "$root/etc/apt/sources.list"
  mkdir -p "$root/etc/apt/sources.list.d"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/debian.sources; do
    [ -f "$f" ] && cp "$f" "$root$f"
  done
  [ -f "$root/etc/apt/sources.list" ] || [ -f "$root/etc/apt/sources.list.d/debian.sources" ] \
    || echo "deb $mirror bookworm main" > "$root/etc/apt/sources.list"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import - "$BASE_IMAGE" >/dev/null
  rm -rf "$root" "$root.log"
  log "imported $BASE_IMAGE"
}

ensure_docker_engine
ensure_compose
ensure_base_image
log "ready: $(docker version --format 'engine {{.Server.Version}}'), $(docker compose version --short 2>/dev/null || echo compose), $BASE_IMAGE present"
