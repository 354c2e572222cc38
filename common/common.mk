# common.mk - the common C library (common/*.c, prefix rn_) for the parts
# that link it: vm/ (rnlab) and e2e/ (the in-guest runner).
#
# The includer sets COMMON_DIR (the path of common/ from its directory),
# BUILD, CC and CFLAGS; this file gives
#   COMMON_CPPFLAGS  -I for the headers
#   COMMON_A         $(BUILD)/common/librn_common.a, built from the sources
#                    with the includer's compiler and flags
#   COMMON_HDRS      the headers (a prerequisite of the includer's objects)

# the includer's default goal stays its own (empty: its next target)
COMMON_GOAL	:= $(.DEFAULT_GOAL)

COMMON_SRCS	:= $(wildcard $(COMMON_DIR)/*.c)
COMMON_HDRS	:= $(wildcard $(COMMON_DIR)/*.h)
COMMON_OBJDIR	:= $(BUILD)/common
COMMON_OBJS	:= $(patsubst $(COMMON_DIR)/%.c,$(COMMON_OBJDIR)/%.o,$(COMMON_SRCS))
COMMON_A	:= $(COMMON_OBJDIR)/librn_common.a
COMMON_CPPFLAGS	:= -I$(COMMON_DIR)
COMMON_CFLAGS	:= -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror

$(COMMON_OBJDIR)/%.o: $(COMMON_DIR)/%.c $(COMMON_HDRS)
	@mkdir -p $(@D)
	$(CC) $(COMMON_CFLAGS) $(COMMON_CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(COMMON_A): $(COMMON_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

.DEFAULT_GOAL	:= $(COMMON_GOAL)
