# The nested test bed's two helpers (tests/nested/README.md): L1's static
# PID 1 and the tool that writes L1's initramfs with our cpio writer.
$(O)/nested/l1-init: tests/nested/l1_init.c
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -static -o $@ $<

L1_INITRD_OBJS := $(patsubst %.c,$(O)/host-obj/%.o,tests/nested/l1_initrd.c host/boot/initramfs.c \
	host/boot/initramfs_bin.c host/boot/elfdeps.c host/util/log.c)

$(O)/nested/l1-initrd: $(L1_INITRD_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(HOST_LDLIBS)

all: $(O)/nested/l1-init $(O)/nested/l1-initrd
