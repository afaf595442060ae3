/* The host's TSC rate. Under TCG the guest's RDTSC reads the host's TSC
 * (QEMU passes it through), so telling the guest kernel its rate with
 * tsc_early_khz= spares it the PIT calibration's slow fallback, which it
 * takes whenever the loaded host makes the quick one miss (0.1-0.3 s). */
#ifndef KTS_HOST_BOOT_HOST_TSC_H
#define KTS_HOST_BOOT_HOST_TSC_H

/* kHz, measured against CLOCK_MONOTONIC_RAW over 20 ms once per host boot
 * (cached in <cache>/probe/tsc with the boot id); 0 if this host has no
 * constant-rate TSC (then nothing is passed). */
unsigned host_tsc_khz(void);
/* kHz from two (tsc, ns) samples; 0 if the interval is unusable. */
unsigned host_tsc_khz_from(unsigned long long tsc0, unsigned long long ns0, unsigned long long tsc1,
			   unsigned long long ns1);

#endif
