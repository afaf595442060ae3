# libFuzzer targets of the host's readers of outside input: the COM2
# stream (stream), the topology spelling (topo), kernel configs (kconfig),
# --matrix files (matrix) and result files (report). They link the host's
# objects built once for fuzzing, from one archive: each target pulls in
# what it uses. Included after grammar/grammar.mk, which has the rules
# that run every FUZZ_TARGETS entry.
, := ,
FUZZ_HOST_TARGETS := stream topo kconfig matrix report
FUZZ_TARGETS += $(FUZZ_HOST_TARGETS)
FUZZ_OBJ_FLAGS := $(subst -fsanitize=fuzzer$(,),-fsanitize=fuzzer-no-link$(,),$(FUZZ_FLAGS))
FUZZ_HOST_OBJS := $(patsubst %.c,$(O)/fuzz-obj/%.o,$(LIB_SRCS) $(filter-out $(HOST_MAIN),$(HOST_SRCS))) \
	$(patsubst $(O)/%.c,$(O)/fuzz-obj/gen/%.o,$(GEN_SRCS))

$(O)/fuzz-obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (fuzz)"
	$(Q)$(FUZZ_CC) $(FUZZ_OBJ_FLAGS) -Wno-unused-command-line-argument -MMD -MP -c -o $@ $<

$(O)/fuzz-obj/gen/%.o: $(O)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (fuzz)"
	$(Q)$(FUZZ_CC) $(FUZZ_OBJ_FLAGS) -Wno-unused-command-line-argument -MMD -MP -c -o $@ $<

$(patsubst %.c,$(O)/fuzz-obj/%.o,$(wildcard grammar/*.c)) \
$(patsubst $(O)/%.c,$(O)/fuzz-obj/gen/%.o,$(GRAMMAR_GEN)): | $(GRAMMAR_HDRS)

$(O)/fuzz/libhost.a: $(FUZZ_HOST_OBJS) $(O)/host-obj/embed.o
	@mkdir -p $(dir $@)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(patsubst %,$(O)/fuzz/fuzz_%,$(FUZZ_HOST_TARGETS)): $(O)/fuzz/fuzz_%: fuzz/fuzz_%.c $(O)/fuzz/libhost.a
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(O)/fuzz/libhost.a $(HOST_LDLIBS)


fuzz-build: $(patsubst %,$(O)/fuzz/fuzz_%,$(FUZZ_HOST_TARGETS))
