#!/usr/bin/env bash
# Builds every image from its Dockerfile, in dependency order (jre first). Layer caching makes a
# re-run with unchanged inputs take seconds. Jars must be built first (mvn install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
TAG="${IMAGE_TAG:-dev}"
# Order matters: images FROM sgregistry/jre come after it.
IMAGES=(${IMAGES:-jre engine migrate haproxy cache prometheus exporters mkcert rest-server mounter gateway mariadb})
for jar in sql-functions/target/sql-functions-*-app.jar rest-server/target/rest-server-*-app.jar mounter/target/mounter-*-app.jar; do
  [ -f "$jar" ] || { echo "build-images: $jar is missing; run 'mvn install -DskipTests' (or 'make jars') first" >&2; exit 1; }
done
export DOCKER_BUILDKIT=0
for name in "${IMAGES[@]}"; do
  [ -f "docker/$name/Dockerfile" ] || continue
  start=$(date +%s)
  if ! out="$(docker build -q -t "sgregistry/$name:$TAG" --build-arg "IMAGE_TAG=$TAG" -f "docker/$name/Dockerfile" . 2>&1)"; then
    echo "$out" >&2
    echo "build-images: building sgregistry/$name:$TAG failed" >&2
    exit 1
  fi
  echo "image sgregistry/$name:$TAG ($(( $(date +%s) - start ))s)"
done
