# lib.mk - audit library (e2e/lib), its tools (e2e/tools) and tests
# (e2e/tests).  Included by e2e/Makefile; paths relative to e2e/.

LIB_OBJDIR := $(BUILD)/lib
LIB_A := $(BUILD)/librnx_audit.a
LIB_SRCS := $(wildcard lib/*.c)
LIB_OBJS := $(LIB_SRCS:lib/%.c=$(LIB_OBJDIR)/%.o)
LIB_LIBS := -lauparse -laudit

TOOLS := $(BUILD)/rnx-avc $(BUILD)/rnx-auditstat
TESTS := $(BUILD)/tests/test_match $(BUILD)/tests/test_extract \
	$(BUILD)/tests/test_lines $(BUILD)/tests/test_status
STATUS_WRAP := -Wl,--wrap=audit_open,--wrap=audit_request_status,--wrap=audit_get_reply,--wrap=audit_close

# VALGRIND=0 skips the leak/memory checks (rnx-avc over the golden cases,
# the cmocka tests).
VALGRIND ?= 1
VG_LEAKS := --errors-for-leak-kinds=definite,indirect,possible

.PHONY: lib tools lib-check lib-clean
lib: $(LIB_A)
tools: $(TOOLS)
all: lib tools
check: lib-check
clean: lib-clean

$(LIB_OBJDIR)/%.o: lib/%.c lib/avc_internal.h include/rnx_audit.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB_A): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(TOOLS): $(BUILD)/%: tools/%.c $(LIB_A) include/rnx_audit.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB_A) $(LIB_LIBS)

$(BUILD)/tests/test_match $(BUILD)/tests/test_extract \
	$(BUILD)/tests/test_lines: \
		$(BUILD)/tests/%: tests/%.c $(LIB_A) include/rnx_audit.h \
		lib/avc_internal.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB_A) -lcmocka $(LIB_LIBS)

$(BUILD)/tests/test_status: tests/test_status.c $(LIB_A) include/rnx_audit.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(STATUS_WRAP) -o $@ $< $(LIB_A) \
		-lcmocka $(LIB_LIBS)

lib-check: $(TOOLS) $(TESTS)
	sh tests/golden.sh $(BUILD)/rnx-avc
	sh tests/bench_gen.sh $(BUILD)/rnx-avc
	sh tests/prefilter_ab.sh $(BUILD)/rnx-avc
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done
	@if [ "$(VALGRIND)" = 1 ]; then \
		sh tests/golden.sh --valgrind $(BUILD)/rnx-avc && \
		for t in $(TESTS); do \
			valgrind -q --leak-check=full $(VG_LEAKS) \
				--error-exitcode=9 $$t >/dev/null 2>&1 || \
			{ echo "FAIL valgrind $$t"; exit 1; }; \
		done && echo "cmocka (valgrind): ok"; fi

lib-clean:
	rm -rf $(LIB_OBJDIR) $(LIB_A) $(TOOLS) $(BUILD)/tests
