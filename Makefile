# convscope: the two set-up commands a newcomer types are `make run` and `make test`.
# Both first install the Debian packages they need (when run as root; otherwise they print
# the exact sudo line and stop), then build with SwiftPM.

SWIFT ?= swift
# Run-time libraries: oneDNN (sgemm), zlib (MNIST .gz), ncursesw (the terminal front end),
# libpng and libjpeg (photos for AlexNet).
RUN_PACKAGES  := libdnnl-dev zlib1g-dev libncursesw5-dev libpng-dev libjpeg-dev
# The tests also drive the real binary under a pseudo-terminal.
TEST_PACKAGES := $(RUN_PACKAGES) tmux

.PHONY: run test build release deps-run deps-test bench weights clean

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

build:
	$(SWIFT) build

bench: deps-run release
	./.build/release/convscope bench

## weights: retrain the shipped LeNet-5 and small-AlexNet weights exactly as README "Shipped weights" says
weights: deps-run release
	./.build/release/convscope train lenet5 --epochs 20 --seed 1 --threads 1 --save assets/weights/lenet5.safetensors
	./.build/release/convscope train lenet5-modern --epochs 20 --seed 1 --threads 1 --save assets/weights/lenet5-modern.safetensors
	./.build/release/convscope train alexnet --width 0.25 --input-size 67 --dataset fashion-mnist --epochs 6 --seed 1 --threads 1 --save assets/weights/alexnet-small-fashion-mnist.safetensors
	./.build/release/convscope train alexnet --width 0.25 --input-size 67 --dataset mnist --epochs 3 --seed 1 --threads 1 --save assets/weights/alexnet-small-mnist.safetensors

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
