# layan: the two commands a newcomer needs are `make run` and `make test`.
BUILD_DIR ?= build
PORT ?= 8080
DB ?= sqlite:./data/layan.db
JOBS ?= $(shell nproc)

.PHONY: all deps configure build assets run test bench format tidy clean

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure assets
	@cmake --build $(BUILD_DIR) -j $(JOBS)

assets: deps
	@node scripts/build-assets.mjs

## run: build, migrate, load demo data and serve on http://localhost:$(PORT); unsent
## messages (one-time codes) go to ./data/mailbox.log
run: build
	@mkdir -p data
	@$(BUILD_DIR)/layan migrate --db $(DB)
	@$(BUILD_DIR)/layan seed --demo --db $(DB)
	@LAYAN_NOTIFY_MAILBOX=1 $(BUILD_DIR)/layan serve --port $(PORT) --db $(DB) --data-dir ./data

## test: every test (unit, API on SQLite and PostgreSQL, browser) through ctest
test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j 2

## bench: load and micro benchmarks; writes docs/performance.md
bench: build
	@scripts/bench

format:
	@find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: configure
	@find src -name '*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	@rm -rf $(BUILD_DIR)
