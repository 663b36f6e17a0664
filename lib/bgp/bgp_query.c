/*
 * Ask the router: JSON first, the text command when vtysh does not know the
 * JSON form (Quagga-era VyOS), and vtysh's own failures as errors.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_query.h"
#include "io/transport.h"

static void
first_line(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	for (; *s && *s != '\n' && *s != '\r' && o + 1 < len; s++)
		buf[o++] = *s;
	buf[o] = '\0';
}

/* Run one command; classify its answer. */
static int
ask(struct transport *t, const char *cmd, char **out, size_t *outlen, char **eo, int *status,
    enum bgp_format *fmt, char *msg, size_t msglen, char *err, size_t errlen)
{
	if (transport_run_full(t, cmd, out, outlen, eo, status, err, errlen))
		return -1;
	*fmt = bgp_detect_format(*out, *outlen, msg, msglen);
	/* Some vtysh builds print the complaint on stderr, not stdout. */
	if (*fmt == BGP_FMT_EMPTY && *eo != NULL && (*eo)[0] != '\0') {
		enum bgp_format f2 = bgp_detect_format(*eo, strlen(*eo), msg, msglen);

		if (f2 == BGP_FMT_UNKNOWN_COMMAND)
			*fmt = f2;
	}
	return 0;
}

int
bgp_query(struct transport *t, const char *json_cmd, const char *text_cmd, char **out,
	  size_t *outlen, enum bgp_format *fmt, char *err, size_t errlen)
{
	char *o = NULL, *eo = NULL, msg[256], line[256];
	size_t olen = 0;
	int status = -1;
	const char *cmd = json_cmd;

	*out = NULL;
	*outlen = 0;
	if (ask(t, cmd, &o, &olen, &eo, &status, fmt, msg, sizeof(msg), err, errlen) != 0)
		return -1;
	if (transport_get_kind(t) == TRANSPORT_FILE) {
		/* A saved answer is whatever was saved: no second command,
		 * and a router's complaint in it is the parser's to name. */
		*out = o;
		*outlen = olen;
		free(eo);
		return 0;
	}
	if (*fmt == BGP_FMT_UNKNOWN_COMMAND && text_cmd != NULL) {
		free(o);
		free(eo);
		o = eo = NULL;
		cmd = text_cmd;
		if (ask(t, cmd, &o, &olen, &eo, &status, fmt, msg, sizeof(msg), err, errlen) != 0)
			return -1;
	}
	if (*fmt == BGP_FMT_UNKNOWN_COMMAND) {
		snprintf(err, errlen, "the router does not know `%s`: %s", cmd, msg);
		goto fail;
	}
	if (status != 0) {
		first_line(eo != NULL && eo[0] != '\0' ? eo : o, line, sizeof(line));
		snprintf(err, errlen, "vtysh exited with status %d%s%s", status,
			 line[0] ? ": " : "", line);
		goto fail;
	}
	if (eo != NULL && eo[0] != '\0') {
		first_line(eo, line, sizeof(line));
		snprintf(err, errlen, "vtysh wrote on stderr: %s", line);
		goto fail;
	}
	free(eo);
	*out = o;
	*outlen = olen;
	return 0;
fail:
	free(o);
	free(eo);
	return -1;
}
int
bgp_vrf_name_valid(const char *name)
{
	size_t n = 0;

	if (name == NULL || *name == '\0')
		return 0;
	for (; name[n] != '\0'; n++)
		if (!isalnum((unsigned char)name[n]) && name[n] != '_' && name[n] != '.' &&
		    name[n] != '-')
			return 0;
	/* A leading '-' would read as an option somewhere down the line. */
	return n <= 36 && name[0] != '-';
}
