# AudioCoach: `make run` renders the default session, `make serve` opens the web page, `make test` runs the tests,
# `make bench` times release renders against a hand-made pipeline and writes BENCHMARKS.md.
# All of them install the system packages first when they are missing.

SWIFT ?= swift
BIN := .build/release/audiocoach
OUT ?= session.wav
# `make install PREFIX=~/.local` puts the program (and its built-in routines beside it) in PREFIX/bin
# and our voices in PREFIX/share/audiocoach/voices.
PREFIX ?= /usr/local
# The folder holding the built program that install-files copies; `make install` builds it first.
BUILT ?= .build/release

# sherpa-onnx and the natural voice live in .deps/ (scripts/install-natural-voice): pkg-config finds the
# header there, and the program opens the library when a neural voice first speaks, through its rpath: in
# PREFIX/lib/audiocoach once installed, else in the checkout (SwiftPM takes no rpath from pkg-config).
export PKG_CONFIG_PATH := $(CURDIR)/.deps/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))
RPATH := -Xlinker -rpath -Xlinker '$$ORIGIN/../lib/audiocoach' -Xlinker -rpath -Xlinker $(CURDIR)/.deps/sherpa-onnx/lib

.PHONY: deps test-deps build run serve test release bench bench-program install install-files clean fuzz fuzz-build fuzz-run

deps:
	@scripts/install-deps

# What only the tests need: headless Chromium for the page's test.
test-deps:
	@scripts/install-test-deps

build: deps
	$(SWIFT) build $(RPATH)

run: release
	$(BIN) render -o $(OUT)
	$(BIN) preview

# The web page on http://127.0.0.1:8080/ (PORT=... to change); Ctrl-C stops it and deletes its renders.
PORT ?= 8080
serve: release
	$(BIN) serve --port $(PORT)

# The tests run against an optimized build, with testing enabled, in a build folder of their own: they
# render real sessions, and unoptimized vector code is some ten times slower. Their phrase cache is their own.
# FILTER=... runs only the tests it matches (swift test --filter), such as `make test FILTER=SameMachineTests`.
test: deps test-deps
	XDG_CACHE_HOME=$(CURDIR)/.build/tests/cache $(SWIFT) test -c release -Xswiftc -enable-testing --scratch-path .build/tests $(RPATH) \
		$(if $(FILTER),--filter '$(FILTER)')

# The Swift runtime and Foundation linked in: a process starts in about two thirds of the time (no symbols for
# the dynamic loader to look up in a dozen libraries), which counts twice, as a render starts a speech worker.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib $(RPATH)

# Not part of `test`: takes several minutes. BENCH_MINUTES, BENCH_RUNS and PEER_RUNS tune it (see bench/run);
# bench/program adds a 20-session program's cold and warm times and peak memory.
bench: release
	@bench/install-deps
	bench/run
	bench/program >> BENCHMARKS.md

# Only the program's measures (a 4-week, 5-a-week, 15-minute program in the natural voice: cold, warm, again);
# prints its section of BENCHMARKS.md. PROGRAM_RUNS and PROGRAM_ARGS tune it (see bench/program).
bench-program: release
	bench/program

# libFuzzer, in a build folder of its own, over two targets: RoutineFuzzer (Sources/RoutineFuzzer) over decode,
# validate, plan and compose, seeded with the built-in routines, docs/examples and a few hostile files; and
# RequestFuzzer (Sources/RequestFuzzer) over what the server reads of a request (Range, Host, Origin, the query,
# a render's JSON body: Sources/RequestReading, which builds without Hummingbird and NIO), seeded with
# Sources/RequestFuzzer/Seeds. New inputs collect in .build-fuzz/corpus and .build-fuzz/request-corpus. FUZZ_SECONDS
# bounds the whole run (CI: 30), shared between the two; a crash, hang or out-of-memory stops it with the input saved
# as .build-fuzz/crash-*, which `RoutineFuzzer FILE` or `RequestFuzzer FILE` (a plain build) replays. (Swift's own
# backtracer is off there, so libFuzzer saves the input.)
FUZZ_SECONDS ?= 60
FUZZ_BIN := .build-fuzz/release/RoutineFuzzer
REQUEST_FUZZ_BIN := .build-fuzz/release/RequestFuzzer
FUZZ_FLAGS := -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DFUZZING $(RPATH)
fuzz-build: deps
	$(SWIFT) build --product RoutineFuzzer $(FUZZ_FLAGS)
	$(SWIFT) build --product RequestFuzzer $(FUZZ_FLAGS)

fuzz: fuzz-build
	$(MAKE) --no-print-directory fuzz-run FUZZ_SECONDS=$(FUZZ_SECONDS)

# The fuzzers as fuzz-build left them, without building again: `make fuzz` runs it after fuzz-build.
fuzz-run:
	mkdir -p .build-fuzz/corpus .build-fuzz/request-corpus
	SWIFT_BACKTRACE=enable=no $(FUZZ_BIN) -max_total_time=$$(( ($(FUZZ_SECONDS) + 1) / 2 )) -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
		-dict=Sources/RoutineFuzzer/routine.dict -artifact_prefix=.build-fuzz/ -print_final_stats=1 \
		.build-fuzz/corpus Sources/ScriptBuilder/RoutineFile/Routines docs/examples Sources/RoutineFuzzer/Seeds
	SWIFT_BACKTRACE=enable=no $(REQUEST_FUZZ_BIN) -max_total_time=$$(( $(FUZZ_SECONDS) / 2 )) -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
		-dict=Sources/RequestFuzzer/request.dict -artifact_prefix=.build-fuzz/ -print_final_stats=1 \
		.build-fuzz/request-corpus Sources/RequestFuzzer/Seeds

install: release
	$(MAKE) install-files BUILT=.build/release PREFIX="$(PREFIX)"

install-files:
	install -d "$(PREFIX)/bin" "$(PREFIX)/share/audiocoach/voices" "$(PREFIX)/lib/audiocoach"
	install -m 755 "$(BUILT)/audiocoach" "$(PREFIX)/bin/audiocoach"
	install -m 644 voices/* "$(PREFIX)/share/audiocoach/voices/"
	# The natural voice, and sherpa-onnx where the program's rpath looks: PREFIX/lib/audiocoach.
	install -m 644 .deps/voices/* "$(PREFIX)/share/audiocoach/voices/"
	install -m 644 .deps/sherpa-onnx/lib/*.so "$(PREFIX)/lib/audiocoach/"
	# The built-in routines are a SwiftPM resource bundle, looked up beside the program.
	rm -rf "$(PREFIX)/bin/AudioCoach_ScriptBuilder.resources" "$(PREFIX)/bin/AudioCoach_SessionServer.resources"
	cp -R "$(BUILT)/AudioCoach_ScriptBuilder.resources" "$(BUILT)/AudioCoach_SessionServer.resources" "$(PREFIX)/bin/"

clean:
	rm -rf .build .build-fuzz $(OUT)
