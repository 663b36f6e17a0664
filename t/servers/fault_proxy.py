#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Fault-injecting HTTP proxy in front of an EC2 (and STS) endpoint (moto)
for tests.

Usage: python3 fault_proxy.py --upstream http(s)://127.0.0.1:PORT [--port P]
                              [--upstream-ca CA_FILE]
Prints "READY port=N" once it listens on 127.0.0.1 (free port by default).

Every request is forwarded verbatim (Host header included, so SigV4
signatures made for the proxy's address still verify upstream), over
HTTP/1.1 keep-alive on both sides, unless a fault rule matches it.

Control API on the same port (paths under /__fault__, never forwarded):
  POST /__fault__         JSON rule (or {"rules": [...]}) appended to the list
  GET  /__fault__/counts  {"ReplaceRoute": 3, ...}: requests received per
                          Action, faulted ones included
  GET  /__fault__/log     [{"n", "action", "params", "fault", "status",
                          "t"}...] in arrival order (no headers: those hold
                          the Authorization value; STS's WebIdentityToken
                          parameter is redacted)
  POST /__fault__/reset   clear rules, counts and log
  GET  /__fault__/rules   the rules still armed

A rule: {"kind": K, "action": "ReplaceRoute" (optional),
         "match": {"RouteTableId": "rtb-..."} (optional, every pair must be
         equal to the request parameter), "times": N (default 1; -1 forever),
         "skip": M (let the first M matching requests through; default 0)}
  kind "throttle": 503 with EC2's RequestLimitExceeded body
                   (t/fixtures/ec2/error-request-limit-exceeded.xml)
  kind "status":   {"status": 500} bare status with an InternalError body
                   (503: Unavailable)
  kind "error":    {"status": 400, "code": "...", "message": "..."} an EC2
                   <Response><Errors> body
  kind "delay":    {"delay_ms": 3000} then forward (or "then": "drop")
  kind "drop":     close the connection without an answer; {"after": true}
                   forwards first (the change happens, the answer is lost)
  kind "garble":   forwards (the change happens), then answers 200 with
                   {"body": "truncated"} the first half of the real answer,
                   or {"body": "garbage"} bytes that are no XML at all
  kind "delay" with a delay_ms longer than the client waits is a stall;
                   "times": -1 stalls every matching request
The first armed rule that matches a request applies; each use counts down
its "times".
"""
import argparse
import http.client
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
THROTTLE_FILE = os.path.join(HERE, "..", "fixtures", "ec2",
                             "error-request-limit-exceeded.xml")
SECRET_PARAMS = {"WebIdentityToken"}
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection",
              "transfer-encoding", "te", "trailer", "upgrade"}


class State:
    def __init__(self, upstream, upstream_ca=None):
        u = urllib.parse.urlsplit(upstream)
        self.up_host = u.hostname
        self.up_tls = u.scheme == "https"
        self.up_port = u.port or (443 if self.up_tls else 80)
        self.up_ctx = None
        if self.up_tls:
            import ssl
            self.up_ctx = ssl.create_default_context(cafile=upstream_ca)
        self.lock = threading.Lock()
        self.rules = []
        self.counts = {}
        self.log = []
        self.n = 0
        with open(THROTTLE_FILE, "rb") as f:
            self.throttle_body = f.read()

    def reset(self):
        with self.lock:
            self.rules = []
            self.counts = {}
            self.log = []

    def record(self, action, params):
        with self.lock:
            self.n += 1
            self.counts[action] = self.counts.get(action, 0) + 1
            # STS's web identity token is a credential: never in the log.
            shown = {k: ("[redacted]" if k in SECRET_PARAMS else v)
                     for k, v in params.items()}
            entry = {"n": self.n, "action": action, "params": shown,
                     "fault": None, "status": None, "t": time.time()}
            self.log.append(entry)
            return entry

    def take_rule(self, action, params):
        with self.lock:
            for rule in self.rules:
                if rule.get("action") and rule["action"] != action:
                    continue
                if any(params.get(k) != v
                       for k, v in (rule.get("match") or {}).items()):
                    continue
                if rule.get("skip", 0) > 0:
                    rule["skip"] -= 1
                    return None
                if rule.get("times", 1) > 0:
                    rule["times"] = rule.get("times", 1) - 1
                elif rule.get("times", 1) == 0:
                    continue
                found = dict(rule)
                self.rules = [r for r in self.rules
                              if r.get("times", 1) != 0]
                return found
            return None


def ec2_error_body(code, message):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{code}</Code>"
            f"<Message>{message}</Message></Error></Errors>"
            f"<RequestID>{uuid.uuid4()}</RequestID></Response>").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None  # set in main

    def log_message(self, fmt, *args):
        sys.stderr.write("proxy: " + (fmt % args) + "\n")

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status, body, ctype="text/xml;charset=UTF-8"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(2)
        except OSError:
            pass

    def _control(self, body):
        st = self.state
        path = self.path.split("?")[0]
        if path == "/__fault__" and self.command == "POST":
            req = json.loads(body or b"{}")
            rules = req["rules"] if "rules" in req else [req]
            with st.lock:
                st.rules.extend(rules)
            return self._send(200, json.dumps({"armed": len(st.rules)})
                              .encode(), "application/json")
        if path == "/__fault__/reset":
            st.reset()
            return self._send(200, b"{}", "application/json")
        with st.lock:
            data = {"/__fault__/counts": st.counts, "/__fault__/log": st.log,
                    "/__fault__/rules": st.rules}.get(path)
            if data is None:
                return self._send(404, b'{"error":"unknown control path"}',
                                  "application/json")
            out = json.dumps(data).encode()
        return self._send(200, out, "application/json")

    def _forward(self, body):
        st = self.state
        conn = getattr(self, "_upstream", None)
        for attempt in (0, 1):
            if conn is None:
                if st.up_tls:
                    conn = http.client.HTTPSConnection(
                        st.up_host, st.up_port, timeout=60,
                        context=st.up_ctx)
                else:
                    conn = http.client.HTTPConnection(st.up_host, st.up_port,
                                                      timeout=60)
                self._upstream = conn
            try:
                conn.putrequest(self.command, self.path, skip_host=True,
                                skip_accept_encoding=True)
                for k, v in self.headers.items():
                    if k.lower() in HOP_BY_HOP or k.lower() == \
                            "content-length":
                        continue
                    conn.putheader(k, v)
                conn.putheader("Content-Length", str(len(body)))
                conn.endheaders(body)
                resp = conn.getresponse()
                data = resp.read()
                return resp.status, resp.getheaders(), data
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = self._upstream = None
                if attempt:
                    raise

    def _handle(self):
        body = self._read_body()
        if self.path.startswith("/__fault__"):
            return self._control(body)
        st = self.state
        params = dict(urllib.parse.parse_qsl(
            urllib.parse.urlsplit(self.path).query, keep_blank_values=True))
        ctype = self.headers.get("Content-Type", "")
        if "x-www-form-urlencoded" in ctype:
            params.update(urllib.parse.parse_qsl(
                body.decode(errors="replace"), keep_blank_values=True))
        action = params.get("Action", "")
        entry = st.record(action, params)
        rule = st.take_rule(action, params)
        kind = rule["kind"] if rule else None
        entry["fault"] = kind
        if kind == "throttle":
            entry["status"] = 503
            return self._send(503, st.throttle_body)
        if kind == "status":
            status = int(rule.get("status", 500))
            code = "Unavailable" if status == 503 else "InternalError"
            entry["status"] = status
            return self._send(status, ec2_error_body(
                code, rule.get("message", "An internal error has occurred")))
        if kind == "error":
            status = int(rule.get("status", 400))
            entry["status"] = status
            return self._send(status, ec2_error_body(
                rule.get("code", "InvalidParameterValue"),
                rule.get("message", "injected by fault_proxy")))
        if kind == "delay":
            time.sleep(float(rule.get("delay_ms", 1000)) / 1000.0)
            if rule.get("then") == "drop":
                entry["status"] = "dropped"
                return self._drop()
        if kind == "drop" and not rule.get("after"):
            entry["status"] = "dropped"
            return self._drop()
        status, headers, data = self._forward(body)
        if kind == "drop":
            entry["status"] = "dropped-after"
            return self._drop()
        if kind == "garble":
            entry["status"] = f"garbled-{rule.get('body', 'truncated')}"
            if rule.get("body") == "garbage":
                return self._send(200, b"\x00\xffnot xml at all <<<\n")
            return self._send(200, data[:len(data) // 2])
        entry["status"] = status
        self.send_response(status)
        for k, v in headers:
            if k.lower() in HOP_BY_HOP or k.lower() in ("content-length",
                                                        "server", "date"):
                continue
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _handle


def main():
    ap = argparse.ArgumentParser(description="fault-injecting EC2 proxy")
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--upstream-ca")
    ap.add_argument("--bind", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1)")
    args = ap.parse_args()
    Handler.state = State(args.upstream, args.upstream_ca)
    srv = ThreadingHTTPServer((args.bind, args.port), Handler)
    srv.daemon_threads = True

    def stop(signum, frame):
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"READY port={srv.server_address[1]}", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
