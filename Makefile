# rustnet SELinux confinement and its end-to-end audit verification suite.
#
#   make e2e [VM=debian12] [DURATION=300]   set up, build, boot, run, report
#   make check                              everything that needs no guest
#   make matrix [RUSTNET_VERSIONS="1.6.0 1.7.0"]  short e2e per version,
#                                           table in MATRIX.md
#   make drift [RUSTNET_VERSION=...]        permissive run -> proposed rules
#
# Large artefacts (guest images, the rustnet build) are cached outside the
# clone in $(CACHE), keyed by their inputs.

VM		?= debian12
DURATION	?= 300
# capture.session's length in the permissive pass (empty: 60 s when
# DURATION is longer, see scripts/e2e.sh)
PERMISSIVE_DURATION ?=
RUSTNET_VERSION	?= 1.7.0
LIBVIRT_URI	?= qemu:///system
ACCEL		?= auto
# Where `make e2e` writes the report; CI points this elsewhere so a short
# pass never looks like the committed evidence.
REPORT		?= REPORT.md
FEDORA_IMAGE	?=
# 0 skips the RPM install/upgrade/erase scenario (~9 policy rebuilds)
RPM_SCENARIO	?= 1
# 0 skips the audit fault self-test (auditd stopped / backlog flooded)
FAULTS		?= 1
RNLAB_FLAGS	?=
# make matrix: versions, capture length per session, optional --only
RUSTNET_VERSIONS ?= 1.6.0 1.7.0
MATRIX_DURATION	?= 60
MATRIX_ONLY	?=
MATRIX		?= MATRIX.md
# make bench: generated audit log sizes (MB) for the extractor benchmark
# (1000: about 3 minutes, 1 GB free in /tmp)
AVC_BENCH_SIZES	?= 10 100 1000

CACHE		?= $(or $(RUSTNET_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/rustnet-selinux)
export RUSTNET_CACHE := $(CACHE)
export RUSTNET_VERSION

OUT		:= out/$(VM)
BUNDLE		:= build/bundle

.PHONY: all deps policy check check-policy check-vm check-e2e check-rpm \
	check-scripts \
	rustnet image bundle e2e e2e-run report verify-report rpm smoke bench \
	host-setup clean help

all: policy

help:
	@sed -n '1,15p' Makefile

deps:
	scripts/install-deps.sh

policy:
	$(MAKE) -C policy all

# --- tests that need no guest --------------------------------------------
check: deps
	@scripts/run-checks.sh

check-policy:
	$(MAKE) -C policy check
check-vm:
	$(MAKE) -C vm check
check-e2e:
	$(MAKE) -C e2e check
check-rpm:
	$(MAKE) -C rpm check
check-scripts:
	$(MAKE) -C scripts check

# --- artefacts ------------------------------------------------------------
rustnet:
	scripts/build-rustnet.sh >/dev/null

image:
	vm/images/build-image.sh $(VM) >/dev/null

rpm:
	$(MAKE) -C rpm

bundle:
	scripts/make-bundle.sh $(BUNDLE)

host-setup:
	vm/setup-host.sh

# --- the main job ---------------------------------------------------------
# scripts/e2e.sh checks every option first, then installs the packages.
e2e:
	scripts/e2e.sh --profile $(VM) --duration $(DURATION) \
		$(if $(PERMISSIVE_DURATION),--permissive-duration $(PERMISSIVE_DURATION)) \
		--report $(REPORT) --uri $(LIBVIRT_URI) --accel $(ACCEL) \
		$(if $(FEDORA_IMAGE),--image $(FEDORA_IMAGE)) \
		$(if $(filter 0,$(RPM_SCENARIO)),--no-rpm) \
		$(if $(filter 0,$(FAULTS)),--no-faults) \
		$(if $(RNLAB_FLAGS),--rnlab "$(RNLAB_FLAGS)")

matrix: deps
	scripts/matrix.sh --versions "$(RUSTNET_VERSIONS)" --profile $(VM) \
		--duration $(MATRIX_DURATION) --accel $(ACCEL) --out $(MATRIX) \
		$(if $(MATRIX_ONLY),--only "$(MATRIX_ONLY)")

drift: deps
	scripts/drift.sh --version $(RUSTNET_VERSION) --profile $(VM) \
		--duration $(MATRIX_DURATION) --accel $(ACCEL) \
		$(if $(MATRIX_ONLY),--only "$(MATRIX_ONLY)")

report:
	scripts/report.py --results $(OUT) --out $(REPORT)

# REPORT.md against its results archive (digests, a fresh rendering) and
# against HEAD's policy/, e2e/ and common/ trees (REPORT_REPO=DIR: the
# HEAD of that checkout instead, e.g. a worktree of the commit that ran)
verify-report:
	scripts/verify-report.py --report $(REPORT) \
		$(if $(REPORT_REPO),--repo $(REPORT_REPO))

smoke:
	scripts/e2e.sh --profile $(VM) --smoke --uri $(LIBVIRT_URI) \
		--accel $(ACCEL) $(if $(FEDORA_IMAGE),--image $(FEDORA_IMAGE)) \
		$(if $(RNLAB_FLAGS),--rnlab "$(RNLAB_FLAGS)")

# guest: the egress guard's cost and confinement's cost to rustnet;
# host: the AVC extractor against ausearch on generated logs
# A usage error (exit 2) stops at once; when the guest part fails otherwise
# the host part still runs and the exit status is the guest part's.
bench:
	@rc=0; scripts/e2e.sh --profile $(VM) --bench --uri $(LIBVIRT_URI) \
		--accel $(ACCEL) $(if $(FEDORA_IMAGE),--image $(FEDORA_IMAGE)) \
		$(if $(RNLAB_FLAGS),--rnlab "$(RNLAB_FLAGS)") || rc=$$?; \
	[ $$rc -ne 2 ] || exit 2; \
	[ $$rc -eq 0 ] || echo "bench: the guest part failed (exit $$rc); the extractor benchmark runs anyway" >&2; \
	$(MAKE) -s -C e2e all && \
	sh e2e/bench/avc-extract-bench.sh --sizes "$(AVC_BENCH_SIZES)" \
		--ausearch "$$(scripts/host-ausearch.sh)" || { [ $$rc -ne 0 ] || rc=1; }; \
	exit $$rc

clean:
	-$(MAKE) -C policy clean
	-$(MAKE) -C vm clean
	-$(MAKE) -C e2e clean
	-$(MAKE) -C rpm clean
	rm -rf build out

