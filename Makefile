# convscope: the two set-up commands a newcomer types are `make run` and `make test`.
# Both first install the Debian packages they need (when run as root; otherwise they print
# the exact sudo line and stop), then build with SwiftPM.

SWIFT ?= swift
# Run-time libraries: oneDNN (sgemm), zlib (MNIST .gz), ncursesw (the terminal front end),
# libpng and libjpeg (photos for AlexNet).
RUN_PACKAGES  := libdnnl-dev zlib1g-dev libncursesw5-dev libpng-dev libjpeg-dev
# The tests also drive the real binary under a pseudo-terminal, and draw exported SVG with
# rsvg-convert (librsvg2-bin) to check that a standard renderer takes it.
TEST_PACKAGES := $(RUN_PACKAGES) tmux librsvg2-bin asciinema

.PHONY: run test build release captures deps-run deps-test deps-fuzz bench weights clean fuzz fuzz-build test-sanitize

## run: install what is missing, build release, start the workbench on the shipped data
run: deps-run release
	./.build/release/convscope

## test: install what is missing (incl. tmux), build, run the whole test suite
# The tests drive the release binary (what users run; training an epoch under tmux takes
# seconds instead of minutes); the unit tests themselves build in debug.
test: deps-test release
	CONVSCOPE_BIN="$$(pwd)/.build/release/convscope" $(SWIFT) test

release:
	$(SWIFT) build -c release --product convscope

## captures: rewrite README's captured screens and outputs (blocks marked <!-- capture -->)
## from the release binary; `make test` fails while one is stale
captures: deps-test release
	RECORD_CAPTURES=1 CONVSCOPE_BIN="$$(pwd)/.build/release/convscope" $(SWIFT) test --filter ReadmeCaptureTests

build:
	$(SWIFT) build

bench: deps-run release
	./.build/release/convscope bench

## weights: retrain the shipped LeNet-5 and small-AlexNet weights exactly as README "Shipped weights" says
# (--weights-only: the files hold the weights alone, without the training state --resume needs)
weights: deps-run release
	./.build/release/convscope train lenet5 --epochs 20 --seed 1 --threads 1 --weights-only --save assets/weights/lenet5.safetensors
	./.build/release/convscope train lenet5-modern --epochs 20 --seed 1 --threads 1 --weights-only --save assets/weights/lenet5-modern.safetensors
	./.build/release/convscope train alexnet --width 0.25 --input-size 67 --dataset fashion-mnist --epochs 6 --seed 1 --threads 1 --weights-only --save assets/weights/alexnet-small-fashion-mnist.safetensors
	./.build/release/convscope train alexnet --width 0.25 --input-size 67 --dataset mnist --epochs 3 --seed 1 --threads 1 --weights-only --save assets/weights/alexnet-small-mnist.safetensors

## fuzz: build the libFuzzer targets (release, AddressSanitizer, Swift's checks kept) and run
## each in turn until FUZZ_RUNS executions or FUZZ_SECONDS seconds, whichever comes first.
# One target at a time (the machine's cores are shared). Caps: a run that uses more than
# FUZZ_RSS_MB of memory, allocates more than FUZZ_MALLOC_MB at once, or takes more than
# FUZZ_TIMEOUT seconds on one input is a failure, as are crashes and leaks. Inputs that fail
# are kept in .build/fuzz/artifacts/<target>/; add them to Tests/Fixtures/fuzz/<target>/,
# where FuzzRegressionTests (engine and app tests) replays them on every `make test`. The corpus grows in
# .build/fuzz/corpus/<target>/ from run to run; .build/fuzz/summary.txt has the figures.
FUZZ_TARGETS ?= FuzzSafeTensors FuzzIDX FuzzPNG FuzzJPEG FuzzPNM FuzzLesson FuzzLessonLink FuzzTour FuzzTimeLapse FuzzModelFile
FUZZ_RUNS ?= 1000000
FUZZ_SECONDS ?= 1800
FUZZ_RSS_MB ?= 2048
FUZZ_MALLOC_MB ?= 512
FUZZ_TIMEOUT ?= 10
# Inputs up to 64 KiB, but 4 KiB for the lesson and tour parsers (every shipped tour is under 4 KiB): their work grows with the text (linearly:
# LessonTests.aOneMegabyteLineParsesInSeconds checks that), and at lesson size each run took
# 40 ms under ASan, far too slow to reach a million runs; short texts reach the same code.
FUZZ_SHORT_TARGETS ?= FuzzLesson FuzzLessonLink FuzzTour
FUZZ_FLAGS = -runs=$(FUZZ_RUNS) -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=$(FUZZ_RSS_MB) \
  -malloc_limit_mb=$(FUZZ_MALLOC_MB) -timeout=$(FUZZ_TIMEOUT) -print_final_stats=1
FUZZ_BUILD = CONVSCOPE_FUZZ=1 $(SWIFT) build -c release --build-path .build/fuzz -Xswiftc -sanitize=fuzzer,address

fuzz: deps-fuzz fuzz-build
	@rm -rf .build/fuzz/seeds && /usr/bin/python3 Fuzz/seeds.py .build/fuzz/seeds .
	@: > .build/fuzz/summary.txt
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build/fuzz/corpus/$$t .build/fuzz/artifacts/$$t; \
	  echo "fuzzing $$t (log: .build/fuzz/$$t.log)"; \
	  case " $(FUZZ_SHORT_TARGETS) " in *" $$t "*) len=4096;; *) len=65536;; esac; \
	  SWIFT_BACKTRACE=enable=no ./.build/fuzz/release/$$t $(FUZZ_FLAGS) -max_len=$$len \
	    -artifact_prefix=.build/fuzz/artifacts/$$t/ .build/fuzz/corpus/$$t .build/fuzz/seeds/$$t \
	    > .build/fuzz/$$t.log 2>&1; status=$$?; \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' .build/fuzz/$$t.log); \
	  rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' .build/fuzz/$$t.log); \
	  rss=$$(sed -n 's/^stat::peak_rss_mb: *//p' .build/fuzz/$$t.log); \
	  cov=$$(grep -o 'cov: [0-9]* ft: [0-9]*' .build/fuzz/$$t.log | tail -1); \
	  line="$$t: $$runs executions ($$rate/s), $$cov, peak RSS $$rss MB, exit $$status"; \
	  echo "$$line" | tee -a .build/fuzz/summary.txt; \
	  if [ $$status -ne 0 ]; then tail -30 .build/fuzz/$$t.log; exit 1; fi; \
	done

fuzz-build:
	@for t in $(FUZZ_TARGETS); do $(FUZZ_BUILD) --product $$t || exit 1; done

## test-sanitize: the unit tests under AddressSanitizer, then ThreadSanitizer (debug builds in
## .build/asan and .build/tsan; the end-to-end tests that start the binary are left out).
SANITIZE_FILTER ?= ConvEngineTests|TerminalUITests|ConvScopeAppTests
# Leaks that are not ours are suppressed in Tests/Sanitizers/lsan-suppressions.txt, each with its
# reason. Two timing tests are skipped; `make test` runs them. The 1 MB-line test's wall-clock bound
# cannot hold at the sanitizers' slowdown (ASan took 39 s, TSan up to 70 s, on the loaded machine),
# and the Train estimate's 2x bound compares a few timed steps with the epoch timed after them,
# which the sanitizers and a changing load pull apart (ASan: estimated 17.5 s, the epoch took 42.1 s).
SANITIZE_SKIP ?= aOneMegabyteLineParsesInSeconds|theEstimateIsWithinTwiceTheMeasuredEpoch
test-sanitize: deps-test
	SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan-suppressions.txt \
	  $(SWIFT) test --build-path .build/asan --sanitize=address --filter '$(SANITIZE_FILTER)' --skip '$(SANITIZE_SKIP)'
	SWIFT_BACKTRACE=enable=no TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --build-path .build/tsan --sanitize=thread \
	  --filter '$(SANITIZE_FILTER)' --skip '$(SANITIZE_SKIP)'

deps-fuzz:
	@$(call ensure_packages,$(RUN_PACKAGES) python3-pil)

deps-run:
	@$(call ensure_packages,$(RUN_PACKAGES))

deps-test:
	@$(call ensure_packages,$(TEST_PACKAGES))

clean:
	rm -rf .build

# Installs the Debian packages in $(1) that are not installed yet.
define ensure_packages
	missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "convscope needs these Debian packages. Please run:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi
endef
