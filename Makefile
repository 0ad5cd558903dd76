# AudioCoach: `make run` renders the default session, `make test` runs the tests.
# Both install the system packages first when they are missing.

SWIFT ?= swift
BIN := .build/debug/audiocoach
OUT ?= session.wav

.PHONY: deps build run test release install clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

run: build
	$(BIN) render -o $(OUT)
	$(BIN) preview

test: deps
	$(SWIFT) test

release: deps
	$(SWIFT) build -c release

clean:
	rm -rf .build $(OUT)
