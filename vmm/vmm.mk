# The kvm backend's extra build: the tiny test guest (vmm/tinyguest), a
# bzImage-shaped file built with gcc and ld, and a C array of it compiled
# into ktsrun (for the probe) and the unit tests.
# Included before the main rules: keep "all" the default goal.
.DEFAULT_GOAL := all

TG_CFLAGS := -m64 -O2 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -mno-red-zone \
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -fcf-protection=none -nostdlib \
	-Wall -Wextra -I.
TG_SRCS := vmm/tinyguest/head.S vmm/tinyguest/tg.c

$(O)/tinyguest/tinyguest.elf: $(TG_SRCS) vmm/tinyguest/tg.lds vmm/tinyguest/tg.h
	@mkdir -p $(dir $@)
	@echo "  LD      $@ (tiny guest)"
	$(Q)$(CC) $(TG_CFLAGS) -static -no-pie -Wl,--build-id=none -T vmm/tinyguest/tg.lds \
		-o $@ $(TG_SRCS)

$(O)/tinyguest/tinyguest.bzimage: $(O)/tinyguest/tinyguest.elf
	$(Q)objcopy -O binary $< $@

# The image as a C array: od is in coreutils, so no xxd is needed.
$(O)/tinyguest_img.c: $(O)/tinyguest/tinyguest.bzimage
	@echo "  GEN     $@"
	$(Q){ echo '#include <stddef.h>'; \
	  echo 'const unsigned char kvm_tinyguest[] = {'; \
	  od -An -v -tx1 $< | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; \
	  echo 'const size_t kvm_tinyguest_len = sizeof(kvm_tinyguest);'; } > $@

GEN_SRCS += $(O)/tinyguest_img.c

# The tiny guest's driver: tests/e2e/kvm_*.sh and bench/vmm run it.
KVM_TG_OBJS := $(patsubst %.c,$(O)/host-obj/%.o,$(LIB_SRCS) $(wildcard vmm/kvm*.c) \
	tests/kvm/kvm_tg.c) $(O)/host-obj/gen/tinyguest_img.o

$(O)/kvm-tg: $(KVM_TG_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(HOST_LDLIBS)

all: $(O)/kvm-tg
