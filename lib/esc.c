#include "lib/esc.h"

#include <stdio.h>
#include <string.h>

size_t esc_encode(const char *in, size_t n, char *out, size_t outlen)
{
	size_t i = 0, o = 0;

	if (!outlen)
		return 0;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		char e[5];
		size_t k;

		if (c == '\\' || c == '\n' || c == '\t')
			k = (size_t)snprintf(e, sizeof(e), "\\%c", c == '\\' ? '\\' : c == '\n' ? 'n' : 't');
		else if (c < 0x20 || c == 0x7f)
			k = (size_t)snprintf(e, sizeof(e), "\\x%02x", c);
		else
			e[0] = (char)c, k = 1;
		if (o + k + 1 > outlen)
			break;
		memcpy(out + o, e, k);
		o += k;
	}
	out[o] = '\0';
	return i;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int esc_decode(const char *in, char *out, size_t outlen, size_t *outn)
{
	size_t o = 0;

	for (; *in; in++) {
		char c = *in;

		if (c == '\\') {
			in++;
			if (*in == '\\' || *in == 'n' || *in == 't') {
				c = *in == 'n' ? '\n' : *in == 't' ? '\t' : '\\';
			} else if (*in == 'x' && hexval(in[1]) >= 0 && hexval(in[2]) >= 0) {
				c = (char)(hexval(in[1]) * 16 + hexval(in[2]));
				in += 2;
			} else {
				return -1;
			}
		}
		if (o + 1 >= outlen)
			return -1;
		out[o++] = c;
	}
	if (o < outlen)
		out[o] = '\0';
	*outn = o;
	return 0;
}
