# Haven's front door. `make run` and `make test` each install what is missing (Debian packages via
# apt), build, and then serve or test.
PORT ?= 8080
DATABASE ?= sqlite:data/haven.db
export CCACHE_DIR ?= $(HOME)/.cache/haven-ccache
# Paths under the checkout are hashed relative to it, so a fresh clone elsewhere (as CI makes)
# reuses what an earlier build compiled.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1

.PHONY: run test bench build release format lint clean

build:
	bash scripts/deps.sh build
	cmake --preset debug >/dev/null
	cmake --build --preset debug

release:
	cmake --preset release >/dev/null
	cmake --build --preset release

# Builds, creates the demo authority on first run, migrates, and serves on localhost:$(PORT). The
# demo authority is a borough of Doncaster's size: about 65,000 children, for rates per 10,000.
run:
	bash scripts/deps.sh run
	$(MAKE) --no-print-directory release
	bash scripts/web.sh
	@if [ "$(DATABASE)" = "sqlite:data/haven.db" ] && [ ! -f data/haven.db ]; then \
	  ./build/release/haven demo --database "$(DATABASE)"; \
	fi
	./build/release/haven migrate --database "$(DATABASE)"
	HAVEN_CHILD_POPULATION=$${HAVEN_CHILD_POPULATION:-65000} ./build/release/haven serve --database "$(DATABASE)" --port $(PORT)

test:
	bash scripts/test.sh

# The record benchmark (bench/record_bench.cc) on SQLite and on a throwaway PostgreSQL, the care
# benchmark, the HTTP benchmark against nginx, the synthetic authority (bench/demo_bench.sh), then
# validating a 903 return of 10,700 children (bench/validate_bench.sh), then page times with 20
# signed-in users (bench/web_bench.sh), then every KPI of a large county (bench/mi_bench.sh).
# BENCH_PEOPLE, BENCH_SECONDS, BENCH_OUT, BENCH_DEMO_SCALES and BENCH_DEMO_PG_SCALE pass through.
bench:
	bash scripts/deps.sh bench
	cmake --preset release -DHAVEN_BUILD_BENCH=ON >/dev/null
	cmake --build --preset release
	bash scripts/with-postgres.sh build/release/bench/record_bench
	bash scripts/with-postgres.sh build/release/bench/care_bench
	bash bench/http_bench.sh build/release/haven
	bash scripts/with-postgres.sh bench/demo_bench.sh build/release/haven
	bash bench/validate_bench.sh build/release/haven
	bash bench/web_bench.sh build/release/haven
	bash bench/mi_bench.sh build/release/bench/mi_bench build/release/haven

format:
	bash scripts/deps.sh dev
	find src test -name '*.h' -o -name '*.cc' | xargs clang-format -i

# clang-tidy 14 does not detect Asio's coroutine support with libstdc++ 12 by itself; the two
# defines tell Asio what g++ already knows.
lint:
	bash scripts/deps.sh dev
	cmake --preset debug >/dev/null
	find src -name '*.cc' | xargs clang-tidy -p build/debug --quiet \
	  -extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT -extra-arg=-DBOOST_ASIO_HAS_STD_COROUTINE

clean:
	rm -rf build test-artifacts web/node_modules
