# runner.mk - the in-guest scenario runner (e2e/runner), rnx-pcapcheck and
# their cmocka tests.  Included by e2e/Makefile; paths relative to e2e/.
#
#   make -C e2e runner        build/rnx-e2e, build/rnx-pcapcheck
#   make -C e2e check-runner  cmocka tests of the core logic (no guest)

RUNNER_OBJDIR	:= $(BUILD)/runner
RUNNER_CPPFLAGS	:= -Iinclude -Irunner $(COMMON_CPPFLAGS)
# json-c linked statically: the guest images need not ship it
RUNNER_LIBS	:= -lauparse -laudit -lselinux -lpcap \
		   -Wl,-Bstatic -ljson-c -Wl,-Bdynamic
RUNNER_HDRS	:= $(wildcard runner/*.h) include/rnx_scenario.h include/rnx_audit.h \
		   $(COMMON_HDRS)

# Everything in runner/ except the rnx-pcapcheck main; the scenario files of
# other parts (sc_attack.c, sc_egress.c) are linked when present.
RUNNER_SRCS	:= $(filter-out runner/core_pcapcheck_cli.c,$(wildcard runner/*.c))
RUNNER_OBJS	:= $(RUNNER_SRCS:runner/%.c=$(RUNNER_OBJDIR)/%.o)
# the pure core logic the unit tests link against
RUNNER_CORE	:= core_json core_tap core_verdict core_harmless core_denied core_shutdown core_pcap core_run \
		   core_diag core_config core_alive core_rnlog core_polhash \
		   core_results headless_json output_judge
RUNNER_CORE_OBJS := $(RUNNER_CORE:%=$(RUNNER_OBJDIR)/%.o)
RUNNER_TESTS	:= $(patsubst runner/tests/%.c,$(RUNNER_OBJDIR)/tests/%,\
		   $(wildcard runner/tests/test_*.c))
# tests that need more than the core: extra objects and -Wl,--wrap fakes
$(RUNNER_OBJDIR)/tests/test_session: RUNNER_TEST_EXTRA := \
	$(RUNNER_OBJDIR)/core_session.o \
	-Wl,--wrap=rnx_run,--wrap=rnx_run_quiet,--wrap=getpidcon
$(RUNNER_OBJDIR)/tests/test_session: $(RUNNER_OBJDIR)/core_session.o
$(RUNNER_OBJDIR)/tests/test_polhash: RUNNER_TEST_EXTRA := -Wl,--wrap=rnx_run
$(RUNNER_OBJDIR)/tests/test_shipped: RUNNER_TEST_EXTRA := \
	$(RUNNER_OBJDIR)/core_shipped.o \
	-Wl,--wrap=rnx_run,--wrap=rnx_hashlist_find,--wrap=rnx_hashlist_add
$(RUNNER_OBJDIR)/tests/test_shipped: $(RUNNER_OBJDIR)/core_shipped.o
$(RUNNER_OBJDIR)/tests/test_dontaudit: RUNNER_TEST_EXTRA := \
	$(RUNNER_OBJDIR)/core_mode.o \
	-Wl,--wrap=rnx_run,--wrap=rnx_run_quiet,--wrap=mkdir \
	-Wl,--wrap=rnx_hashlist_find,--wrap=rnx_hashlist_add
$(RUNNER_OBJDIR)/tests/test_dontaudit: $(RUNNER_OBJDIR)/core_mode.o
$(RUNNER_OBJDIR)/tests/test_dns_judge: RUNNER_TEST_EXTRA := \
	$(RUNNER_OBJDIR)/dns_judge.o
$(RUNNER_OBJDIR)/tests/test_dns_judge: $(RUNNER_OBJDIR)/dns_judge.o
$(RUNNER_OBJDIR)/tests/test_dns_paths: RUNNER_TEST_EXTRA := \
	$(RUNNER_OBJDIR)/sc_dns_paths.o $(RUNNER_OBJDIR)/dns_judge.o \
	-Wl,--wrap=rnx_run,--wrap=rnx_run_quiet,--wrap=sleep,--wrap=access
$(RUNNER_OBJDIR)/tests/test_dns_paths: $(RUNNER_OBJDIR)/sc_dns_paths.o \
	$(RUNNER_OBJDIR)/dns_judge.o
$(RUNNER_OBJDIR)/tests/test_headless: RUNNER_TEST_EXTRA := \
	$(RUNNER_OBJDIR)/sc_headless.o $(RUNNER_OBJDIR)/sc_container.o \
	-Wl,--wrap=rnx_run
$(RUNNER_OBJDIR)/tests/test_headless: $(RUNNER_OBJDIR)/sc_headless.o \
	$(RUNNER_OBJDIR)/sc_container.o

.PHONY: runner check-runner clean-runner
all: runner
check: check-runner
clean: clean-runner

runner: $(BUILD)/rnx-e2e $(BUILD)/rnx-pcapcheck

$(RUNNER_OBJDIR)/%.o: runner/%.c $(RUNNER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(RUNNER_CPPFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/rnx-e2e: $(RUNNER_OBJS) $(LIB_A) $(COMMON_A)
	$(CC) $(CFLAGS) -o $@ $(RUNNER_OBJS) $(LIB_A) $(COMMON_A) $(RUNNER_LIBS)

$(BUILD)/rnx-pcapcheck: $(RUNNER_OBJDIR)/core_pcapcheck_cli.o \
		$(RUNNER_OBJDIR)/core_pcap.o
	$(CC) $(CFLAGS) -o $@ $^ -lpcap

$(RUNNER_OBJDIR)/tests/%: runner/tests/%.c $(RUNNER_CORE_OBJS) $(LIB_A) \
		$(COMMON_A) $(RUNNER_HDRS) $(wildcard runner/tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(RUNNER_CPPFLAGS) $(CPPFLAGS) $(CFLAGS) -o $@ $< \
		$(RUNNER_TEST_EXTRA) $(RUNNER_CORE_OBJS) $(LIB_A) $(COMMON_A) \
		-lcmocka $(RUNNER_LIBS)

check-runner: $(RUNNER_TESTS) $(BUILD)/rnx-pcapcheck $(BUILD)/rnx-e2e
	@set -e; for t in $(RUNNER_TESTS); do echo "== $$t"; \
		(cd $(RUNNER_OBJDIR)/tests && ./$$(basename $$t)); done
	sh runner/tests/pcapcheck-cli.sh $(BUILD)/rnx-pcapcheck \
		$(RUNNER_OBJDIR)/tests
	sh runner/tests/e2e-cli.sh $(BUILD)/rnx-e2e
	python3 runner/tests/test_dns_tap.py

clean-runner:
	rm -rf $(RUNNER_OBJDIR) $(BUILD)/rnx-e2e $(BUILD)/rnx-pcapcheck
