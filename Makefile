# The front door of the project. `make up` runs the registry; `make test` runs every test against
# one throw-away stack. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN ?= mvn -B -Dstyle.color=never
VERSION := 0.1.0-SNAPSHOT
CONFIGURATOR_JAR := configurator/target/configurator-$(VERSION)-cli.jar
CONFIGURATOR := java -jar $(CONFIGURATOR_JAR)

# The registry you run (persistent state, git-ignored).
STATE ?= .state/config.json
CONFIG_DIR ?= build/config
PROJECT ?= registry
# The test stack: a fresh config with random secrets for every `make test`, thrown away after.
TEST_DIR := build/test
TEST_STATE := $(TEST_DIR)/config.json
# STACK_ID=N (a small number) gives a second checkout (git worktree) its own test stack: its own
# Compose project, image tag and published ports (+100*N), so two checkouts can test at once.
STACK_ID ?=
IMAGE_TAG ?= dev$(if $(STACK_ID),-$(STACK_ID))
export IMAGE_TAG
# The one script that configures, starts and stops a test stack (the fixtures call it too).
TEST_STACK = STACK_ID=$(STACK_ID) IMAGE_TAG=$(IMAGE_TAG) bash scripts/test-stack.sh

# Optional services by flag (monitoring, client engine, sources) come from the rendered compose.env
# (COMPOSE_PROFILES), so naming them costs no configurator run.
# DEV=1 adds the dev override (freshly built jars bind-mounted into the Java services).
DEV ?=
COMPOSE = REGISTRY_CONFIG_DIR=$(CURDIR)/$(CONFIG_DIR) docker compose -p $(PROJECT) --project-directory compose \
  --env-file $(CONFIG_DIR)/compose/compose.env -f compose/compose.yaml $(if $(DEV),-f compose/compose.dev.yaml)

MODULES := configurator sql-quoting sql-functions test-fixtures test-postgres service-runtime rest-server sgr-core sgr-cli mounter stack-tests rest-gateway-tests acceptance-tests

BENCH_ROWS ?= 1000000

.PHONY: demo bench help bootstrap jars images certs config check up down logs ps reload rotate restart-dev config-test up-test start-test down-test test-logs test $(addprefix test-,$(MODULES))

help:
	@echo "make up        run the registry (bootstrap Docker if needed, build, configure, start)"
	@echo "make down      stop the registry (data is kept in its volumes)"
	@echo "make test      run every test against one throw-away stack"
	@echo "make test-M    run one module's tests (M: $(MODULES))"
	@echo "make bench     benchmarks on a fresh test stack, figures printed: pgbench, rest-server vs pgbench same SQL, REST path through the front door (cache hit/miss) vs data-api alone, sgr push/pull vs raw COPY, sgr commit/status/diff of 1-row and 1 % changes vs CREATE TABLE AS (BENCH_ROWS, default 1000000)"
	@echo "make demo      after make up: register a demo user with sgr, push a sample dataset, make it public, print its REST URL"
	@echo "make logs      the registry's recent logs;  make ps  its services"
	@echo "make images | config | bootstrap   the individual steps"
	@echo "make check     check the rendered files with haproxy -c, varnishd -C, nginx -t, promtool check config, the alert rules' unit tests (promtool test rules), blackbox-exporter --config.check (in their images)"
	@echo "make reload    reload HAProxy's configuration without dropping connections"
	@echo "make rotate KEY=password.engine.sgr   new secret, re-render, apply to the running registry"

bootstrap:
	@bash docker/bootstrap/bootstrap.sh

# Work already done is skipped: the jars are built again only when a pom or a main source changed
# since the last build (or a jar is missing), the images only when docker/ or the jars changed (or
# an image is missing). Stamps live in build/stamps; `rm -rf build/stamps` forces both.
STAMPS := build/stamps
APP_JARS := $(CONFIGURATOR_JAR) sql-functions/target/sql-functions-$(VERSION)-app.jar \
  rest-server/target/rest-server-$(VERSION)-app.jar mounter/target/mounter-$(VERSION)-app.jar
# Only the modules whose jars the images, the Makefile (configurator) and users (sgr) run: a change to a
# test module or to the test fixtures rebuilds no jar and no image (make test compiles those itself).
RUNTIME_MODULES := configurator sql-quoting sql-functions service-runtime rest-server mounter sgr-core sgr-cli
JAR_INPUTS := $(shell find pom.xml $(addsuffix /pom.xml,$(RUNTIME_MODULES)) $(addsuffix /src/main,$(RUNTIME_MODULES)) -type f 2>/dev/null)
IMAGE_NAMES := $(patsubst docker/%/Dockerfile,%,$(wildcard docker/*/Dockerfile))
IMAGES_STAMP := $(STAMPS)/images-$(IMAGE_TAG)
.PHONY: FORCE
FORCE:

$(STAMPS)/jars: $(JAR_INPUTS) $(if $(strip $(foreach j,$(APP_JARS),$(if $(wildcard $(j)),,x))),FORCE)
	@# Stamped with the time the build started: a source saved during the build counts as changed.
	@mkdir -p $(@D) && touch $@.new
	@# -DskipUTs too: the pom ties Surefire's skip to skipUTs, so -DskipTests alone still ran the unit
	@# tests here (make test runs them anyway, and make up needs none).
	$(MVN) -q install -DskipTests -DskipUTs=true
	@mv $@.new $@

jars $(CONFIGURATOR_JAR): $(STAMPS)/jars

$(IMAGES_STAMP): $(STAMPS)/jars $(shell find docker -type f 2>/dev/null)
	@mkdir -p $(@D) && touch $@.new
	@bash docker/build-images.sh
	@mv $@.new $@

# One `docker image inspect` of every image (a fraction of a second) decides whether any is missing.
images: bootstrap
	@docker image inspect $(foreach i,$(IMAGE_NAMES),sgregistry/$(i):$(IMAGE_TAG)) >/dev/null 2>&1 || rm -f $(IMAGES_STAMP)
	@$(MAKE) --no-print-directory $(IMAGES_STAMP)

# The local CA and the front door's certificate, made once beside the state file (tls/) with mkcert:
# on the host if installed, else in the sgregistry/mkcert image.
# Skipped when the four files exist (what the configurator itself checks): no JVM, no mkcert image build.
TLS_FILES = $(addprefix $(dir $(STATE))tls/,rootCA.pem rootCA-key.pem front.pem front-key.pem)
certs: jars
	@if [ "$(words $(wildcard $(TLS_FILES)))" != 4 ]; then \
	  command -v mkcert >/dev/null || IMAGES=mkcert bash docker/build-images.sh >/dev/null; \
	  $(CONFIGURATOR) certs --config $(STATE) --image-tag $(IMAGE_TAG); \
	fi

config: certs
	@$(CONFIGURATOR) render --config $(STATE) --out $(CONFIG_DIR) --quiet
	@echo "configuration rendered into $(CONFIG_DIR) (state and secrets: $(STATE))"

check: images config
	@$(CONFIGURATOR) check --config $(STATE) --out $(CONFIG_DIR)

# Zero-downtime reload of HAProxy after its configuration changed (master-worker, listeners handed over).
reload:
	$(COMPOSE) kill -s USR2 haproxy

# New value for one secret, re-render, then run the steps the configurator names (e.g. migrate
# re-applies role passwords with ALTER ROLE; HAProxy reloads).
rotate: $(CONFIGURATOR_JAR)
	@[ -n "$(KEY)" ] || { echo "usage: make rotate KEY=<secret> (names: $(CONFIGURATOR) secrets -c $(STATE))" >&2; exit 2; }
	@steps="$$($(CONFIGURATOR) rotate --config $(STATE) --out $(CONFIG_DIR) --commands $(KEY))" || exit 2; \
	echo "rotated $(KEY)"; \
	while read -r step; do [ -z "$$step" ] && continue; echo "+ docker compose $$step"; $(COMPOSE) $$step || exit 1; done <<< "$$steps"

# With DEV=1 stacks: rebuild the jars and restart the Java services on them (no image rebuild).
restart-dev: jars
	$(COMPOSE) $(if $(DEV),,-f compose/compose.dev.yaml) up -d --wait --force-recreate migrate registry-api mounter data-api

up: images config
	$(COMPOSE) up -d --wait
	@echo
	@# Addresses come from the rendered env file: no extra configurator runs.
	@. $(CONFIG_DIR)/compose/compose.env; \
	echo "The registry is up:"; \
	echo "  HTTP front door   http://$$BIND_ADDRESS:$$HTTP_PORT/healthz"; \
	echo "  HTTPS front door  https://$$($(CONFIGURATOR) get -c $(STATE) hostname):$$HTTPS_PORT/healthz (CA: $(dir $(STATE))tls/rootCA.pem)"; \
	echo "  PostgreSQL        $$BIND_ADDRESS:$$POSTGRES_PORT (database splitgraph)"; \
	echo "  HAProxy stats     http://$$BIND_ADDRESS:$$STATS_PORT/stats (user admin, password: $(CONFIGURATOR) get -c $(STATE) password.haproxy.stats)"
	@echo "Next: 'make demo' pushes a sample dataset with sgr (README: First steps); 'make test' runs every test;"
	@echo "      'make logs' shows the logs; 'make down' stops it."

# The README's "First steps", run from the README itself (docs/demo/run-readme-block.sh), so the
# walkthrough and this target cannot drift apart; FirstStepsIT runs the same block on the test stack.
demo: $(CONFIGURATOR_JAR)
	@[ -f $(STATE) ] && [ -f $(CONFIG_DIR)/compose/compose.env ] || { echo "make demo: no registry configured ($(STATE)); run 'make up' first" >&2; exit 1; }
	@curl -fsS -o /dev/null --max-time 10 --cacert $(dir $(STATE))tls/rootCA.pem "https://localhost:$$(. $(CONFIG_DIR)/compose/compose.env; echo $$HTTPS_PORT)/healthz" \
	  || { echo "make demo: the registry does not answer on its HTTPS front door; start it with 'make up'" >&2; exit 1; }
	@[ -f sgr-cli/target/sgr-cli-$(VERSION)-app.jar ] || { echo "make demo: the sgr jar is missing; run 'make jars' (or 'make up')" >&2; exit 1; }
	@STATE=$(STATE) bash docs/demo/run-readme-block.sh demo-engine
	@STATE=$(STATE) CONFIG=$(CONFIG_DIR) bash docs/demo/run-readme-block.sh demo

# Taking a stack down needs no bind-mount source: a compose.env rendered before a variable existed
# must still stop the stack it started (the shell's value wins over the file's; down mounts nothing).
DOWN_ENV := CLIENT_ENGINE_FILES_DIR="$${CLIENT_ENGINE_FILES_DIR:-/nonexistent}"

down:
	@if [ -f $(CONFIG_DIR)/compose/compose.env ]; then $(DOWN_ENV) $(COMPOSE) down; fi

logs:
	$(COMPOSE) logs --tail=200

ps:
	$(COMPOSE) ps -a

# ---- tests ----------------------------------------------------------------------------------

config-test: $(CONFIGURATOR_JAR)
	@$(TEST_STACK) config

up-test: images
	@[ -f $(TEST_STATE) ] || $(TEST_STACK) config
	@$(TEST_STACK) start

# Starts the test stack from the rendered config; on failure keeps the logs and removes the stack.
start-test:
	@$(TEST_STACK) start

down-test:
	@$(TEST_STACK) down

test-logs:
	@$(TEST_STACK) logs

# One stack, started once, every module's tests against it, torn down also on failure. The stack
# starts in the background while Maven builds and runs the modules that need no stack (unit tests,
# and the ITs on a disposable engine); the fixtures wait for it (build/test/starting) when a module
# first needs it. KEEP_STACK=1 leaves it running for a faster next run (make down-test stops it).
define run_tests
	@start=$$(date +%s); \
	$(TEST_STACK) config || exit 1; \
	: > $(TEST_DIR)/starting; \
	( $(TEST_STACK) start > $(TEST_DIR)/start.log 2>&1; echo $$? > $(TEST_DIR)/start.rc; rm -f $(TEST_DIR)/starting ) & \
	starter=$$!; \
	$(MVN) verify $(1); rc=$$?; \
	wait $$starter; \
	if [ "$$(cat $(TEST_DIR)/start.rc 2>/dev/null)" != 0 ]; then echo "The background start of the test stack failed ($(TEST_DIR)/start.log); the fixtures started it again when a test needed it."; fi; \
	if [ $$rc -ne 0 ]; then $(TEST_STACK) logs; fi; \
	if [ -z "$(KEEP_STACK)" ]; then $(TEST_STACK) down; fi; \
	echo "tests finished in $$(( $$(date +%s) - start ))s (exit $$rc; load average $$(cut -d' ' -f1-3 /proc/loadavg))"; \
	exit $$rc
endef

test: images
	$(call run_tests,)

$(addprefix test-,$(MODULES)): test-%: images
	$(call run_tests,-pl $* -am)

# Benchmarks on one fresh test stack: every module's *Bench classes (Failsafe, they print lines
# starting with BENCH and assert only correctness, never speed), among them sgr push/pull beside raw
# COPY between client-engine and the registry engine (PushPullBench) and what commits cost beside
# CREATE TABLE AS (CommitBench), on BENCH_ROWS rows. The figures are printed again at the end and
# kept in build/bench.txt. BENCH_MODULES=m1,m2 narrows the run.
BENCH_MODULES ?= $(subst $(space),$(comma),$(sort $(foreach f,$(wildcard */src/test/java/io/sgregistry/*/*Bench.java */src/test/java/io/sgregistry/*/*/*Bench.java */src/test/java/io/sgregistry/*/*/*/*Bench.java),$(firstword $(subst /, ,$(f))))))
comma := ,
space := $(eval) $(eval)
bench: images
	@$(TEST_STACK) up || exit 1; \
	mkdir -p build; set -o pipefail; \
	$(MVN) verify -pl $(BENCH_MODULES) -am -Dit.includes='**/*Bench.java' -DskipUTs=true -Dbench.rows=$(BENCH_ROWS) | tee build/bench.log; rc=$$?; \
	if [ $$rc -ne 0 ]; then $(TEST_STACK) logs; fi; \
	if [ -z "$(KEEP_STACK)" ]; then $(TEST_STACK) down; fi; \
	grep -h '^BENCH' build/bench.log > build/bench.txt; \
	echo; echo "Benchmark figures (also in build/bench.txt):"; cat build/bench.txt; exit $$rc
