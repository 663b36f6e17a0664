/* SPDX-License-Identifier: ISC */
/*
 * Ask the router: which vtysh commands answer each question, JSON first,
 * the text command when vtysh does not know the JSON form (Quagga-era
 * VyOS), and vtysh's own failures as errors.  Each answer is classified
 * once here (bgp_answer_take); the parsers read that classification.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
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

/* Run one command; classify its answer.  *eo is the caller's to free. */
static int
ask(struct transport *t, const char *cmd, struct bgp_answer *a, char **eo, int *status, char *err,
    size_t errlen)
{
	char *out = NULL;
	size_t outlen = 0;

	log_debug("command: %s", cmd);
	if (transport_run(t, cmd, &out, &outlen, eo, status, err, errlen))
		return -1;
	bgp_answer_take(a, out, outlen);
	/* Some vtysh builds print the complaint on stderr, not stdout. */
	if (a->fmt == BGP_FMT_EMPTY && *eo != NULL && (*eo)[0] != '\0') {
		char msg[sizeof(a->msg)];

		if (bgp_detect_format(*eo, strlen(*eo), msg, sizeof(msg)) ==
		    BGP_FMT_UNKNOWN_COMMAND) {
			a->fmt = BGP_FMT_UNKNOWN_COMMAND;
			memcpy(a->msg, msg, sizeof(a->msg));
		}
	}
	return 0;
}

/*
 * Run json_cmd; when the router answers "% Unknown command" run text_cmd
 * (NULL: then that is the error).  vtysh failures (exit status, stderr,
 * messages) become -1 with the reason.  On success *a holds the answer.
 */
static int
ask_json_or_text(struct transport *t, const char *json_cmd, const char *text_cmd,
		 struct bgp_answer *a, char *err, size_t errlen)
{
	char *eo = NULL, line[256];
	int status = -1;
	const char *cmd = json_cmd;

	memset(a, 0, sizeof(*a));
	if (ask(t, cmd, a, &eo, &status, err, errlen) != 0)
		return -1;
	if (transport_get_kind(t) == TRANSPORT_FILE) {
		/* A saved answer is whatever was saved: no second command,
		 * and a router's complaint in it is the parser's to name. */
		free(eo);
		goto done;
	}
	if (a->fmt == BGP_FMT_UNKNOWN_COMMAND && text_cmd != NULL) {
		bgp_answer_free(a);
		free(eo);
		eo = NULL;
		cmd = text_cmd;
		if (ask(t, cmd, a, &eo, &status, err, errlen) != 0)
			return -1;
	}
	if (a->fmt == BGP_FMT_UNKNOWN_COMMAND) {
		snprintf(err, errlen, "the router does not know `%s`: %s", cmd, a->msg);
		goto fail;
	}
	if (status != 0) {
		first_line(eo != NULL && eo[0] != '\0' ? eo
			   : a->buf != NULL	       ? a->buf
						       : "",
			   line, sizeof(line));
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
done:
	log_info("`%s`: answer %zu bytes, %s", cmd, a->len, bgp_format_name(a->fmt));
	log_debug3("%.*s", (int)a->len, a->buf != NULL ? a->buf : "");
	return 0;
fail:
	bgp_answer_free(a);
	free(eo);
	return -1;
}

int
bgp_query_summary(struct transport *t, enum bgp_afi afi, const char *vrf, struct bgp_answer *a,
		  char *err, size_t errlen)
{
	const char *fam = afi == BGP_AFI_IPV6 ? "ipv6" : "ipv4";
	char json[256];

	if (vrf != NULL)
		snprintf(json, sizeof(json), "show bgp vrf %s %s unicast summary json", vrf, fam);
	else
		snprintf(json, sizeof(json), "show bgp %s unicast summary json", fam);
	/* Quagga has no VRFs: no text form to fall back on then. */
	return ask_json_or_text(t, json,
				vrf != NULL	      ? NULL
				: afi == BGP_AFI_IPV6 ? "show bgp ipv6 summary"
						      : "show ip bgp summary",
				a, err, errlen);
}

int
bgp_query_routes(struct transport *t, enum bgp_afi afi, const char *vrf, const char *addr,
		 struct bgp_answer *a, char *err, size_t errlen)
{
	int v6;
	char json[256], text[256];

	if (addr == NULL)
		addr = "?"; /* a saved answer: the command is not run */
	v6 = afi == BGP_AFI_IPV6 || (afi == BGP_AFI_UNSPEC && strchr(addr, ':') != NULL);
	/* Without a family recent FRR means IPv6: always name it. */
	if (vrf != NULL)
		snprintf(json, sizeof(json),
			 "show bgp vrf %s %s unicast neighbors %s advertised-routes json", vrf,
			 v6 ? "ipv6" : "ipv4", addr);
	else if (v6)
		snprintf(json, sizeof(json),
			 "show bgp ipv6 unicast neighbors %s advertised-routes json", addr);
	else
		snprintf(json, sizeof(json), "show ip bgp neighbors %s advertised-routes json",
			 addr);
	snprintf(text, sizeof(text), "show %s neighbors %s advertised-routes",
		 v6 ? "bgp ipv6" : "ip bgp", addr);
	return ask_json_or_text(t, json, vrf == NULL ? text : NULL, a, err, errlen);
}

int
bgp_query_local_as(struct transport *t, enum bgp_afi afi, uint32_t *asn, char *err, size_t errlen)
{
	struct bgp_answer a;
	struct bgp_summary *s = NULL;
	int rc = -1;

	/* Quagga's IPv6 summary may name no local AS; its IPv4 one does. */
	if (ask_json_or_text(t,
			     afi == BGP_AFI_IPV6 ? "show bgp ipv6 unicast summary json"
						 : "show bgp ipv4 unicast summary json",
			     "show ip bgp summary", &a, err, errlen) != 0)
		return -1;
	if (bgp_parse_summary(&a, &s, err, errlen) == 0) {
		if (s->have_local_as) {
			*asn = s->local_as;
			rc = 0;
		} else {
			snprintf(err, errlen, "the summary does not name the local AS");
		}
	}
	bgp_summary_free(s);
	bgp_answer_free(&a);
	return rc;
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
