/* 16550A UARTs: enough for Linux's 8250 driver, including its probe
 * (scratch register, FIFO bits in IIR, loopback through MSR), the
 * transmitter-empty interrupt and the receive path. Transmission is
 * instant, so THR is always empty; output goes to a growing ring the host
 * drains with vmm read(). What the host writes (vmm write) waits in a
 * bounded receive ring: LSR's data-ready bit and, with IER's RDI, the
 * received-data interrupt (IIR 0x04, above THRE) until the guest has read
 * it all from RBR. No overrun: the host is told how much was taken. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "vmm/kvm.h"

#define STREAM_MAX (64u << 20) /* bytes held before we drop */

enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };
#define LCR_DLAB      0x80
#define MCR_LOOP      0x10
#define IER_RDI	      0x01
#define IER_THRI      0x02
#define IIR_NONE      0x01
#define IIR_THRE      0x02
#define IIR_RDA	      0x04
#define FCR_CLEAR_RX  0x02
#define LSR_DR	      0x01
#define LSR_TEMT_THRE 0x60

int kvm_stream_init(struct kvm_stream *s)
{
	memset(s, 0, sizeof(*s));
	s->cap = 64 << 10;
	s->buf = malloc(s->cap);
	if (!s->buf)
		return -ENOMEM;
	pthread_mutex_init(&s->lock, NULL);
	return 0;
}

void kvm_stream_free(struct kvm_stream *s)
{
	if (!s->buf)
		return;
	free(s->buf);
	s->buf = NULL;
	pthread_mutex_destroy(&s->lock);
}

static int grow(struct kvm_stream *s)
{
	size_t ncap = s->cap * 2, tail;
	uint8_t *nb;

	if (ncap > STREAM_MAX)
		return -1;
	nb = malloc(ncap);
	if (!nb)
		return -1;
	tail = s->cap - s->head < s->len ? s->cap - s->head : s->len;
	memcpy(nb, s->buf + s->head, tail);
	memcpy(nb + tail, s->buf, s->len - tail);
	free(s->buf);
	s->buf = nb;
	s->cap = ncap;
	s->head = 0;
	return 0;
}

void kvm_stream_put(struct kvm_stream *s, const uint8_t *p, size_t n)
{
	pthread_mutex_lock(&s->lock);
	if (!s->first_ns && n) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		s->first_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	}
	for (size_t i = 0; i < n; i++) {
		if (s->len == s->cap && grow(s)) {
			s->dropped += n - i;
			break;
		}
		s->buf[(s->head + s->len) % s->cap] = p[i];
		s->len++;
	}
	pthread_mutex_unlock(&s->lock);
}

size_t kvm_stream_get(struct kvm_stream *s, uint8_t *p, size_t n)
{
	size_t i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < n && s->len; i++) {
		p[i] = s->buf[s->head];
		s->head = (s->head + 1) % s->cap;
		s->len--;
	}
	pthread_mutex_unlock(&s->lock);
	return i;
}

void kvm_uart_init(struct kvm_uart *u, struct kvm_vm *vm, struct kvm_stream *out, unsigned irq)
{
	memset(u, 0, sizeof(*u));
	u->vm = vm;
	u->out = out;
	u->irq = irq;
	u->dll = 12; /* 9600 baud */
	pthread_mutex_init(&u->lock, NULL);
}

/* Level of the interrupt line from the current state; called with lock. */
static void update_irq(struct kvm_uart *u)
{
	int level = ((u->ier & IER_THRI) && u->iir_thre) || ((u->ier & IER_RDI) && u->rx_len);
	struct kvm_irq_level irq = { .irq = u->irq, .level = (uint32_t)level };

	if (level == u->irq_level)
		return;
	u->irq_level = level;
	if (u->vm->vm_fd >= 0)
		ioctl(u->vm->vm_fd, KVM_IRQ_LINE, &irq);
}

static uint8_t msr_value(const struct kvm_uart *u)
{
	if (!(u->mcr & MCR_LOOP))
		return 0xb0; /* DCD, DSR, CTS */
	/* loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD */
	return (uint8_t)((u->mcr & 0x01) << 5 | (u->mcr & 0x02) << 3 | (u->mcr & 0x04) << 4 |
			 (u->mcr & 0x08) << 4);
}

/* RBR: the oldest received byte, 0 when there is none. */
static uint8_t rx_get(struct kvm_uart *u)
{
	uint8_t v;

	if (!u->rx_len)
		return 0;
	v = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % KVM_UART_RX_MAX;
	u->rx_len--;
	return v;
}

static uint8_t uart_read(struct kvm_uart *u, unsigned reg)
{
	uint8_t v;

	switch (reg) {
	case RBR_THR: return u->lcr & LCR_DLAB ? u->dll : rx_get(u);
	case IER: return u->lcr & LCR_DLAB ? u->dlm : u->ier;
	case IIR_FCR:
		v = (u->fcr & 1) ? 0xc0 : 0;
		if ((u->ier & IER_RDI) && u->rx_len)
			return v | IIR_RDA; /* received data outranks THRE; reading RBR clears it */
		if ((u->ier & IER_THRI) && u->iir_thre) {
			u->iir_thre = 0; /* reading IIR that reports THRE clears it */
			return v | IIR_THRE;
		}
		return v | IIR_NONE;
	case LCR: return u->lcr;
	case MCR: return u->mcr;
	case LSR: return LSR_TEMT_THRE | (u->rx_len ? LSR_DR : 0);
	case MSR: return msr_value(u);
	default: return u->scr;
	}
}

static void uart_write(struct kvm_uart *u, unsigned reg, uint8_t v)
{
	switch (reg) {
	case RBR_THR:
		if (u->lcr & LCR_DLAB) {
			u->dll = v;
			return;
		}
		if (!(u->mcr & MCR_LOOP))
			kvm_stream_put(u->out, &v, 1);
		u->iir_thre = 1; /* sent at once: THR empty again */
		return;
	case IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = v;
			return;
		}
		/* enabling THRI with THR empty raises the interrupt */
		if ((v & IER_THRI) && !(u->ier & IER_THRI))
			u->iir_thre = 1;
		u->ier = v & 0x0f;
		return;
	case IIR_FCR:
		if (v & FCR_CLEAR_RX)
			u->rx_head = u->rx_len = 0;
		u->fcr = v & 0xc9;
		return;
	case LCR: u->lcr = v; return;
	case MCR: u->mcr = v & 0x1f; return;
	case SCR: u->scr = v; return;
	}
}

int kvm_uart_io(struct kvm_vcpu *vcpu, uint64_t addr, uint8_t *data, uint32_t len, int is_write, void *ptr)
{
	struct kvm_uart *u = ptr;
	unsigned reg = (unsigned)(addr & 7);

	if (len != 1)
		return -1;
	pthread_mutex_lock(&u->lock);
	if (is_write)
		uart_write(u, reg, data[0]);
	else
		data[0] = uart_read(u, reg);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return 0;
}

size_t kvm_uart_rx_put(struct kvm_uart *u, const uint8_t *p, size_t n)
{
	size_t i;

	pthread_mutex_lock(&u->lock);
	for (i = 0; i < n && u->rx_len < KVM_UART_RX_MAX; i++) {
		u->rx[(u->rx_head + u->rx_len) % KVM_UART_RX_MAX] = p[i];
		u->rx_len++;
	}
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return i;
}
