# ktsrun: a test harness for Linux process schedulers.
#
#   make            host binary build/ktsrun (the static guest init is inside it)
#   make test       unit, golden and CLI tests, layout, fuzz seeds: no root,
#                   no network, no kernel (about a minute; tests/README.md)
#   make e2e        the tests that boot VMs (needs a cached kernel: make kernel)
#   make check      set-up (deps, kernel, schedulers), then test and e2e
#   make run        set-up and the main job on defaults
#   make deps       install the Debian packages the project needs
#   make install    binary, man page, completions, editor files and the standard
#                   scenarios under PREFIX (/usr/local); DESTDIR= stages; make uninstall
#   V=1             show full commands; WERROR=0 lets warnings through

O ?= build
CC ?= gcc
Q := $(if $(V),,@)

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wcast-qual -Wwrite-strings -Wvla -Wundef -Wno-unused-parameter \
	-Wno-format-truncation
WERROR ?= 1
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 $(WARN) $(if $(filter 1,$(WERROR)),-Werror) -fno-strict-aliasing
CPPFLAGS += -D_GNU_SOURCE -I. -I$(O)
HOST_LDLIBS := -lbpf -lelf -lz -lpthread -ljson-c -lyaml -lcrypto
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRCS := $(wildcard lib/*.c)
# ktsrun local (an exported scenario on a machine) makes and removes cgroups
# with the guest's own code.
HOST_WORK_SRCS := work/cgroup.c work/cgroup_life.c work/sys.c
HOST_SRCS := $(wildcard host/*.c host/*/*.c vmm/*.c grammar/*.c interp/*.c) $(HOST_WORK_SRCS)
GUEST_SRCS := $(wildcard guest/*.c work/*.c interp/*.c)
UNIT_SRCS := $(wildcard tests/unit/*.c)
# work/ is the guest workload runtime: linked into the guest and unit-tested on the host.
WORK_SRCS := $(wildcard work/*.c)
# Guest code with no Linux dependency, unit-tested on the host: the
# language-to-rt parameter mapping (tested against both tables) and the
# checks and answers of the host's requests.
RUNTIME_UNIT_SRCS := guest/runtime_work.c guest/chan_in.c
# Generated sources (flex/bison) append themselves here.
GEN_SRCS :=

-include grammar/grammar.mk
-include vmm/vmm.mk
-include tests/nested/nested.mk
-include fuzz/fuzz.mk

HOST_MAIN := host/main.c
HOST_OBJS := $(patsubst %.c,$(O)/host-obj/%.o,$(LIB_SRCS) $(HOST_SRCS)) \
	$(patsubst $(O)/%.c,$(O)/host-obj/gen/%.o,$(GEN_SRCS)) $(O)/host-obj/embed.o
GUEST_OBJS := $(patsubst %.c,$(O)/guest-obj/%.o,$(LIB_SRCS) $(GUEST_SRCS))
UNIT_OBJS := $(patsubst %.c,$(O)/san-obj/%.o,$(LIB_SRCS) $(filter-out $(HOST_MAIN) $(HOST_WORK_SRCS),$(HOST_SRCS)) $(WORK_SRCS) $(UNIT_SRCS) \
	$(RUNTIME_UNIT_SRCS)) \
	$(patsubst $(O)/%.c,$(O)/san-obj/gen/%.o,$(GEN_SRCS)) $(O)/san-obj/embed.o

.DELETE_ON_ERROR:
.PHONY: all test check run deps deps-check kernel unit e2e bench fmt fmt-check clean install uninstall

all: $(O)/ktsrun

$(O)/ktsrun: $(HOST_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(HOST_LDLIBS)

# The guest init is static: the initramfs carries no libraries for it.
$(O)/guest/init: $(GUEST_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -static -o $@ $^ -lz -lm

$(O)/host-obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(O)/host-obj/gen/%.o: $(O)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -MMD -MP -c -o $@ $<

$(O)/guest-obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (guest)"
	$(Q)$(CC) $(CPPFLAGS) -DKTS_GUEST $(CFLAGS) -MMD -MP -c -o $@ $<

$(O)/san-obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (asan)"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -MMD -MP -c -o $@ $<

$(O)/san-obj/gen/%.o: $(O)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (asan)"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -Wno-missing-prototypes -MMD -MP -c -o $@ $<

# Blobs carried inside the host binary: the guest init and the kconfig fragment.
$(O)/host-obj/embed.o $(O)/san-obj/embed.o: host/boot/embed.S $(O)/guest/init kconfig/ktsrun.kconfig kconfig/ktsrun.patch
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) -DGUEST_INIT='"$(O)/guest/init"' -DKCONFIG='"kconfig/ktsrun.kconfig"' -DKPATCH='"kconfig/ktsrun.patch"' -c -o $@ $<
$(O)/host-obj/embed.o $(O)/san-obj/embed.o: $(wildcard bpf/*.c bpf/*.h)

# The last place ktsrun looks for the standard scenarios: this tree.
$(O)/host-obj/host/run/stdlib_dir.o $(O)/san-obj/host/run/stdlib_dir.o: CPPFLAGS += -DKTSRUN_SRCDIR='"$(CURDIR)"'

# libonig (the editor test's TextMate regexes) also defines POSIX regcomp and
# regexec for its own regex_t: -lc ahead of it keeps glibc's for the payload
# metric regexes, as in build/ktsrun, which does not link libonig.
$(O)/tests/unit: $(UNIT_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(HOST_LDLIBS) -lm -lc -lonig

unit: $(O)/tests/unit

# The editor-file test drives the lexer itself.
$(O)/san-obj/tests/unit/test_editor.o: | $(GRAMMAR_HDRS)

# Everything below installs or builds outside the tree; each step says so.
deps:
	$(Q)./tools/deps.sh
	$(Q)./tools/nested_kernel.sh > /dev/null || echo "deps: no L1 kernel for the nested test bed; tests/e2e/kvm_nested.sh will skip"

# Names a missing package instead of failing in the compiler; installs nothing.
deps-check:
	$(Q)./tools/deps.sh --check

kernel: all
	$(Q)$(O)/ktsrun kernel build

test: deps-check
	$(Q)$(MAKE) --no-print-directory all unit fmt-check fuzz-smoke
	$(Q)O=$(O) tests/run.sh unit cli

e2e: all
	$(Q)O=$(O) tests/run.sh e2e

check:
	$(Q)$(MAKE) --no-print-directory deps
	$(Q)$(MAKE) --no-print-directory all unit fmt-check fuzz-smoke
	$(Q)$(O)/ktsrun kernel build
	$(Q)$(O)/ktsrun sched build
	$(Q)O=$(O) tests/run.sh unit cli e2e

# the default scenarios, under EEVDF and then under a real BPF scheduler
RUN_SCENARIOS := stdlib-scenarios/steady.kts stdlib-scenarios/cpuset_resize.kts

run:
	$(Q)$(MAKE) --no-print-directory deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(O)/ktsrun kernel build
	$(Q)$(O)/ktsrun sched build
	$(Q)$(O)/ktsrun topo --topo 1n2l2c2t
	$(Q)$(O)/ktsrun run $(RUN_SCENARIOS)
	$(Q)$(O)/ktsrun run --scheduler scx_simple $(RUN_SCENARIOS)

bench: all
	$(Q)bench/boot

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, the man page, the
# completions, the editor files and the standard scenarios. ktsrun finds
# the scenarios from its own path (bin/../share/ktsrun), so bin and share
# stay under one PREFIX.
PREFIX ?= /usr/local
SHARE_DIR := $(PREFIX)/share
KTS_SHARE := $(SHARE_DIR)/ktsrun
VIM_DIR := $(SHARE_DIR)/vim/vimfiles
STDLIB_FILES := $(sort $(wildcard stdlib-scenarios/*.kts stdlib-scenarios/*/*.kts))
VSCODE_FILES := $(sort $(wildcard editor/vscode/*.json editor/vscode/*/*.json))
COMPLETIONS := $(O)/completion/ktsrun.bash $(O)/completion/_ktsrun
# every file install writes, below $(DESTDIR)
INSTALLED := $(PREFIX)/bin/ktsrun $(SHARE_DIR)/man/man1/ktsrun.1 \
	$(SHARE_DIR)/bash-completion/completions/ktsrun $(SHARE_DIR)/zsh/site-functions/_ktsrun \
	$(VIM_DIR)/syntax/kts.vim $(VIM_DIR)/ftdetect/kts.vim \
	$(patsubst editor/%,$(KTS_SHARE)/%,$(VSCODE_FILES)) $(addprefix $(KTS_SHARE)/,$(STDLIB_FILES))

# The scripts are written by the binary from its own command table.
$(O)/completion/ktsrun.bash: $(O)/ktsrun
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(O)/ktsrun completion bash > $@
$(O)/completion/_ktsrun: $(O)/ktsrun
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(O)/ktsrun completion zsh > $@

install: all $(COMPLETIONS)
	@case "$(PREFIX)" in /*) ;; *) echo "install: PREFIX must be an absolute path, not '$(PREFIX)'" >&2; exit 1;; esac
	$(Q)install -D -m 0755 $(O)/ktsrun $(DESTDIR)$(PREFIX)/bin/ktsrun
	$(Q)install -D -m 0644 doc/ktsrun.1 $(DESTDIR)$(SHARE_DIR)/man/man1/ktsrun.1
	$(Q)install -D -m 0644 $(O)/completion/ktsrun.bash $(DESTDIR)$(SHARE_DIR)/bash-completion/completions/ktsrun
	$(Q)install -D -m 0644 $(O)/completion/_ktsrun $(DESTDIR)$(SHARE_DIR)/zsh/site-functions/_ktsrun
	$(Q)install -D -m 0644 editor/vim/syntax/kts.vim $(DESTDIR)$(VIM_DIR)/syntax/kts.vim
	$(Q)install -D -m 0644 editor/vim/ftdetect/kts.vim $(DESTDIR)$(VIM_DIR)/ftdetect/kts.vim
	$(Q)for f in $(VSCODE_FILES); do install -D -m 0644 $$f $(DESTDIR)$(KTS_SHARE)/$${f#editor/} || exit 1; done
	$(Q)for f in $(STDLIB_FILES); do install -D -m 0644 $$f $(DESTDIR)$(KTS_SHARE)/$$f || exit 1; done
	@echo "installed ktsrun under $(DESTDIR)$(PREFIX) ($(words $(STDLIB_FILES)) scenario files)"

# Removes what install wrote and the directories that are ktsrun's alone;
# shared ones (bin, man1, vimfiles/syntax, ...) stay even when empty.
uninstall:
	$(Q)rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	$(Q)rm -rf $(DESTDIR)$(KTS_SHARE)
	@echo "removed ktsrun from $(DESTDIR)$(PREFIX)"

# Layout differs between clang-format versions: the one Debian 12 packages as
# clang-format-19 (make deps) is the one .clang-format was fitted to.
CLANG_FORMAT ?= clang-format-19
FMT_SRCS := $(wildcard lib/*.[ch] host/*.[ch] host/*/*.[ch] vmm/*.[ch] vmm/tinyguest/*.[ch] guest/*.[ch] \
	work/*.[ch] interp/*.[ch] grammar/*.[ch] tests/unit/*.[ch] tests/kvm/*.[ch] bpf/*.[ch] fuzz/*.c)
FMT_TOOL = $(if $(shell command -v $(CLANG_FORMAT)),$(CLANG_FORMAT),$(error $(CLANG_FORMAT) not found: \
	run 'make deps' as root (Debian package clang-format-19), or set CLANG_FORMAT=))

fmt:
	$(Q)$(FMT_TOOL) -i $(FMT_SRCS)

fmt-check:
	@echo "  FMT     $(words $(FMT_SRCS)) files ($(CLANG_FORMAT))"
	$(Q)$(FMT_TOOL) --dry-run --Werror $(FMT_SRCS) || \
		{ echo "fmt-check: layout differs from .clang-format; run 'make fmt'" >&2; exit 1; }

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
