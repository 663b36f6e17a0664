#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A minimal, stateful EC2 Query responder for timing the handler alone.

It answers DescribeRouteTables (RouteTableId.N), ReplaceRoute,
DescribeNetworkInterfaces and STS's AssumeRole (fixed session credentials,
an hour long) from memory, over HTTP/1.1 keep-alive, without
checking signatures: moto's own cost would otherwise dominate the numbers.
Usage: static_ec2.py --tables N [--destinations CIDR,...] --primary ENI
Prints "READY port=N" and a JSON line with the table ids.
"""
import argparse
import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
ROUTES = {}  # rtb -> {dest: eni}
LOCK = threading.Lock()


def route_xml(dest, eni):
    key = "destinationIpv6CidrBlock" if ":" in dest else "destinationCidrBlock"
    return (f"<item><{key}>{dest}</{key}><networkInterfaceId>{eni}"
            f"</networkInterfaceId><state>active</state>"
            f"<origin>CreateRoute</origin></item>")


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def setup(self):
        super().setup()
        # Headers and body in separate segments plus Nagle would cost a
        # delayed ACK (40 ms) per answer: the server's cost, not the client's.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def reply(self, status, body):
        data = body.encode()
        head = (f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}\r\n"
                "Content-Type: text/xml;charset=UTF-8\r\n"
                f"Content-Length: {len(data)}\r\n\r\n").encode()
        self.wfile.write(head + data)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        q = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))
        action = q.get("Action")
        if action == "DescribeRouteTables":
            ids = [v for k, v in sorted(q.items())
                   if k.startswith("RouteTableId.")]
            with LOCK:
                items = "".join(
                    f"<item><routeTableId>{t}</routeTableId><vpcId>"
                    f"vpc-12345678</vpcId><routeSet>"
                    + "".join(route_xml(d, e) for d, e in ROUTES[t].items())
                    + "</routeSet></item>" for t in ids if t in ROUTES)
            self.reply(200, f'<DescribeRouteTablesResponse xmlns="{NS}">'
                       f"<requestId>r</requestId><routeTableSet>{items}"
                       "</routeTableSet></DescribeRouteTablesResponse>")
        elif action == "ReplaceRoute":
            dest = q.get("DestinationCidrBlock") or q.get(
                "DestinationIpv6CidrBlock")
            with LOCK:
                ROUTES[q["RouteTableId"]][dest] = q["NetworkInterfaceId"]
            self.reply(200, f'<ReplaceRouteResponse xmlns="{NS}"><requestId>'
                       "r</requestId><return>true</return>"
                       "</ReplaceRouteResponse>")
        elif action == "AssumeRole":
            exp = time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                time.gmtime(time.time() + 3600))
            self.reply(200, "<AssumeRoleResponse><AssumeRoleResult>"
                       "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:"
                       "assumed-role/bench/s</Arn></AssumedRoleUser>"
                       "<Credentials><AccessKeyId>ASIABENCHBENCHBENCH0"
                       "</AccessKeyId><SecretAccessKey>benchsecretbenchsecret"
                       "</SecretAccessKey><SessionToken>" + "T" * 600 +
                       f"</SessionToken><Expiration>{exp}</Expiration>"
                       "</Credentials></AssumeRoleResult></AssumeRoleResponse>")
        else:
            self.reply(400, "<Response><Errors><Error><Code>"
                       "InvalidAction</Code><Message>no</Message></Error>"
                       "</Errors><RequestID>r</RequestID></Response>")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tables", type=int, default=2)
    ap.add_argument("--destinations", default="10.0.0.0/16")
    ap.add_argument("--primary", default="eni-0aaaaaaaaaaaaaaa1")
    a = ap.parse_args()
    tables = [f"rtb-{i:017x}" for i in range(1, a.tables + 1)]
    for t in tables:
        ROUTES[t] = {d: a.primary for d in a.destinations.split(",")}
    # The default listen backlog (5) drops the SYNs of a concurrent batch
    # and costs a 1 s retransmit.
    ThreadingHTTPServer.request_queue_size = 128
    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    print(f"READY port={srv.server_address[1]}", flush=True)
    print(json.dumps({"tables": tables}), flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
