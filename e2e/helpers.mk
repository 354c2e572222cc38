# helpers.mk - one-operation attack helpers, the guard benchmark tools, the
# audit fault injector (faults/) and their cmocka tests.  Included by
# e2e/Makefile; paths relative to e2e/.
#
#   make -C e2e helpers        build/helpers/rnx-*  (copied to /opt/rnx/helpers)
#   make -C e2e check-helpers  cmocka tests of argument parsing/errno mapping,
#                              faults/tests (fault-selftest.sh on a fake bundle)

HELPERS_CC	?= cc
HELPERS_CFLAGS	:= -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -g \
		   -Iinclude -Ihelpers
HELPERS_DIR	:= build/helpers
HELPERS_OBJDIR	:= build/helpers-obj

# one .c per helper: helpers/rnx_udp_send.c -> build/helpers/rnx-udp-send
HELPERS_SRC	:= $(filter-out helpers/rnx_helper.c,$(wildcard helpers/rnx_*.c))
HELPERS_BENCH	:= $(wildcard bench/rnx_*.c) $(wildcard faults/rnx_*.c)
HELPERS_BIN	:= $(patsubst helpers/rnx_%.c,$(HELPERS_DIR)/rnx-%,$(HELPERS_SRC)) \
		   $(patsubst rnx_%.c,$(HELPERS_DIR)/rnx-%,$(notdir $(HELPERS_BENCH)))
HELPERS_BIN	:= $(subst _,-,$(HELPERS_BIN))
HELPERS_LIBOBJ	:= $(HELPERS_OBJDIR)/rnx_helper.o
HELPERS_TEST	:= $(HELPERS_OBJDIR)/test_helpers
HELPERS_SSTEST	:= $(HELPERS_OBJDIR)/test_ss_parse

.PHONY: helpers check-helpers clean-helpers
all: helpers
check: check-helpers
clean: clean-helpers

helpers: $(HELPERS_BIN)

$(HELPERS_OBJDIR)/%.o: helpers/%.c helpers/rnx_helper.h
	@mkdir -p $(@D)
	$(HELPERS_CC) $(HELPERS_CFLAGS) -c -o $@ $<

$(HELPERS_OBJDIR)/%.o: bench/%.c helpers/rnx_helper.h
	@mkdir -p $(@D)
	$(HELPERS_CC) $(HELPERS_CFLAGS) -c -o $@ $<

$(HELPERS_OBJDIR)/%.o: faults/%.c helpers/rnx_helper.h
	@mkdir -p $(@D)
	$(HELPERS_CC) $(HELPERS_CFLAGS) -c -o $@ $<

# build/helpers/rnx-udp-send <- build/helpers-obj/rnx_udp_send.o
define HELPERS_LINK
$(HELPERS_DIR)/$(subst _,-,$(1)): $(HELPERS_OBJDIR)/$(1).o $(HELPERS_LIBOBJ)
	@mkdir -p $$(@D)
	$$(HELPERS_CC) $$(HELPERS_CFLAGS) -o $$@ $$^
endef
$(foreach s,$(HELPERS_SRC) $(HELPERS_BENCH),\
  $(eval $(call HELPERS_LINK,$(basename $(notdir $(s))))))

$(HELPERS_TEST): helpers/test_helpers.c $(HELPERS_LIBOBJ)
	@mkdir -p $(@D)
	$(HELPERS_CC) $(HELPERS_CFLAGS) -o $@ $^ -lcmocka

# the ss parser of the egress scenarios, with the runner core stubbed
$(HELPERS_SSTEST): helpers/test_ss_parse.c runner/sc_egress_ssh.c \
		   runner/sc_egress_ssh.h
	@mkdir -p $(@D)
	$(HELPERS_CC) $(HELPERS_CFLAGS) -Irunner -o $@ helpers/test_ss_parse.c \
		runner/sc_egress_ssh.c -lcmocka

check-helpers: $(HELPERS_TEST) $(HELPERS_SSTEST) $(HELPERS_BIN)
	./$(HELPERS_TEST)
	./$(HELPERS_SSTEST)
	sh helpers/helpers-cli.sh $(HELPERS_DIR)
	sh faults/tests/selftest-dontaudit.sh
	sh tests/bench_lib.sh
	sh tests/run_e2e_rc.sh

clean-helpers:
	rm -rf $(HELPERS_DIR) $(HELPERS_OBJDIR)
