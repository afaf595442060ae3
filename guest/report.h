/* What the guest reports about itself over the channel. */
#ifndef KTS_GUEST_REPORT_H
#define KTS_GUEST_REPORT_H

int report_hello(const char *mode);
int report_topology(void);
int report_memprobe(void);

#endif
