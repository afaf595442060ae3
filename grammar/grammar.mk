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
# the verifier, the verifier alone, the channel's parsers and the BPF verifier-log
# collapse. Seeds are generated into
# $(O)/fuzz/corpus from the golden cases and the stdlib (fuzz/make_corpus.sh).
#   make fuzz          every target for FUZZ_SECS seconds (default 60) each
#   make fuzz-smoke    build them and run each over its seeds once (make test)
FUZZ_CC ?= clang
FUZZ_SECS ?= 60
FUZZ_FLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -I. -I$(O) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_FRONT_SRCS := $(wildcard grammar/*.c interp/*.c lib/*.c) $(GRAMMAR_GEN)
FUZZ_VERIFY_SRCS := $(wildcard interp/*.c lib/*.c)
FUZZ_CHAN_SRCS := guest/chan_in.c host/boot/boot_link.c host/boot/boot_link_reply.c $(wildcard lib/*.c)
FUZZ_VLOG_SRCS := host/sched/sched_vlog.c lib/kv.c
FUZZ_TARGETS := frontend verify chan vlog
FUZZ_CORPUS := $(O)/fuzz/corpus

.PHONY: fuzz fuzz-build fuzz-smoke
fuzz-build: $(patsubst %,$(O)/fuzz/fuzz_%,$(FUZZ_TARGETS))

$(O)/fuzz/fuzz_frontend: fuzz/fuzz_frontend.c $(FUZZ_FRONT_SRCS) $(GRAMMAR_HDRS) $(wildcard grammar/*.h interp/*.h lib/*.h)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_frontend.c $(FUZZ_FRONT_SRCS) -lm -lz -ljson-c

$(O)/fuzz/fuzz_verify: fuzz/fuzz_verify.c $(FUZZ_VERIFY_SRCS) $(wildcard interp/*.h lib/*.h)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_verify.c $(FUZZ_VERIFY_SRCS) -lz

# The channel's parsers of the other side's bytes (doc/channel.md).
$(O)/fuzz/fuzz_chan: fuzz/fuzz_chan.c $(FUZZ_CHAN_SRCS) $(wildcard guest/chan_in.h host/boot/boot_link.h lib/*.h)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_chan.c $(FUZZ_CHAN_SRCS) -lz -lpthread

# BPF verifier logs: their loop collapse and the loader hook's lines (doc/schedulers.md).
$(O)/fuzz/fuzz_vlog: fuzz/fuzz_vlog.c $(FUZZ_VLOG_SRCS) host/sched/sched_vlog.h lib/kv.h
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_vlog.c $(FUZZ_VLOG_SRCS)

# The seeds depend on the compiler and on what they are made from.
$(FUZZ_CORPUS)/.stamp: $(O)/ktsrun fuzz/make_corpus.sh $(wildcard tests/golden/*.test stdlib-scenarios/*.kts tests/fixtures/report/*.json) kconfig/ktsrun.kconfig
	$(Q)KTSRUN=$(O)/ktsrun fuzz/make_corpus.sh $(FUZZ_CORPUS)
	@touch $@

# New inputs the fuzzer finds go to a scratch directory, not the seeds.
fuzz-smoke: fuzz-build $(FUZZ_CORPUS)/.stamp
	$(Q)for t in $(FUZZ_TARGETS); do \
		echo "  FUZZ    $$t: every seed once"; \
		$(O)/fuzz/fuzz_$$t -runs=0 -artifact_prefix=$(O)/fuzz/$$t- $(FUZZ_CORPUS)/$$t > $(O)/fuzz/$$t.smoke.log 2>&1 || \
			{ tail -30 $(O)/fuzz/$$t.smoke.log; echo "fuzz-smoke: fuzz_$$t failed; log $(O)/fuzz/$$t.smoke.log" >&2; exit 1; }; \
	done

# FUZZ_RUN picks targets (two makes side by side run two at a time); each
# run's log is $(O)/fuzz/NAME.log. A crash, leak or input slower than
# FUZZ_TIMEOUT seconds stops it and fails.
FUZZ_RUN ?= $(FUZZ_TARGETS)
FUZZ_TIMEOUT ?= 10
fuzz: fuzz-build $(FUZZ_CORPUS)/.stamp
	$(Q)for t in $(FUZZ_RUN); do \
		mkdir -p $(O)/fuzz/found-$$t; \
		echo "  FUZZ    $$t for $(FUZZ_SECS) s"; \
		$(O)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECS) -artifact_prefix=$(O)/fuzz/$$t- -timeout=$(FUZZ_TIMEOUT) -print_final_stats=1 \
			$$([ -f fuzz/$$t.dict ] && echo -dict=fuzz/$$t.dict) $(O)/fuzz/found-$$t \
			$(FUZZ_CORPUS)/$$t > $(O)/fuzz/$$t.log 2>&1; rc=$$?; \
		grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $(O)/fuzz/$$t.log; \
		[ $$rc = 0 ] || { tail -40 $(O)/fuzz/$$t.log; echo "fuzz: fuzz_$$t failed; log $(O)/fuzz/$$t.log" >&2; exit 1; }; \
	done
