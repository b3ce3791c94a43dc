#!/usr/bin/env bash
# The one way a throw-away test stack is configured, started and stopped: `make test`, `make bench`,
# `make config-test start-test down-test` and the test fixtures (StackStarter) all call this script.
#
#   scripts/test-stack.sh config   fresh config.json with random secrets, rendered into build/test/config
#   scripts/test-stack.sh start    docker compose up --wait; on failure keeps the logs and removes the stack
#   scripts/test-stack.sh up       config, then start
#   scripts/test-stack.sh down     removes the stack and its volumes
#   scripts/test-stack.sh logs     writes the services' logs to build/test-logs
#   scripts/test-stack.sh project  prints the Compose project name
#
# STACK_ID=N gives a checkout its own stack: Compose project registry-test-N, image tag dev-N and every
# published port + 100*N, so several checkouts can test at once. IMAGE_TAG overrides the tag.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

STACK_ID="${STACK_ID:-}"
PROJECT="registry-test${STACK_ID:+-$STACK_ID}"
IMAGE_TAG="${IMAGE_TAG:-dev${STACK_ID:+-$STACK_ID}}"
export IMAGE_TAG
TEST_DIR="$ROOT/build/test"
STATE="$TEST_DIR/config.json"
CONFIG_DIR="$TEST_DIR/config"
LOGS="$ROOT/build/test-logs"
# Present while `start` runs: the fixtures wait for a start under way instead of starting another.
STARTING="$TEST_DIR/starting"
CONFIGURATOR_JAR="$(ls "$ROOT"/configurator/target/configurator-*-cli.jar 2>/dev/null | head -n1 || true)"

configurator() {
  [ -n "$CONFIGURATOR_JAR" ] || { echo "test-stack: the configurator jar is missing; run 'make jars' first" >&2; exit 1; }
  java -jar "$CONFIGURATOR_JAR" "$@"
}

# Published ports of the test flags (compose/test-flags.json), moved by 100*STACK_ID.
port_sets() {
  [ -n "$STACK_ID" ] || return 0
  local p
  for p in http:18080 https:18443 postgres:15431 stats:18404 engine_admin:15432 rest_engine_admin:15433 \
           prometheus:19090 client_engine:15434; do
    printf -- '--set ports.%s=%d ' "${p%%:*}" "$(( ${p#*:} + 100 * STACK_ID ))"
  done
}

# Optional services by flag (monitoring, client engine, sources): COMPOSE_PROFILES in the rendered compose.env.
compose() {
  REGISTRY_CONFIG_DIR="$CONFIG_DIR" docker compose -p "$PROJECT" --project-directory "$ROOT/compose" \
    --env-file "$CONFIG_DIR/compose/compose.env" -f "$ROOT/compose/compose.yaml" -f "$ROOT/compose/compose.test.yaml" \
    "$@"
}

down() {
  [ -f "$CONFIG_DIR/compose/compose.env" ] || return 0
  # Taking a stack down needs no bind-mount source: a compose.env rendered before a variable existed
  # must still stop the stack it started.
  CLIENT_ENGINE_FILES_DIR="${CLIENT_ENGINE_FILES_DIR:-/nonexistent}" compose down -v --remove-orphans
}

config() {
  down  # a stack left by an interrupted run has the old secrets
  rm -rf "$TEST_DIR"
  command -v mkcert >/dev/null || IMAGES=mkcert bash docker/build-images.sh >/dev/null
  configurator certs --config "$STATE" --image-tag "$IMAGE_TAG" >/dev/null
  # shellcheck disable=SC2046
  configurator render --config "$STATE" --out "$CONFIG_DIR" --flags compose/test-flags.json \
    --set images.tag="$IMAGE_TAG" $(port_sets) --quiet
  echo "$PROJECT" > "$TEST_DIR/compose-project"
}

logs() {
  mkdir -p "$LOGS"
  compose ps -a > "$LOGS/ps.txt" 2>&1 || true
  compose logs --no-color --timestamps > "$LOGS/compose.log" 2>&1 || true
  echo "Logs of the failed run: $LOGS/compose.log (services), */target/failsafe-reports and */target/surefire-reports (tests)"
}

start() {
  [ -f "$STATE" ] || config
  : > "$STARTING"
  trap 'rm -f "$STARTING"' EXIT
  if ! compose up -d --wait --quiet-pull; then
    logs
    down
    return 1
  fi
}

case "${1:-}" in
  config) config ;;
  start) start ;;
  up) config; start ;;
  down) down ;;
  logs) logs ;;
  project) echo "$PROJECT" ;;
  *) echo "usage: $0 config|start|up|down|logs|project" >&2; exit 2 ;;
esac
