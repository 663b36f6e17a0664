/* SPDX-License-Identifier: ISC */
/*
 * EC2 client: the XML parsers on every sample in t/fixtures/ec2 (AWS docs,
 * boto, moto, model-rendered pages), request bodies and signatures against
 * botocore's, and the retry policy through a scripted fake http_client with
 * a fake clock.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "core/log.h"
#include "ec2/ec2.h"
#include "io/http.h"
#include "io/xmltree.h"
#include "capture.h"
#include "fixture.h"

/* ---- helpers -------------------------------------------------------------- */

static struct ec2_route_tables *
parse_file(const char *rel, char *next, size_t nextlen)
{
	struct ec2_route_tables *t = calloc(1, sizeof(*t));
	char err[256];
	size_t len;
	char *xml = fixture_load(rel, &len);

	assert_non_null(t);
	if (ec2_parse_route_tables(xml, len, t, next, nextlen, err, sizeof(err)) != 0)
		fail_msg("%s: %s", rel, err);
	free(xml);
	return t;
}

static const struct ec2_route *
route_for(const struct ec2_route_table *t, const char *dest)
{
	size_t i;

	for (i = 0; i < t->nroutes; i++)
		if (strcmp(t->routes[i].destination, dest) == 0)
			return &t->routes[i];
	fail_msg("no route %s in %s", dest, t->id);
	return NULL;
}

/* ---- parsers ------------------------------------------------------------------ */

static void
test_parse_docs(void **state)
{
	char next[64] = "x";
	struct ec2_route_tables *t =
	    parse_file("ec2/describe-route-tables-docs.xml", next, sizeof(next));
	const struct ec2_route *r;

	(void)state;
	assert_string_equal(next, "");
	assert_int_equal(t->ntables, 1);
	assert_string_equal(t->tables[0].id, "rtb-1122334455667788a");
	assert_string_equal(t->tables[0].vpc_id, "vpc-12345678912345678");
	assert_int_equal(t->tables[0].nroutes, 3);
	r = route_for(&t->tables[0], "10.0.1.0/32");
	assert_string_equal(r->other_target, "gatewayId=igw-012345678901abcdef");
	assert_string_equal(r->instance_id, "");
	assert_string_equal(r->eni_id, "");
	assert_string_equal(r->state, "active");
	assert_string_equal(r->origin, "CreateRoute");
	assert_int_equal(r->ipv6, 0);
	r = route_for(&t->tables[0], "172.31.0.0/16");
	assert_string_equal(r->other_target, "gatewayId=local");
	assert_string_equal(r->origin, "CreateRouteTable");
	ec2_route_tables_free(t);
}

static void
test_parse_eni_blackhole(void **state)
{
	char next[64];
	struct ec2_route_tables *t =
	    parse_file("ec2/describe-route-tables-eni-blackhole.xml", next, sizeof(next));
	const struct ec2_route *r;

	(void)state;
	assert_int_equal(t->ntables, 2);
	assert_string_equal(t->tables[0].id, "rtb-13ad487a");
	assert_int_equal(t->tables[0].nroutes, 1);
	assert_string_equal(t->tables[1].id, "rtb-f9ad4890");
	assert_int_equal(t->tables[1].nroutes, 4);
	r = route_for(&t->tables[1], "10.0.0.0/21");
	assert_string_equal(r->eni_id, "eni-884ec1d1");
	assert_string_equal(r->instance_id, "");
	assert_string_equal(r->state, "blackhole");
	assert_string_equal(r->other_target, "");
	r = route_for(&t->tables[1], "11.0.0.0/22");
	assert_string_equal(r->other_target, "vpcPeeringConnectionId=pcx-efc52b86");
	assert_string_equal(r->state, "blackhole");
	ec2_route_tables_free(t);
}

static void
test_parse_pages(void **state)
{
	struct ec2_route_tables *t = calloc(1, sizeof(*t));
	const struct ec2_route *r;
	char next[128], err[256];
	size_t len;
	char *xml;

	(void)state;
	xml = fixture_load("ec2/rendered/rendered-describe-route-tables-page1-"
		    "nexttoken.xml",
		    &len);
	assert_int_equal(ec2_parse_route_tables(xml, len, t, next, sizeof(next), err, sizeof(err)),
			 0);
	free(xml);
	assert_string_equal(next, "eyJ2IjoiMiIsImMiOiJ0ZXN0In0=");
	assert_int_equal(t->ntables, 1);
	r = route_for(&t->tables[0], "10.10.0.0/16");
	assert_string_equal(r->instance_id, "i-1234567890abcdef0");
	assert_string_equal(r->eni_id, "eni-0123456789abcdef0");
	r = route_for(&t->tables[0], "10.20.0.0/16");
	assert_string_equal(r->eni_id, "eni-884ec1d1");
	assert_string_equal(r->state, "blackhole");
	r = route_for(&t->tables[0], "::/0");
	assert_int_equal(r->ipv6, 1);
	assert_string_equal(r->other_target, "egressOnlyInternetGatewayId=eigw-015e0e244e24dfe8a");

	xml = fixture_load("ec2/rendered/rendered-describe-route-tables-page2-"
		    "last.xml",
		    &len);
	assert_int_equal(ec2_parse_route_tables(xml, len, t, next, sizeof(next), err, sizeof(err)),
			 0);
	free(xml);
	assert_string_equal(next, "");
	assert_int_equal(t->ntables, 2);
	assert_string_equal(t->tables[1].id, "rtb-0fedcba9876543210");
	r = route_for(&t->tables[1], "0.0.0.0/0");
	assert_string_equal(r->other_target, "natGatewayId=nat-0123456789abcdef0");
	r = route_for(&t->tables[1], "10.30.0.0/16");
	assert_string_equal(r->other_target, "transitGatewayId=tgw-0123456789abcdef0");
	r = route_for(&t->tables[1], "10.40.0.0/16");
	assert_string_equal(r->other_target, "gatewayId=vgw-123456abcde123456");
	r = route_for(&t->tables[1], "pl-63a5400a");
	assert_string_equal(r->other_target, "gatewayId=vpce-0123456789abcdef0");
	assert_int_equal(r->ipv6, 0);
	/* the first page is still there, untouched */
	assert_string_equal(t->tables[0].id, "rtb-1122334455667788a");
	ec2_route_tables_free(t);
}

static void
test_parse_moto(void **state)
{
	char next[64];
	struct ec2_route_tables *t;
	const struct ec2_route *r;

	(void)state;
	/* moto: no trailing slash in the namespace, requestId last, other
	 * element order */
	t = parse_file("ec2/moto/moto-describe-route-tables-targets.xml", next, sizeof(next));
	assert_int_equal(t->ntables, 1);
	assert_string_equal(t->tables[0].id, "rtb-15fa148da27dca019");
	assert_string_equal(t->tables[0].vpc_id, "vpc-a88fa84d004b1c6d8");
	assert_int_equal(t->tables[0].nroutes, 4);
	r = route_for(&t->tables[0], "192.168.10.0/24");
	assert_string_equal(r->instance_id, "i-725ee63f97feb6a5d");
	r = route_for(&t->tables[0], "192.168.20.0/24");
	assert_string_equal(r->eni_id, "eni-8324b2e36320cc8fa");
	ec2_route_tables_free(t);

	t = parse_file("ec2/moto/moto-describe-route-tables-empty.xml", next, sizeof(next));
	assert_int_equal(t->ntables, 0);
	ec2_route_tables_free(t);
	t = parse_file("ec2/moto/moto-describe-route-tables-vpc-filter.xml", next, sizeof(next));
	assert_true(t->ntables >= 1);
	ec2_route_tables_free(t);
}

struct error_case {
	const char *file;
	const char *code;
	const char *request_id;
};

static void
test_parse_errors(void **state)
{
	static const struct error_case cases[] = {
	    {"ec2/error-auth-failure.xml", "AuthFailure", "624b9d59-1def-4d71-8bf1-1b11176d98fd"},
	    {"ec2/error-aws-docs-format.xml", "InvalidInstanceID.NotFound",
	     "ea966190-f9aa-478e-9ede-example"},
	    {"ec2/error-dry-run-operation.xml", "DryRunOperation", "xxxxx"},
	    {"ec2/error-invalid-route-table-id-not-found.xml", "InvalidRouteTableID.NotFound",
	     "54256eb4-d706-4084-86dc-b7f581006f9f"},
	    {"ec2/error-request-expired.xml", "RequestExpired",
	     "a43d7953-edec-4f82-adf4-f23b2b51500a"},
	    {"ec2/error-request-limit-exceeded.xml", "RequestLimitExceeded",
	     "6280e71d-9be4-442c-8ddf-00265efeafe6"},
	    {"ec2/error-smithy-ec2query-complex.xml", "ComplexError", "foo-id"},
	    {"ec2/error-smithy-ec2query-simple.xml", "InvalidGreeting", "foo-id"},
	    {"ec2/error-unauthorized-operation.xml", "UnauthorizedOperation",
	     "a0c0b8fd-5e84-4f74-a7ce-55be23b5fb78"},
	    {"ec2/moto/moto-error-delete-route-not-found.xml", "InvalidRoute.NotFound",
	     "request-id"},
	    {"ec2/moto/moto-error-describe-route-tables-not-found.xml",
	     "InvalidRouteTableID.NotFound", "request-id"},
	    {"ec2/moto/moto-error-route-already-exists.xml", "RouteAlreadyExists", "request-id"},
	    {"ec2/moto/moto-error-route-not-found.xml", "InvalidParameterValue", "request-id"},
	    {"ec2/moto/moto-error-route-table-not-found.xml", "InvalidRouteTableID.NotFound",
	     "request-id"},
	};
	struct ec2_error e;
	size_t i, len;
	char *xml;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		xml = fixture_load(cases[i].file, &len);
		memset(&e, 0, sizeof(e));
		assert_int_equal(ec2_parse_error(xml, len, &e), 0);
		assert_string_equal(e.code, cases[i].code);
		assert_string_equal(e.request_id, cases[i].request_id);
		assert_true(e.message[0] != '\0');
		/* an error document is neither a table list nor a return */
		assert_int_equal(ec2_parse_return(xml, len), -1);
		free(xml);
	}
	/* the long UnauthorizedOperation message is cut, not overflowed */
	xml = fixture_load("ec2/error-unauthorized-operation.xml", &len);
	assert_int_equal(ec2_parse_error(xml, len, &e), 0);
	assert_int_equal(strlen(e.message), sizeof(e.message) - 1);
	free(xml);
}

static void
test_parse_error_response_shape(void **state)
{
	/* The generic Query shape: <ErrorResponse>, RequestId, Type first. */
	static const char generic[] = "<ErrorResponse xmlns=\"http://webservices.amazon.com/\">"
				      "<Error><Type>Sender</Type><Code>Throttling</Code>"
				      "<Message>Rate exceeded</Message></Error>"
				      "<RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>"
				      "</ErrorResponse>";
	/* moto's IAM errors nest Errors inside ErrorResponse */
	static const char nested[] =
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse>"
	    "<Errors><Error><Code>AccessDenied</Code><Message>User: x is not "
	    "authorized</Message><Type>Sender</Type></Error></Errors>"
	    "</ErrorResponse>";
	struct ec2_error e;

	(void)state;
	assert_int_equal(ec2_parse_error(generic, sizeof(generic) - 1, &e), 0);
	assert_string_equal(e.code, "Throttling");
	assert_string_equal(e.message, "Rate exceeded");
	assert_string_equal(e.request_id, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
	assert_int_equal(ec2_parse_error(nested, sizeof(nested) - 1, &e), 0);
	assert_string_equal(e.code, "AccessDenied");
	assert_string_equal(e.request_id, "");
}

static void
test_parse_return(void **state)
{
	static const char *const ok_files[] = {
	    "ec2/replace-route-ok.xml",
	    "ec2/create-route-ok.xml",
	    "ec2/moto/moto-replace-route-ok.xml",
	    "ec2/moto/moto-create-route-ok.xml",
	};
	static const char falsy[] =
	    "<ReplaceRouteResponse><return>false</return></ReplaceRouteResponse>";
	static const char odd[] =
	    "<ReplaceRouteResponse><return>maybe</return></ReplaceRouteResponse>";
	size_t i, len;
	char *xml;

	(void)state;
	for (i = 0; i < sizeof(ok_files) / sizeof(ok_files[0]); i++) {
		xml = fixture_load(ok_files[i], &len);
		assert_int_equal(ec2_parse_return(xml, len), 1);
		free(xml);
	}
	assert_int_equal(ec2_parse_return(falsy, sizeof(falsy) - 1), 0);
	assert_int_equal(ec2_parse_return(odd, sizeof(odd) - 1), -1);
	assert_int_equal(ec2_parse_return("true", 4), -1);
	assert_int_equal(ec2_parse_return("", 0), -1);
	assert_int_equal(ec2_parse_return(NULL, 0), -1);
}

static void
test_parse_garbage(void **state)
{
	static const char *const bad[] = {
	    "",
	    "garbage",
	    "<DescribeRouteTablesResponse/>",
	    "<DescribeRouteTablesResponse><routeTableSet><item>"
	    "<vpcId>vpc-1</vpcId></item></routeTableSet>"
	    "</DescribeRouteTablesResponse>",
	    "<DescribeRouteTablesResponse><routeTableSet><item>"
	    "<routeTableId>rtb-1</routeTableId><routeSet><item>"
	    "<instanceId>i-1</instanceId></item></routeSet></item>"
	    "</routeTableSet></DescribeRouteTablesResponse>",
	    "<DescribeRouteTablesResponse><routeTableSet><item>"
	    "<routeTableId>rtb-1</routeTableId><routeSet><item>"
	    "<destinationCidrBlock>10.0.0.0/16</destinationCidrBlock>"
	    "<instanceId>i-0123456789abcdef0123456789abcdef0123</instanceId>"
	    "</item></routeSet></item></routeTableSet>"
	    "</DescribeRouteTablesResponse>",
	    "<Response><Errors><Error><Code>X</Code></Error></Errors>"
	    "</Response>",
	    "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
	    "<DescribeRouteTablesResponse><routeTableSet><item>"
	    "<routeTableId>&e;</routeTableId></item></routeTableSet>"
	    "</DescribeRouteTablesResponse>",
	};
	struct ec2_route_tables *t = calloc(1, sizeof(*t));
	struct ec2_error e;
	char next[64], err[256];
	size_t i, len, cut, end;
	char *xml;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(ec2_parse_route_tables(bad[i], strlen(bad[i]), t, next,
							sizeof(next), err, sizeof(err)),
				 -1);
		assert_true(err[0] != '\0');
		assert_int_equal(t->ntables, 0);
	}
	/* every truncation of a real page fails cleanly and adds nothing */
	xml = fixture_load("ec2/rendered/rendered-describe-route-tables-page1-"
		    "nexttoken.xml",
		    &len);
	end = len;
	while (end > 0 && xml[end - 1] != '>')
		end--;
	for (cut = 0; cut < end; cut++) {
		assert_int_equal(
		    ec2_parse_route_tables(xml, cut, t, next, sizeof(next), err, sizeof(err)), -1);
		assert_int_equal(t->ntables, 0);
		assert_string_equal(next, "");
		assert_int_equal(ec2_parse_error(xml, cut, &e), -1);
		assert_int_equal(ec2_parse_return(xml, cut), -1);
	}
	/* binary junk */
	for (i = 0; i < len; i++)
		xml[i] = (char)((i * 131u + 7u) & 0xff);
	assert_int_equal(ec2_parse_route_tables(xml, len, t, next, sizeof(next), err, sizeof(err)),
			 -1);
	assert_int_equal(ec2_parse_error(xml, len, &e), -1);
	free(xml);
	ec2_route_tables_free(t);
}

/* n copies of s, heap. */
static char *
repeat(const char *s, size_t n)
{
	size_t l = strlen(s), i;
	char *b = malloc(l * n + 1);

	assert_non_null(b);
	for (i = 0; i < n; i++)
		memcpy(b + i * l, s, l);
	b[l * n] = '\0';
	return b;
}

/* Documents built to hurt: entity bombs, deep nesting, huge text. */
static void
test_parse_hostile(void **state)
{
	static const char *const doctype[] = {
	    /* billion laughs */
	    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
	    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
	    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
	    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
	    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
	    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
	    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
	    "<Response><Errors><Error><Code>&lol9;</Code></Error></Errors></Response>",
	    /* a harmless internal entity: still refused, as is any DTD */
	    "<!DOCTYPE r [<!ENTITY id \"rtb-1\">]><DescribeRouteTablesResponse>"
	    "<routeTableSet><item><routeTableId>&id;</routeTableId></item>"
	    "</routeTableSet></DescribeRouteTablesResponse>",
	    "<!DOCTYPE r SYSTEM \"http://127.0.0.1:1/x.dtd\"><ReplaceRouteResponse>"
	    "<return>true</return></ReplaceRouteResponse>",
	    "<!DOCTYPE r><ReplaceRouteResponse><return>true</return></ReplaceRouteResponse>",
	};
	struct ec2_route_tables *t = calloc(1, sizeof(*t));
	struct ec2_error e;
	char next[64], err[256];
	char *deep, *open, *close, *huge;
	size_t i, n;

	(void)state;
	assert_non_null(t);
	for (i = 0; i < sizeof(doctype) / sizeof(doctype[0]); i++) {
		assert_int_equal(ec2_parse_route_tables(doctype[i], strlen(doctype[i]), t, next,
							sizeof(next), err, sizeof(err)),
				 -1);
		assert_non_null(strstr(err, "DOCTYPE"));
		assert_int_equal(t->ntables, 0);
		assert_int_equal(ec2_parse_error(doctype[i], strlen(doctype[i]), &e), -1);
		assert_string_equal(e.code, "");
		assert_int_equal(ec2_parse_return(doctype[i], strlen(doctype[i])), -1);
	}
	/* an entity nobody declared */
	assert_int_equal(ec2_parse_return("<R><return>&t;</return></R>", 27), -1);

	/* 100000 nested elements: refused, no stack or heap blowup */
	n = 100000;
	open = repeat("<a>", n);
	close = repeat("</a>", n);
	deep = malloc(strlen(open) + strlen(close) + 200);
	assert_non_null(deep);
	sprintf(deep,
		"<DescribeRouteTablesResponse><routeTableSet>%s%s</routeTableSet>"
		"</DescribeRouteTablesResponse>",
		open, close);
	assert_int_equal(
	    ec2_parse_route_tables(deep, strlen(deep), t, next, sizeof(next), err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "nested deeper"));
	assert_int_equal(ec2_parse_error(deep, strlen(deep), &e), -1);
	assert_int_equal(ec2_parse_return(deep, strlen(deep)), -1);
	free(deep);
	free(open);
	free(close);

	/* 8 MB of text where an id belongs, then in nextToken */
	n = 8u * 1024 * 1024;
	huge = malloc(n + 400);
	assert_non_null(huge);
	strcpy(huge, "<DescribeRouteTablesResponse><routeTableSet><item><routeTableId>");
	i = strlen(huge);
	memset(huge + i, 'x', n);
	strcpy(huge + i + n, "</routeTableId></item></routeTableSet>"
			     "</DescribeRouteTablesResponse>");
	assert_int_equal(
	    ec2_parse_route_tables(huge, strlen(huge), t, next, sizeof(next), err, sizeof(err)),
	    -1);
	assert_string_equal(err, "route table without a usable id");
	assert_int_equal(t->ntables, 0);
	strcpy(huge, "<DescribeRouteTablesResponse><routeTableSet/><nextToken>");
	i = strlen(huge);
	memset(huge + i, 'x', n);
	strcpy(huge + i + n, "</nextToken></DescribeRouteTablesResponse>");
	assert_int_equal(
	    ec2_parse_route_tables(huge, strlen(huge), t, next, sizeof(next), err, sizeof(err)),
	    -1);
	assert_string_equal(err, "DescribeRouteTables: nextToken too long");
	assert_string_equal(next, "");
	free(huge);
	ec2_route_tables_free(t);
}

/* The tree under the parsers: names, text, limits. */
static void
test_xmltree(void **state)
{
	static const char doc[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<p:root xmlns:p=\"urn:a b\" xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
	    "<p:id>  rtb-<!-- split -->1\n</p:id>"
	    "<mixed>a<b>c<i>d</i></b>e</mixed>"
	    "<ent>&lt;&#x41;&amp;<![CDATA[<raw>&amp;]]>&#233;</ent>"
	    "<empty/><blank> \t\r\n </blank>"
	    "<x><y><target>deep</target></y></x><target>shallow</target>"
	    "</p:root>";
	struct xmltree_limits lim;
	struct xmltree_node *r, *k;
	char buf[64], small[4], err[256];
	char *s;

	(void)state;
	r = xmltree_parse(doc, strlen(doc), NULL, err, sizeof(err));
	assert_non_null(r);
	assert_true(xmltree_is(r, "root"));
	assert_int_equal(xmltree_text(r, "id", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "rtb-1");
	/* all text below, in document order, as xmlNodeGetContent */
	assert_int_equal(xmltree_text(r, "mixed", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "acde");
	assert_int_equal(xmltree_text(r, "ent", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "<A&<raw>&amp;\xc3\xa9");
	assert_int_equal(xmltree_text(r, "empty", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "");
	assert_int_equal(xmltree_text(r, "blank", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "");
	assert_int_equal(xmltree_text(r, "absent", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(xmltree_text(NULL, "id", buf, sizeof(buf)), 0);
	/* too long: -1 with what fits */
	assert_int_equal(xmltree_text(r, "id", small, sizeof(small)), -1);
	assert_string_equal(small, "rtb");
	assert_int_equal(xmltree_text(r, "id", small, 0), -1);
	/* find: document order, the node itself first */
	k = xmltree_find(r, "target");
	assert_non_null(k);
	assert_non_null(k->children);
	assert_true(k->children->text);
	assert_string_equal(k->children->data, "deep");
	assert_ptr_equal(xmltree_find(r, "root"), r);
	assert_null(xmltree_find(r, "nothing"));
	assert_null(xmltree_child(r, "y"));
	assert_non_null(xmltree_child(xmltree_child(r, "x"), "y"));
	xmltree_free(r);

	/* depth: the limit itself is fine, one more is not */
	memset(&lim, 0, sizeof(lim));
	lim.max_depth = 3;
	r = xmltree_parse("<a><b><c>x</c></b></a>", 22, &lim, err, sizeof(err));
	assert_non_null(r);
	xmltree_free(r);
	assert_null(xmltree_parse("<a><b><c><d/></c></b></a>", 25, &lim, err, sizeof(err)));
	assert_string_equal(err, "XML nested deeper than 3 elements");

	/* memory: a budget the text alone overruns */
	lim.max_depth = 0;
	lim.max_bytes = 4096;
	s = repeat("<i>0123456789</i>", 102);
	/* one root around the 100 in the middle: 17 bytes each end */
	memcpy(s, "<r>              ", 17);
	memcpy(s + strlen(s) - 17, "             </r>", 17);
	r = xmltree_parse(s, strlen(s), NULL, err, sizeof(err));
	if (r == NULL)
		fail_msg("%s", err);
	xmltree_free(r);
	assert_null(xmltree_parse(s, strlen(s), &lim, err, sizeof(err)));
	assert_non_null(strstr(err, "too large"));
	free(s);

	/* not well-formed, in the ways a server or a proxy gets it wrong */
	assert_null(xmltree_parse("<a></b>", 7, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "not well-formed at line 1"));
	assert_null(xmltree_parse("<a/><b/>", 8, NULL, err, sizeof(err)));
	assert_null(xmltree_parse("<q:a/>", 6, NULL, err, sizeof(err)));
	assert_null(xmltree_parse("<a>\x01</a>", 8, NULL, err, sizeof(err)));
	assert_null(xmltree_parse("<?xml version=\"x1.0\"?><a/>", 26, NULL, err, sizeof(err)));
	assert_string_equal(err, "XML version 'x1.0' unsupported");
	assert_null(xmltree_parse("", 0, NULL, err, sizeof(err)));
	assert_null(xmltree_parse(NULL, 3, NULL, err, sizeof(err)));
	assert_null(xmltree_parse("   ", 3, NULL, err, sizeof(err)));
}

static void
test_parse_network_interfaces(void **state)
{
	static const char page[] =
	    "<DescribeNetworkInterfacesResponse xmlns=\"http://ec2.amazonaws"
	    ".com/doc/2016-11-15/\"><requestId>r</requestId>"
	    "<networkInterfaceSet>"
	    "<item><networkInterfaceId>eni-0bbbbbbbbbbbbbbbb</networkInterfaceId>"
	    "<attachment><deviceIndex>1</deviceIndex></attachment></item>"
	    "<item><attachment><deviceIndex>0</deviceIndex></attachment>"
	    "<networkInterfaceId>eni-0aaaaaaaaaaaaaaaa</networkInterfaceId>"
	    "</item></networkInterfaceSet><nextToken>t2</nextToken>"
	    "</DescribeNetworkInterfacesResponse>";
	char **ids = NULL, next[16], err[128];
	size_t n = 0;

	(void)state;
	assert_int_equal(ec2_parse_network_interfaces(page, sizeof(page) - 1, &ids, &n, next,
						      sizeof(next), err, sizeof(err)),
			 0);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], "eni-0aaaaaaaaaaaaaaaa");
	assert_string_equal(ids[1], "eni-0bbbbbbbbbbbbbbbb");
	assert_string_equal(next, "t2");
	assert_int_equal(
	    ec2_parse_network_interfaces("<x", 2, &ids, &n, next, sizeof(next), err, sizeof(err)),
	    -1);
	assert_int_equal(n, 2);
	ec2_strings_free(ids, n);
}

/* ---- request bodies ------------------------------------------------------------ */

static void
expect_body(const char *table, const char *dest, int ipv6, const char *target, int dry,
	    const char *want)
{
	struct ec2_replace r;
	char err[128], *body = NULL;
	size_t len;

	memset(&r, 0, sizeof(r));
	r.route_table_id = table;
	r.destination = dest;
	r.ipv6 = ipv6;
	r.target = target;
	r.dry_run = dry;
	assert_int_equal(ec2_replace_body(&r, &body, &len, err, sizeof(err)), 0);
	assert_string_equal(body, want);
	assert_int_equal(len, strlen(want));
	free(body);
}

static void
test_replace_bodies(void **state)
{
	struct ec2_replace r;
	char err[128], *body;
	size_t len;

	(void)state;
	expect_body("rtb-0123456789abcdef0", "10.10.0.0/16", 0, "eni-0123456789abcdef0", 0,
		    "Action=ReplaceRoute&Version=2016-11-15&RouteTableId="
		    "rtb-0123456789abcdef0&DestinationCidrBlock=10.10.0.0%2F16"
		    "&NetworkInterfaceId=eni-0123456789abcdef0");
	expect_body("rtb-0123456789abcdef0", "0.0.0.0/0", 0, "i-0123456789abcdef0", 0,
		    "Action=ReplaceRoute&Version=2016-11-15&RouteTableId="
		    "rtb-0123456789abcdef0&DestinationCidrBlock=0.0.0.0%2F0"
		    "&InstanceId=i-0123456789abcdef0");
	expect_body("rtb-0123456789abcdef0", "2001:db8:1234:1a00::/56", 1, "eni-0123456789abcdef0",
		    0,
		    "Action=ReplaceRoute&Version=2016-11-15&RouteTableId="
		    "rtb-0123456789abcdef0&DestinationIpv6CidrBlock="
		    "2001%3Adb8%3A1234%3A1a00%3A%3A%2F56"
		    "&NetworkInterfaceId=eni-0123456789abcdef0");
	expect_body("rtb-0123456789abcdef0", "10.10.0.0/16", 0, "eni-0123456789abcdef0", 1,
		    "Action=ReplaceRoute&Version=2016-11-15&RouteTableId="
		    "rtb-0123456789abcdef0&DestinationCidrBlock=10.10.0.0%2F16"
		    "&NetworkInterfaceId=eni-0123456789abcdef0&DryRun=true");
	expect_body("rtb-1", "2001:db8::/32", 1, "i-1", 1,
		    "Action=ReplaceRoute&Version=2016-11-15&RouteTableId=rtb-1"
		    "&DestinationIpv6CidrBlock=2001%3Adb8%3A%3A%2F32"
		    "&InstanceId=i-1&DryRun=true");

	memset(&r, 0, sizeof(r));
	r.route_table_id = "rtb-1";
	r.destination = "10.0.0.0/16";
	r.target = "tgw-0123456789abcdef0";
	assert_int_equal(ec2_replace_body(&r, &body, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "tgw-0123456789abcdef0"));
	r.target = NULL;
	assert_int_equal(ec2_replace_body(&r, &body, &len, err, sizeof(err)), -1);
}

static void
test_form_encoding(void **state)
{
	struct aws_query_param p[] = {
	    {"Filter.1.Name", "tag:Name"},
	    {"Filter.1.Value.1", "ha pair/primary+x=y&z~_-."},
	    {"NextToken", "eyJ2IjoiMiIsImMiOiJ0ZXN0In0="},
	};
	size_t len;
	char *b = ec2_form_body("DescribeRouteTables", p, 3, &len);

	(void)state;
	assert_string_equal(b, "Action=DescribeRouteTables&Version=2016-11-15"
			       "&Filter.1.Name=tag%3AName&Filter.1.Value.1="
			       "ha%20pair%2Fprimary%2Bx%3Dy%26z~_-."
			       "&NextToken=eyJ2IjoiMiIsImMiOiJ0ZXN0In0%3D");
	free(b);
}

/* ---- a scripted fake http client and a fake clock -------------------------- */

#define FAKE_MAX 64

struct fake_answer {
	long status;
	const char *body; /* literal, or "@file" for a fixture */
	int transport;
	int timed_out;
	double takes_ms; /* fake time the exchange takes */
};

struct fake_req {
	char *body;
	char host[128];
	char ctype[96];
	char date[32];
	char token[1024];
	char auth[1024];
	long timeout_ms;
	double started_ms;
};

struct fake {
	struct fake_answer script[FAKE_MAX];
	size_t nscript, next;
	/* answer by request instead of script order when set */
	const struct fake_answer *(*pick)(struct fake *f, const char *body);
	struct fake_req req[FAKE_MAX];
	size_t nreq;
	size_t batch[FAKE_MAX];
	size_t nbatch;
};

static double fake_now;
static time_t fake_time;
static long fake_sleeps[FAKE_MAX];
static size_t fake_nsleeps;

static double
fake_now_ms(void)
{
	return fake_now;
}

static void
fake_sleep_ms(long ms)
{
	assert_true(ms >= 0);
	if (fake_nsleeps < FAKE_MAX)
		fake_sleeps[fake_nsleeps++] = ms;
	fake_now += (double)ms;
}

static time_t
fake_clock(void)
{
	/* a second per signature: each re-signing gets a new x-amz-date */
	return fake_time++;
}

static void
copy_header(const struct http_request *q, const char *name, char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < q->nheaders; i++)
		if (strcasecmp(q->headers[i].name, name) == 0)
			snprintf(buf, len, "%s", q->headers[i].value);
}

static int
fake_perform(void *impl, struct http_exchange *x, size_t n)
{
	struct fake *f = impl;
	const struct fake_answer *a;
	struct fake_req *r;
	double longest = 0;
	size_t i, len;

	assert_true(f->nbatch < FAKE_MAX);
	f->batch[f->nbatch++] = n;
	for (i = 0; i < n; i++) {
		memset(&x[i].resp, 0, sizeof(x[i].resp));
		assert_true(f->nreq < FAKE_MAX);
		r = &f->req[f->nreq++];
		assert_string_equal(x[i].req.method, "POST");
		r->body = strndup(x[i].req.body, x[i].req.bodylen);
		copy_header(&x[i].req, "Host", r->host, sizeof(r->host));
		copy_header(&x[i].req, "Content-Type", r->ctype, sizeof(r->ctype));
		copy_header(&x[i].req, "X-Amz-Date", r->date, sizeof(r->date));
		copy_header(&x[i].req, "X-Amz-Security-Token", r->token, sizeof(r->token));
		copy_header(&x[i].req, "Authorization", r->auth, sizeof(r->auth));
		r->timeout_ms = x[i].req.timeout_ms;
		r->started_ms = fake_now;
		if (f->pick != NULL) {
			a = f->pick(f, r->body);
		} else {
			if (f->next >= f->nscript)
				fail_msg("request %zu beyond the script: %s", f->nreq, r->body);
			a = &f->script[f->next++];
		}
		x[i].resp.status = a->status;
		x[i].resp.transport_error = a->transport;
		x[i].resp.timed_out = a->timed_out;
		x[i].resp.elapsed_ms = a->takes_ms;
		if (a->transport)
			snprintf(x[i].resp.error, sizeof(x[i].resp.error), "%s",
				 a->timed_out ? "Timeout was reached" : "Connection reset by peer");
		if (a->body != NULL && a->body[0] == '@') {
			x[i].resp.body = fixture_load(a->body + 1, &len);
			x[i].resp.bodylen = len;
		} else if (a->body != NULL) {
			x[i].resp.body = strdup(a->body);
			x[i].resp.bodylen = strlen(a->body);
		}
		if (a->takes_ms > longest)
			longest = a->takes_ms;
	}
	/* the batch runs in parallel: it takes as long as its longest */
	fake_now += longest;
	return 0;
}

static void
fake_free(void *impl)
{
	struct fake *f = impl;
	size_t i;

	for (i = 0; i < f->nreq; i++)
		free(f->req[i].body);
	free(f);
}

static const struct http_ops fake_ops = {fake_perform, fake_free};

struct env {
	struct http_client http;
	struct fake *fake;
	struct aws_credentials cred;
	struct ec2_config cfg;
	struct ec2_client *ec2;
};

static struct env *
env_new(const char *endpoint, const char *region, const char *token)
{
	struct env *v = calloc(1, sizeof(*v));
	char err[256];

	assert_non_null(v);
	v->fake = calloc(1, sizeof(*v->fake));
	assert_non_null(v->fake);
	v->http.ops = &fake_ops;
	v->http.impl = v->fake;
	v->cred.access_key_id = "AKIDEXAMPLE";
	v->cred.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
	v->cred.session_token = (char *)token;
	v->cfg.endpoint_url = endpoint;
	v->cfg.region = region;
	v->cfg.cred = &v->cred;
	v->cfg.http = &v->http;
	v->cfg.clock = fake_clock;
	v->cfg.retry.now_ms = fake_now_ms;
	v->cfg.retry.sleep_ms = fake_sleep_ms;
	v->cfg.retry.jitter_seed = 42;
	fake_now = 1000.0;
	fake_time = 1440938160; /* 20150830T123600Z, botocore's clock */
	fake_nsleeps = 0;
	v->ec2 = ec2_new(&v->cfg, err, sizeof(err));
	if (v->ec2 == NULL)
		fail_msg("ec2_new: %s", err);
	return v;
}

/* Re-create the client after changing cfg. */
static void
env_reconfigure(struct env *v)
{
	char err[256];

	ec2_free(v->ec2);
	v->ec2 = ec2_new(&v->cfg, err, sizeof(err));
	assert_non_null(v->ec2);
}

static void
env_script(struct env *v, const struct fake_answer *a, size_t n)
{
	memcpy(v->fake->script, a, n * sizeof(*a));
	v->fake->nscript = n;
	v->fake->next = 0;
}

static void
env_free(struct env *v)
{
	ec2_free(v->ec2);
	fake_free(v->fake);
	free(v);
}

static size_t
replace_one(struct env *v, struct ec2_replace *r, const char *table, const char *target, int dry)
{
	memset(r, 0, sizeof(*r));
	r->route_table_id = table;
	r->destination = "10.0.0.0/16";
	r->target = target;
	r->dry_run = dry;
	return ec2_replace_routes(v->ec2, r, 1);
}

/* ---- against botocore's signed requests ------------------------------------- */

static char *
sreq_header(const char *text, const char *name)
{
	size_t nl = strlen(name);
	const char *p = text, *e;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[nl] == ':') {
			p += nl + 1;
			while (*p == ' ')
				p++;
			e = strchr(p, '\n');
			return strndup(p, e ? (size_t)(e - p) : strlen(p));
		}
		p += nl;
	}
	return NULL;
}

static void
check_signed(const struct fake_req *r, const char *dir)
{
	char rel[256], *text, *want, *body;

	snprintf(rel, sizeof(rel), "sigv4/botocore-ec2/%s/%s.sreq", dir, dir);
	text = fixture_load(rel, NULL);
	body = strstr(text, "\n\n");
	assert_non_null(body);
	assert_string_equal(r->body, body + 2);
	want = sreq_header(text, "Authorization");
	assert_non_null(want);
	assert_string_equal(r->auth, want);
	free(want);
	want = sreq_header(text, "X-Amz-Date");
	assert_string_equal(r->date, want);
	free(want);
	want = sreq_header(text, "Host");
	assert_string_equal(r->host, want);
	free(want);
	want = sreq_header(text, "Content-Type");
	assert_string_equal(r->ctype, want);
	free(want);
	free(text);
}

static void
test_botocore_replace(void **state)
{
	static const struct {
		const char *dir, *dest, *target;
		int ipv6, dry;
	} cases[] = {
	    {"replace-route-eni", "10.10.0.0/16", "eni-0123456789abcdef0", 0, 0},
	    {"replace-route-instance", "0.0.0.0/0", "i-0123456789abcdef0", 0, 0},
	    {"replace-route-ipv6-eni", "2001:db8:1234:1a00::/56", "eni-0123456789abcdef0", 1, 0},
	    {"replace-route-dryrun", "10.10.0.0/16", "eni-0123456789abcdef0", 0, 1},
	};
	static const struct fake_answer ok = {200, "@ec2/replace-route-ok.xml", 0, 0, 5};
	static const struct fake_answer dry = {412, "@ec2/error-dry-run-operation.xml", 0, 0, 5};
	struct ec2_replace r;
	struct env *v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = env_new("https://ec2.us-east-1.amazonaws.com", "us-east-1", NULL);
		env_script(v, cases[i].dry ? &dry : &ok, 1);
		memset(&r, 0, sizeof(r));
		r.route_table_id = "rtb-0123456789abcdef0";
		r.destination = cases[i].dest;
		r.ipv6 = cases[i].ipv6;
		r.target = cases[i].target;
		r.dry_run = cases[i].dry;
		assert_int_equal(ec2_replace_routes(v->ec2, &r, 1), 0);
		assert_int_equal(r.ok, 1);
		assert_int_equal(v->fake->nreq, 1);
		check_signed(&v->fake->req[0], cases[i].dir);
		assert_string_equal(v->fake->req[0].token, "");
		env_free(v);
	}
}

static void
test_botocore_session_token(void **state)
{
	static const struct fake_answer ok = {200, "@ec2/replace-route-ok.xml", 0, 0, 5};
	char *text = fixture_load("sigv4/botocore-ec2/replace-route-eni-session-token/"
			   "replace-route-eni-session-token.sreq",
			   NULL);
	char *token = sreq_header(text, "X-Amz-Security-Token");
	struct ec2_replace r;
	struct env *v;

	(void)state;
	assert_non_null(token);
	v = env_new("https://ec2.us-east-1.amazonaws.com/", "us-east-1", token);
	env_script(v, &ok, 1);
	memset(&r, 0, sizeof(r));
	r.route_table_id = "rtb-0123456789abcdef0";
	r.destination = "10.10.0.0/16";
	r.target = "eni-0123456789abcdef0";
	assert_int_equal(ec2_replace_routes(v->ec2, &r, 1), 0);
	check_signed(&v->fake->req[0], "replace-route-eni-session-token");
	assert_string_equal(v->fake->req[0].token, token);
	env_free(v);
	free(token);
	free(text);
}

static void
test_botocore_describe(void **state)
{
	static const struct fake_answer ok = {200, "@ec2/describe-route-tables-docs.xml", 0, 0, 5};
	const char *ids[] = {"rtb-0123456789abcdef0", "rtb-0fedcba9876543210"};
	struct ec2_route_tables *t;
	struct ec2_error e;
	struct env *v;

	(void)state;
	v = env_new("https://ec2.us-east-1.amazonaws.com", "us-east-1", NULL);
	env_script(v, &ok, 1);
	assert_int_equal(ec2_describe_route_tables(v->ec2, ids, 2, &t, &e), 0);
	assert_int_equal(t->ntables, 1);
	check_signed(&v->fake->req[0], "describe-route-tables-by-id");
	ec2_route_tables_free(t);
	env_free(v);
}

static void
test_host_header(void **state)
{
	static const struct {
		const char *url, *host;
	} cases[] = {
	    {"http://127.0.0.1:8080", "127.0.0.1:8080"},
	    {"http://127.0.0.1:80/", "127.0.0.1"},
	    {"https://ec2.eu-west-1.amazonaws.com:443", "ec2.eu-west-1.amazonaws.com"},
	    {"https://ec2.cn-north-1.amazonaws.com.cn", "ec2.cn-north-1.amazonaws.com.cn"},
	    {"http://[::1]:5000", "[::1]:5000"},
	    {"https://localhost:8443/ec2", "localhost:8443"},
	};
	static const char *const bad[] = {
	    "ftp://x",	  "http://",	   "http://:80",	"http://h:8x",
	    "http://u@h", "http://h/?a=b", "ec2.amazonaws.com", "http://[::1",
	};
	static const struct fake_answer ok = {200, "@ec2/replace-route-ok.xml", 0, 0, 5};
	struct ec2_config cfg;
	struct ec2_replace r;
	struct env *v;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = env_new(cases[i].url, "eu-west-1", NULL);
		env_script(v, &ok, 1);
		assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 0);
		assert_string_equal(v->fake->req[0].host, cases[i].host);
		env_free(v);
	}
	v = env_new("http://127.0.0.1:1", "eu-west-1", NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cfg = v->cfg;
		cfg.endpoint_url = bad[i];
		err[0] = '\0';
		if (ec2_new(&cfg, err, sizeof(err)) != NULL)
			fail_msg("endpoint %s accepted", bad[i]);
		assert_true(err[0] != '\0');
	}
	cfg = v->cfg;
	cfg.region = "";
	assert_null(ec2_new(&cfg, err, sizeof(err)));
	env_free(v);
}

/* ---- retry policy ------------------------------------------------------------ */

static void
test_throttled_twice_then_ok(void **state)
{
	static const struct fake_answer a[] = {
	    {503, "@ec2/error-request-limit-exceeded.xml", 0, 0, 5},
	    {503, "@ec2/error-request-limit-exceeded.xml", 0, 0, 5},
	    {200, "@ec2/replace-route-ok.xml", 0, 0, 5},
	};
	struct ec2_replace r;
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);

	(void)state;
	env_script(v, a, 3);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 0);
	assert_int_equal(r.ok, 1);
	assert_int_equal(r.error.attempts, 3);
	assert_int_equal(v->fake->nreq, 3);
	assert_int_equal(fake_nsleeps, 2);
	/* full jitter under the capped exponential ceiling */
	assert_in_range(fake_sleeps[0], 0, 100);
	assert_in_range(fake_sleeps[1], 0, 200);
	/* re-signed on every try: fresh date, new signature, same body */
	assert_string_not_equal(v->fake->req[0].date, v->fake->req[1].date);
	assert_string_not_equal(v->fake->req[1].date, v->fake->req[2].date);
	assert_string_not_equal(v->fake->req[0].auth, v->fake->req[2].auth);
	assert_string_equal(v->fake->req[0].body, v->fake->req[2].body);
	env_free(v);
}

static void
test_not_retried_4xx(void **state)
{
	static const struct {
		long status;
		const char *body, *code;
	} cases[] = {
	    {400, "@ec2/moto/moto-error-route-not-found.xml", "InvalidParameterValue"},
	    {400, "@ec2/error-invalid-route-table-id-not-found.xml",
	     "InvalidRouteTableID.NotFound"},
	    {401, "@ec2/error-auth-failure.xml", "AuthFailure"},
	    {403, "@ec2/error-unauthorized-operation.xml", "UnauthorizedOperation"},
	    {400, "@ec2/error-request-expired.xml", "RequestExpired"},
	    {412, "@ec2/error-dry-run-operation.xml", "DryRunOperation"},
	};
	struct fake_answer a = {0, NULL, 0, 0, 5};
	struct ec2_replace r;
	struct env *v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
		a.status = cases[i].status;
		a.body = cases[i].body;
		env_script(v, &a, 1);
		/* not a dry run: 412 DryRunOperation is a failure here */
		assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
		assert_int_equal(r.ok, 0);
		assert_string_equal(r.error.code, cases[i].code);
		assert_int_equal(r.error.http_status, cases[i].status);
		assert_true(r.error.request_id[0] != '\0');
		assert_int_equal(r.error.attempts, 1);
		assert_int_equal(v->fake->nreq, 1);
		assert_int_equal(fake_nsleeps, 0);
		env_free(v);
	}
}

static void
test_retried_5xx_until_max(void **state)
{
	static const char unavailable[] =
	    "<Response><Errors><Error><Code>Unavailable</Code><Message>"
	    "The server is overloaded</Message></Error></Errors>"
	    "<RequestID>r-1</RequestID></Response>";
	struct fake_answer a[4];
	struct ec2_replace r;
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		a[i].status = i == 1 ? 500 : 503;
		a[i].body = i == 1 ? "<html>Internal Server Error</html>" : unavailable;
		a[i].transport = a[i].timed_out = 0;
		a[i].takes_ms = 5;
	}
	env_script(v, a, 4);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_int_equal(r.error.attempts, 4);
	assert_int_equal(v->fake->nreq, 4);
	assert_int_equal(fake_nsleeps, 3);
	assert_string_equal(r.error.code, "Unavailable");
	assert_int_equal(r.error.http_status, 503);
	env_free(v);

	/* a 5xx without an EC2 body is still named */
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	v->cfg.retry.max_attempts = 1;
	env_reconfigure(v);
	env_script(v, &a[1], 1);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_string_equal(r.error.code, "HTTP500");
	assert_int_equal(v->fake->nreq, 1);
	env_free(v);
}

static void
test_transport_retried(void **state)
{
	static const struct fake_answer a[] = {
	    {0, NULL, 1, 0, 5},
	    {0, NULL, 1, 1, 3000},
	    {200, "@ec2/replace-route-ok.xml", 0, 0, 5},
	};
	struct ec2_replace r;
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);

	(void)state;
	env_script(v, a, 3);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 0);
	assert_int_equal(r.error.attempts, 3);
	env_free(v);

	/* all transport failures: named "Transport", timeout said */
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	v->cfg.retry.max_attempts = 2;
	env_reconfigure(v);
	env_script(v, a, 2);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_string_equal(r.error.code, "Transport");
	assert_int_equal(r.error.http_status, 0);
	assert_non_null(strstr(r.error.message, "timed out"));
	assert_int_equal(r.error.attempts, 2);
	env_free(v);
}

static void
test_throttling_400_retried(void **state)
{
	static const struct fake_answer a[] = {
	    {400,
	     "<ErrorResponse><Error><Code>Throttling</Code><Message>"
	     "Rate exceeded</Message></Error><RequestId>x</RequestId>"
	     "</ErrorResponse>",
	     0, 0, 5},
	    {200, "@ec2/describe-route-tables-docs.xml", 0, 0, 5},
	};
	const char *ids[] = {"rtb-1122334455667788a"};
	struct ec2_route_tables *t;
	struct ec2_error e;
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);

	(void)state;
	env_script(v, a, 2);
	assert_int_equal(ec2_describe_route_tables(v->ec2, ids, 1, &t, &e), 0);
	assert_int_equal(v->fake->nreq, 2);
	ec2_route_tables_free(t);
	env_free(v);
}

static void
test_deadline(void **state)
{
	struct fake_answer slow[8];
	struct ec2_replace r;
	struct env *v;
	size_t i;

	(void)state;
	for (i = 0; i < 8; i++) {
		slow[i].status = 503;
		slow[i].body = "@ec2/error-request-limit-exceeded.xml";
		slow[i].transport = slow[i].timed_out = 0;
		slow[i].takes_ms = 400;
	}
	/* 1 s left and each try takes 0.4 s plus backoff: no try may start
	 * after the deadline, and each is given only the time left */
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	v->cfg.retry.deadline_ms = fake_now + 1000;
	v->cfg.retry.max_attempts = 8;
	env_reconfigure(v);
	env_script(v, slow, 8);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_string_equal(r.error.code, "RequestLimitExceeded");
	assert_true(v->fake->nreq >= 1 && v->fake->nreq <= 3);
	assert_int_equal(r.error.attempts, (int)v->fake->nreq);
	for (i = 0; i < v->fake->nreq; i++) {
		assert_true(v->fake->req[i].started_ms < v->cfg.retry.deadline_ms);
		assert_true(v->fake->req[i].timeout_ms > 0);
		assert_true((double)v->fake->req[i].timeout_ms <=
			    v->cfg.retry.deadline_ms - v->fake->req[i].started_ms);
	}
	env_free(v);

	/* deadline already near after the first try: exactly one try */
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	v->cfg.retry.deadline_ms = fake_now + 300;
	env_reconfigure(v);
	env_script(v, slow, 8);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_int_equal(v->fake->nreq, 1);
	assert_int_equal(fake_nsleeps, 0);
	env_free(v);

	/* no deadline: every attempt is used; backoff capped */
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	v->cfg.retry.max_attempts = 8;
	v->cfg.retry.base_ms = 100;
	v->cfg.retry.cap_ms = 250;
	env_reconfigure(v);
	env_script(v, slow, 8);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_int_equal(v->fake->nreq, 8);
	assert_int_equal(fake_nsleeps, 7);
	for (i = 0; i < fake_nsleeps; i++)
		assert_in_range(fake_sleeps[i], 0, 250);
	assert_int_equal(v->fake->req[0].timeout_ms, 0);
	env_free(v);
}

/* Each try gets min(request limit, time left): a stalled try is abandoned
 * at the limit and the next one goes through. */
static void
test_request_limit(void **state)
{
	static const struct fake_answer a[] = {
	    {0, NULL, 1, 1, 8000}, /* stalled: curl's timeout fired */
	    {200, "@ec2/replace-route-ok.xml", 0, 0, 5},
	};
	struct ec2_replace r;
	struct env *v;

	(void)state;
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	v->cfg.retry.request_ms = 8000;
	v->cfg.retry.deadline_ms = fake_now + 22000;
	env_reconfigure(v);
	env_script(v, a, 2);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 0);
	assert_int_equal(r.error.attempts, 2);
	assert_int_equal(v->fake->req[0].timeout_ms, 8000);
	assert_int_equal(v->fake->req[1].timeout_ms, 8000);
	env_free(v);

	/* less time left than the limit: the time left */
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	v->cfg.retry.request_ms = 8000;
	v->cfg.retry.deadline_ms = fake_now + 3000;
	env_reconfigure(v);
	env_script(v, &a[1], 1);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 0);
	assert_int_equal(v->fake->req[0].timeout_ms, 3000);
	env_free(v);

	/* no deadline: the limit alone */
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	v->cfg.retry.request_ms = 5000;
	env_reconfigure(v);
	env_script(v, &a[1], 1);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 0);
	assert_int_equal(v->fake->req[0].timeout_ms, 5000);
	env_free(v);
}

/* With a deadline, quick failures do not use the tries up: ten throttled
 * answers in a row are outlasted, and a throttling that never ends is
 * tried until the time is up, never past it. */
static void
test_budget_outlasts_quick_failures(void **state)
{
	struct fake_answer a[FAKE_MAX];
	struct ec2_replace r;
	struct env *v;
	double deadline;
	size_t i;

	(void)state;
	for (i = 0; i < FAKE_MAX; i++) {
		a[i].status = 503;
		a[i].body = "@ec2/error-request-limit-exceeded.xml";
		a[i].transport = a[i].timed_out = 0;
		a[i].takes_ms = 5;
	}
	a[10].status = 200;
	a[10].body = "@ec2/replace-route-ok.xml";
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	v->cfg.retry.deadline_ms = fake_now + 60000;
	env_reconfigure(v);
	env_script(v, a, 11);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 0);
	assert_int_equal(r.error.attempts, 11);
	assert_int_equal(fake_nsleeps, 10);
	/* capped exponential ceilings: 100, 200, ..., 1600, then 2000 */
	for (i = 0; i < fake_nsleeps; i++)
		assert_in_range(fake_sleeps[i], 0, i < 5 ? 100L << i : 2000);
	env_free(v);

	/* throttled for ever, 12 s of budget: tried until the budget ends */
	a[10] = a[9];
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	deadline = fake_now + 12000;
	v->cfg.retry.deadline_ms = deadline;
	v->cfg.retry.request_ms = 8000;
	env_reconfigure(v);
	env_script(v, a, FAKE_MAX);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_string_equal(r.error.code, "RequestLimitExceeded");
	assert_int_equal(r.error.attempts, (int)v->fake->nreq);
	for (i = 0; i < v->fake->nreq; i++) {
		assert_true(v->fake->req[i].started_ms <= deadline - AWS_RETRY_MIN_TRY_MS);
		assert_true((double)v->fake->req[i].timeout_ms <=
			    deadline - v->fake->req[i].started_ms);
	}
	/* stopped because the time was up (a wait of at most the cap could
	 * not fit), not for the count */
	assert_true(r.error.attempts > 4 && r.error.attempts < AWS_RETRY_FLOOR);
	assert_true(deadline - fake_now < 2000 + AWS_RETRY_MIN_TRY_MS);
	env_free(v);

	/* the same without a deadline: max_attempts (4) */
	v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	env_script(v, a, FAKE_MAX);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_int_equal(r.error.attempts, 4);
	env_free(v);
}

/* Throttle the ReplaceRoute for rtb-2 once; everything else succeeds. */
static const struct fake_answer *
pick_throttle_rtb2(struct fake *f, const char *body)
{
	static const struct fake_answer ok = {200, "@ec2/replace-route-ok.xml", 0, 0, 20};
	static const struct fake_answer thr = {503, "@ec2/error-request-limit-exceeded.xml", 0, 0,
					       20};
	static const struct fake_answer bad = {400, "@ec2/moto/moto-error-route-not-found.xml", 0,
					       0, 20};
	size_t i, seen = 0;

	for (i = 0; i + 1 < f->nreq; i++)
		if (strstr(f->req[i].body, "rtb-2&") != NULL)
			seen++;
	if (strstr(body, "rtb-3&") != NULL)
		return &bad;
	if (strstr(body, "rtb-2&") != NULL && seen == 0)
		return &thr;
	return &ok;
}

static void
test_batch(void **state)
{
	struct ec2_replace r[4];
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	const char *tables[] = {"rtb-1", "rtb-2", "rtb-3", "rtb-4"};
	size_t i;

	(void)state;
	v->fake->pick = pick_throttle_rtb2;
	memset(r, 0, sizeof(r));
	for (i = 0; i < 4; i++) {
		r[i].route_table_id = tables[i];
		r[i].destination = i == 3 ? "2001:db8::/32" : "10.0.0.0/16";
		r[i].ipv6 = i == 3;
		r[i].target = i == 0 ? "i-0123456789abcdef0" : "eni-0123456789abcdef0";
	}
	assert_int_equal(ec2_replace_routes(v->ec2, r, 4), 1);
	/* all four at once, then only the throttled one */
	assert_int_equal(v->fake->nbatch, 2);
	assert_int_equal(v->fake->batch[0], 4);
	assert_int_equal(v->fake->batch[1], 1);
	assert_non_null(strstr(v->fake->req[4].body, "RouteTableId=rtb-2&"));
	assert_int_equal(r[0].ok, 1);
	assert_int_equal(r[0].error.attempts, 1);
	assert_int_equal(r[1].ok, 1);
	assert_int_equal(r[1].error.attempts, 2);
	assert_int_equal(r[2].ok, 0);
	assert_string_equal(r[2].error.code, "InvalidParameterValue");
	assert_int_equal(r[2].error.attempts, 1);
	assert_int_equal(r[3].ok, 1);
	assert_non_null(
	    strstr(v->fake->req[3].body, "DestinationIpv6CidrBlock=2001%3Adb8%3A%3A%2F32"));
	assert_non_null(strstr(v->fake->req[0].body, "InstanceId=i-"));
	/* a bad target fails alone, before any request */
	memset(r, 0, sizeof(r));
	r[0].route_table_id = "rtb-1";
	r[0].destination = "10.0.0.0/16";
	r[0].target = "igw-1";
	assert_int_equal(ec2_replace_routes(v->ec2, r, 1), 1);
	assert_string_equal(r[0].error.code, "InvalidParameter");
	assert_int_equal(v->fake->nbatch, 2);
	assert_int_equal(ec2_replace_routes(v->ec2, r, 0), 0);
	env_free(v);
}

static void
test_dry_run_and_return_false(void **state)
{
	static const struct fake_answer dry = {412, "@ec2/error-dry-run-operation.xml", 0, 0, 5};
	static const struct fake_answer denied = {403, "@ec2/error-unauthorized-operation.xml", 0,
						  0, 5};
	static const struct fake_answer falsy = {200,
						 "<ReplaceRouteResponse><return>false</return>"
						 "</ReplaceRouteResponse>",
						 0, 0, 5};
	static const struct fake_answer junk = {200, "<html>proxy</html", 0, 0, 5};
	struct ec2_replace r;
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);

	(void)state;
	env_script(v, &dry, 1);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 1), 0);
	assert_int_equal(r.ok, 1);
	assert_string_equal(r.error.code, "DryRunOperation");
	assert_non_null(strstr(v->fake->req[0].body, "&DryRun=true"));
	env_script(v, &denied, 1);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 1), 1);
	assert_string_equal(r.error.code, "UnauthorizedOperation");
	env_script(v, &falsy, 1);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_string_equal(r.error.code, "ReturnFalse");
	env_script(v, &junk, 1);
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 1);
	assert_string_equal(r.error.code, "MalformedResponse");
	assert_int_equal(v->fake->nreq, 4); /* none of these retried */
	env_free(v);
}

static void
test_describe_pagination(void **state)
{
	static const struct fake_answer a[] = {
	    {200,
	     "@ec2/rendered/rendered-describe-route-tables-page1-"
	     "nexttoken.xml",
	     0, 0, 5},
	    {503, "@ec2/error-request-limit-exceeded.xml", 0, 0, 5},
	    {200,
	     "@ec2/rendered/rendered-describe-route-tables-page2-"
	     "last.xml",
	     0, 0, 5},
	};
	const char *ids[] = {"rtb-1122334455667788a", "rtb-0fedcba9876543210"};
	struct ec2_route_tables *t;
	struct ec2_error e;
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);

	(void)state;
	env_script(v, a, 3);
	assert_int_equal(ec2_describe_route_tables(v->ec2, ids, 2, &t, &e), 0);
	assert_int_equal(t->ntables, 2);
	assert_int_equal(v->fake->nreq, 3);
	assert_string_equal(v->fake->req[0].body, "Action=DescribeRouteTables&Version=2016-11-15"
						  "&RouteTableId.1=rtb-1122334455667788a"
						  "&RouteTableId.2=rtb-0fedcba9876543210");
	assert_string_equal(v->fake->req[2].body, "Action=DescribeRouteTables&Version=2016-11-15"
						  "&RouteTableId.1=rtb-1122334455667788a"
						  "&RouteTableId.2=rtb-0fedcba9876543210"
						  "&NextToken=eyJ2IjoiMiIsImMiOiJ0ZXN0In0%3D");
	ec2_route_tables_free(t);
	env_free(v);
}

static void
test_describe_errors(void **state)
{
	static const struct fake_answer notfound = {
	    400, "@ec2/error-invalid-route-table-id-not-found.xml", 0, 0, 5};
	static const struct fake_answer loop[] = {
	    {200,
	     "@ec2/rendered/rendered-describe-route-tables-page1-"
	     "nexttoken.xml",
	     0, 0, 5},
	    {200,
	     "@ec2/rendered/rendered-describe-route-tables-page1-"
	     "nexttoken.xml",
	     0, 0, 5},
	};
	static const struct fake_answer garbage = {200, "<Describe", 0, 0, 5};
	const char *ids[] = {"rtb-509f1528"};
	struct ec2_route_tables *t = (void *)&t;
	struct ec2_error e;
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);

	(void)state;
	env_script(v, &notfound, 1);
	assert_int_equal(ec2_describe_route_tables(v->ec2, ids, 1, &t, &e), -1);
	assert_null(t);
	assert_string_equal(e.code, "InvalidRouteTableID.NotFound");
	assert_int_equal(e.http_status, 400);
	assert_string_equal(e.request_id, "54256eb4-d706-4084-86dc-b7f581006f9f");
	assert_non_null(strstr(e.message, "rtb-509f1528"));
	env_script(v, loop, 2);
	assert_int_equal(ec2_describe_route_tables(v->ec2, ids, 1, &t, &e), -1);
	assert_string_equal(e.code, "MalformedResponse");
	env_script(v, &garbage, 1);
	assert_int_equal(ec2_describe_route_tables(v->ec2, ids, 1, &t, &e), -1);
	assert_string_equal(e.code, "MalformedResponse");
	assert_int_equal(v->fake->nreq, 4);
	env_free(v);
}

static void
test_instance_enis(void **state)
{
	static const struct fake_answer a = {
	    200,
	    "<DescribeNetworkInterfacesResponse><networkInterfaceSet>"
	    "<item><networkInterfaceId>eni-1b</networkInterfaceId>"
	    "<attachment><deviceIndex>1</deviceIndex></attachment></item>"
	    "<item><networkInterfaceId>eni-0a</networkInterfaceId>"
	    "<attachment><deviceIndex>0</deviceIndex></attachment></item>"
	    "</networkInterfaceSet></DescribeNetworkInterfacesResponse>",
	    0, 0, 5};
	static const struct fake_answer denied = {403, "@ec2/error-unauthorized-operation.xml", 0,
						  0, 5};
	struct ec2_error e;
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", NULL);
	char **enis;
	size_t n;

	(void)state;
	env_script(v, &a, 1);
	assert_int_equal(ec2_instance_enis(v->ec2, "i-0123456789abcdef0", &enis, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(enis[0], "eni-0a");
	assert_string_equal(enis[1], "eni-1b");
	assert_string_equal(v->fake->req[0].body,
			    "Action=DescribeNetworkInterfaces&Version=2016-11-15"
			    "&Filter.1.Name=attachment.instance-id"
			    "&Filter.1.Value.1=i-0123456789abcdef0");
	ec2_strings_free(enis, n);
	env_script(v, &denied, 1);
	assert_int_equal(ec2_instance_enis(v->ec2, "i-1", &enis, &n, &e), -1);
	assert_null(enis);
	assert_int_equal(n, 0);
	assert_string_equal(e.code, "UnauthorizedOperation");
	env_free(v);
}

static void
test_retryable_table(void **state)
{
	(void)state;
	assert_true(aws_retry_retryable(503, "RequestLimitExceeded"));
	assert_true(aws_retry_retryable(400, "RequestLimitExceeded"));
	assert_true(aws_retry_retryable(400, "Throttling"));
	assert_true(aws_retry_retryable(500, "InternalError"));
	assert_true(aws_retry_retryable(502, "HTTP502"));
	assert_true(aws_retry_retryable(504, ""));
	assert_true(aws_retry_retryable(429, "TooManyRequests"));
	assert_true(aws_retry_retryable(0, "Transport"));
	assert_false(aws_retry_retryable(400, "InvalidParameterValue"));
	assert_false(aws_retry_retryable(401, "AuthFailure"));
	assert_false(aws_retry_retryable(403, "UnauthorizedOperation"));
	assert_false(aws_retry_retryable(400, "RequestExpired"));
	assert_false(aws_retry_retryable(412, "DryRunOperation"));
	assert_false(aws_retry_retryable(404, NULL));
}

static void
test_error_is_not_found(void **state)
{
	static const struct {
		const char *code;
		int want;
	} cases[] = {
	    {"InvalidRouteTableID.NotFound", 1},  /* EC2 */
	    {"InvalidRouteTableId.NotFound", 1},  /* moto */
	    {"InvalidRouteTableID.Malformed", 1},
	    {"InvalidRouteTableId.Malformed", 1},
	    {"InvalidRouteTableId.Other", 0},
	    {"InvalidRouteID.NotFound", 0},
	    {"RequestLimitExceeded", 0},
	    {"", 0},
	};
	struct ec2_error e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&e, 0, sizeof(e));
		snprintf(e.code, sizeof(e.code), "%s", cases[i].code);
		if (ec2_error_is_not_found(&e) != cases[i].want)
			fail_msg("%s: want %d", cases[i].code, cases[i].want);
	}
}

/* What the client logs at -v, -vv and -vvv. */
static char *
log_lines_at(int verbosity)
{
	static const struct fake_answer a[] = {
	    {503, "@ec2/error-request-limit-exceeded.xml", 0, 0, 5},
	    {200, "@ec2/replace-route-ok.xml", 0, 0, 5},
	};
	struct ec2_replace r;
	struct env *v = env_new("http://127.0.0.1:9", "ap-southeast-1", "SESSIONTOKENSECRET");
	char *text;

	env_script(v, a, 2);
	log_init("test_ec2", verbosity);
	capture_start();
	assert_int_equal(replace_one(v, &r, "rtb-1", "eni-1", 0), 0);
	text = capture_end();
	log_init("test_ec2", 0);
	assert_string_equal(v->fake->req[0].token, "SESSIONTOKENSECRET");
	env_free(v);
	/* never a credential, at any level */
	assert_null(strstr(text, "SESSIONTOKENSECRET"));
	assert_null(strstr(text, "wJalrXUtnFEMI"));
	assert_null(strstr(text, "Signature="));
	return text;
}

static void
test_log_lines(void **state)
{
	static const char retry[] = "test_ec2: retrying 1 call(s) in ";
	static const char again[] = "test_ec2: ReplaceRoute rtb-1 10.0.0.0/16 -> "
				    "eni-1: RequestLimitExceeded, will retry";
	static const char ok[] = "test_ec2: ReplaceRoute rtb-1 10.0.0.0/16 -> eni-1: ok";
	static const char body[] = "test_ec2: ReplaceRoute rtb-1 10.0.0.0/16 -> "
				   "eni-1: attempt 1, body Action=";
	char *t;

	(void)state;
	/* -v: the retry */
	t = log_lines_at(1);
	assert_non_null(strstr(t, retry));
	assert_null(strstr(t, again));
	assert_null(strstr(t, body));
	free(t);
	/* -vv: each request */
	t = log_lines_at(2);
	assert_non_null(strstr(t, retry));
	assert_non_null(strstr(t, again));
	assert_non_null(strstr(t, ok));
	assert_null(strstr(t, body));
	free(t);
	/* -vvv: bodies, never headers */
	t = log_lines_at(3);
	assert_non_null(strstr(t, again));
	assert_non_null(strstr(t, body));
	free(t);
	/* and nothing without -v */
	t = log_lines_at(0);
	assert_string_equal(t, "");
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_docs),
	    cmocka_unit_test(test_parse_eni_blackhole),
	    cmocka_unit_test(test_parse_pages),
	    cmocka_unit_test(test_parse_moto),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_parse_error_response_shape),
	    cmocka_unit_test(test_parse_return),
	    cmocka_unit_test(test_parse_garbage),
	    cmocka_unit_test(test_parse_hostile),
	    cmocka_unit_test(test_xmltree),
	    cmocka_unit_test(test_parse_network_interfaces),
	    cmocka_unit_test(test_replace_bodies),
	    cmocka_unit_test(test_form_encoding),
	    cmocka_unit_test(test_botocore_replace),
	    cmocka_unit_test(test_botocore_session_token),
	    cmocka_unit_test(test_botocore_describe),
	    cmocka_unit_test(test_host_header),
	    cmocka_unit_test(test_throttled_twice_then_ok),
	    cmocka_unit_test(test_not_retried_4xx),
	    cmocka_unit_test(test_retried_5xx_until_max),
	    cmocka_unit_test(test_transport_retried),
	    cmocka_unit_test(test_throttling_400_retried),
	    cmocka_unit_test(test_deadline),
	    cmocka_unit_test(test_request_limit),
	    cmocka_unit_test(test_budget_outlasts_quick_failures),
	    cmocka_unit_test(test_batch),
	    cmocka_unit_test(test_dry_run_and_return_false),
	    cmocka_unit_test(test_describe_pagination),
	    cmocka_unit_test(test_describe_errors),
	    cmocka_unit_test(test_instance_enis),
	    cmocka_unit_test(test_retryable_table),
	    cmocka_unit_test(test_log_lines),
	    cmocka_unit_test(test_error_is_not_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
