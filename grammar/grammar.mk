# The .kts front end: flex and bison sources, generated under $(O)/grammar/.
# Included by the top Makefile; appends the generated C files to GEN_SRCS.

FLEX ?= flex
BISON ?= bison

GRAMMAR_GEN := $(O)/grammar/kts_lex.c $(O)/grammar/kts_parse.c
GRAMMAR_HDRS := $(O)/grammar/kts_lex.h $(O)/grammar/kts_parse.h
GEN_SRCS += $(GRAMMAR_GEN)
# The compiler folds constants with libm.
HOST_LDLIBS += -lm

# This file is included before the top Makefile names its first target.
.DEFAULT_GOAL := all

$(O)/grammar/kts_parse.c $(O)/grammar/kts_parse.h: grammar/kts_parse.y
	@mkdir -p $(dir $@)
	@echo "  BISON   $<"
	$(Q)$(BISON) -Wall -Werror -o $(O)/grammar/kts_parse.c --header=$(O)/grammar/kts_parse.h $<

# kts_parse.h is listed so the scanner, which includes it, is rebuilt after it.
$(O)/grammar/kts_lex.c $(O)/grammar/kts_lex.h: grammar/kts_lex.l $(O)/grammar/kts_parse.h
	@mkdir -p $(dir $@)
	@echo "  FLEX    $<"
	$(Q)$(FLEX) -o $(O)/grammar/kts_lex.c --header-file=$(O)/grammar/kts_lex.h $<

# Every object of grammar/ may include the generated headers: build them first.
$(patsubst %.c,$(O)/host-obj/%.o,$(wildcard grammar/*.c)) \
$(patsubst %.c,$(O)/san-obj/%.o,$(wildcard grammar/*.c)) \
$(patsubst $(O)/%.c,$(O)/host-obj/gen/%.o,$(GRAMMAR_GEN)) \
$(patsubst $(O)/%.c,$(O)/san-obj/gen/%.o,$(GRAMMAR_GEN)): | $(GRAMMAR_HDRS)

# libFuzzer targets (clang with ASan and UBSan): the whole front end plus
# the verifier, and the verifier alone. Seeds live in tests/fuzz-corpus/.
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -I. -I$(O) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_FRONT_SRCS := $(wildcard grammar/*.c interp/*.c) $(GRAMMAR_GEN)

.PHONY: fuzz
fuzz: $(O)/fuzz/fuzz_frontend $(O)/fuzz/fuzz_verify

$(O)/fuzz/fuzz_frontend: fuzz/fuzz_frontend.c $(FUZZ_FRONT_SRCS) $(GRAMMAR_HDRS)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_frontend.c $(FUZZ_FRONT_SRCS) -lm

$(O)/fuzz/fuzz_verify: fuzz/fuzz_verify.c $(wildcard interp/*.c interp/*.h)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_verify.c $(wildcard interp/*.c)
