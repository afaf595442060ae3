/* The kvm backend's 16550 receive path, register by register, as Linux's
 * 8250 driver uses it: IER's RDI, IIR's received-data code above THRE,
 * LSR's data-ready bit, RBR in order, the FIFO clear, the bound. */
#include <stdlib.h>

#include "tests/unit/tu.h"
#include "vmm/kvm.h"

enum { RBR, IER, IIR, LCR, MCR, LSR };

static struct kvm_vm vm; /* vm_fd -1: the irq level is kept, no ioctl */
static struct kvm_stream out;
static struct kvm_uart u;

static uint8_t rd(unsigned reg)
{
	uint8_t v = 0xee;

	TU_EQ_INT(kvm_uart_io(NULL, KVM_COM2_PORT + reg, &v, 1, 0, &u), 0);
	return v;
}

static void wr(unsigned reg, uint8_t v)
{
	TU_EQ_INT(kvm_uart_io(NULL, KVM_COM2_PORT + reg, &v, 1, 1, &u), 0);
}

static void setup(void)
{
	vm.vm_fd = -1;
	TU_EQ_INT(kvm_stream_init(&out), 0);
	kvm_uart_init(&u, &vm, &out, KVM_COM2_IRQ);
}

static void teardown(void)
{
	kvm_stream_free(&out);
}

TU_TEST(kvm_uart_rx_data_ready_and_order)
{
	setup();
	TU_EQ_INT(rd(LSR) & 0x01, 0); /* nothing received */
	TU_EQ_INT(kvm_uart_rx_put(&u, (const uint8_t *)"ab", 2), 2);
	TU_EQ_INT(rd(LSR), 0x61);  /* THR empty + data ready */
	TU_EQ_INT(u.irq_level, 0); /* RDI not enabled: no interrupt */
	TU_EQ_INT(rd(IIR) & 0x0f, 0x01);
	TU_EQ_INT(rd(RBR), 'a');
	TU_EQ_INT(rd(LSR) & 0x01, 1);
	TU_EQ_INT(rd(RBR), 'b');
	TU_EQ_INT(rd(LSR), 0x60);
	TU_EQ_INT(rd(RBR), 0); /* empty reads give 0, no underflow */
	TU_EQ_INT(rd(LSR), 0x60);
	teardown();
}

TU_TEST(kvm_uart_rx_interrupt_outranks_thre)
{
	setup();
	wr(IER, 0x03);		   /* RDI + THRI */
	TU_EQ_INT(u.irq_level, 1); /* THR empty */
	TU_EQ_INT(kvm_uart_rx_put(&u, (const uint8_t *)"x", 1), 1);
	TU_EQ_INT(rd(IIR) & 0x0f, 0x04); /* received data first */
	TU_EQ_INT(rd(IIR) & 0x0f, 0x04); /* and stays until RBR is read */
	TU_EQ_INT(u.irq_level, 1);
	TU_EQ_INT(rd(RBR), 'x');
	TU_EQ_INT(rd(IIR) & 0x0f, 0x02); /* then THRE, cleared by this read */
	TU_EQ_INT(rd(IIR) & 0x0f, 0x01);
	TU_EQ_INT(u.irq_level, 0);
	/* data arriving later raises the line again: a new edge for the PIC */
	TU_EQ_INT(kvm_uart_rx_put(&u, (const uint8_t *)"y", 1), 1);
	TU_EQ_INT(u.irq_level, 1);
	wr(IER, 0x00); /* masking drops the line, the data stays */
	TU_EQ_INT(u.irq_level, 0);
	TU_EQ_INT(rd(LSR) & 0x01, 1);
	TU_EQ_INT(rd(RBR), 'y');
	teardown();
}

TU_TEST(kvm_uart_rx_bounded_fifo_clear_and_dlab)
{
	static uint8_t big[KVM_UART_RX_MAX + 100];

	setup();
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	TU_EQ_INT(kvm_uart_rx_put(&u, big, sizeof(big)), KVM_UART_RX_MAX);
	TU_EQ_INT(kvm_uart_rx_put(&u, big, 1), 0); /* full: the host keeps it */
	/* DLAB hides RBR behind the divisor latch: no byte is consumed */
	wr(LCR, 0x80);
	TU_EQ_INT(rd(RBR), 12);
	wr(LCR, 0x03);
	for (size_t i = 0; i < 300; i++)
		TU_EQ_INT(rd(RBR), (uint8_t)(i * 7));
	/* the ring wraps: what is put now comes after the 3796 still held */
	TU_EQ_INT(kvm_uart_rx_put(&u, (const uint8_t *)"zz", 2), 2);
	for (size_t i = 300; i < KVM_UART_RX_MAX; i++)
		if (rd(RBR) != (uint8_t)(i * 7)) {
			TU_CHECK(!"byte out of order after wrap");
			break;
		}
	TU_EQ_INT(rd(RBR), 'z');
	/* FCR's clear-receive bit drops the rest, as the driver's startup does */
	wr(IIR, 0x03);
	TU_EQ_INT(rd(LSR) & 0x01, 0);
	TU_EQ_INT(rd(IIR) & 0xc0, 0xc0); /* FIFO enabled bits still shown */
	teardown();
}

TU_TEST(kvm_uart_tx_still_reaches_the_host)
{
	uint8_t got[4];

	setup();
	wr(RBR, 'o');
	wr(RBR, 'k');
	TU_EQ_INT(kvm_stream_get(&out, got, sizeof(got)), 2);
	TU_EQ_INT(got[0], 'o');
	TU_EQ_INT(got[1], 'k');
	/* loopback (the driver's probe) sends nothing out */
	wr(MCR, 0x10);
	wr(RBR, '!');
	TU_EQ_INT(kvm_stream_get(&out, got, sizeof(got)), 0);
	teardown();
}
