/* What the guest reports about itself over the channel. */
#ifndef KTS_GUEST_SELFREPORT_H
#define KTS_GUEST_SELFREPORT_H

int selfreport_hello(const char *mode);
int selfreport_topology(void);
int selfreport_memprobe(void);

#endif
