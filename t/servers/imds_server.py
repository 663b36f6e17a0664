#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A small IMDSv2 endpoint on loopback for integration tests.

Answers like EC2's instance metadata service (shapes and error pages from
t/fixtures/imds/, see its SOURCE.md):

  PUT  /latest/api/token          X-aws-ec2-metadata-token-ttl-seconds: 1..21600
                                  required (400 without or out of range; 403
                                  when X-Forwarded-For is present); body: token
  GET  /latest/meta-data/...      X-aws-ec2-metadata-token required (401 when
                                  missing, unknown or expired)
       iam/security-credentials/         role name
       iam/security-credentials/ROLE     credentials JSON
       iam/info, placement/region, placement/availability-zone, instance-id
  GET  /latest/dynamic/instance-identity/document
  anything else: 404 with EC2's XHTML page.

Credentials come from --credentials-file (JSON with AccessKeyId,
SecretAccessKey, optional Token/Expiration: the IMDS shape, or the AWS CLI's
"aws iam create-access-key" output with an "AccessKey" object) or from
--access-key-id/--secret-access-key/--session-token.  Prefer the file: flags
show in ps.

Faults: --fail N answers the first N requests with --fail-status (500);
--hang N lets the first N requests (after the failures) wait --hang-seconds
(default 30) before answering.  --max-token-ttl caps a token's lifetime so
tests can watch one expire.  --log FILE appends one JSON line per request
(method, path, whether a token/TTL header came, status): never a secret.

Prints "READY port=N" on stdout once listening on 127.0.0.1 (port 0 = any
free port), then serves until SIGTERM/SIGINT.
"""

import argparse
import datetime
import json
import os
import secrets
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "imds")


def fixture(rel):
    with open(os.path.join(FIXTURES, rel), "rb") as f:
        return f.read()


PAGE_400 = fixture("aemm/400_response.golden")
PAGE_401 = fixture("aemm/401_response.golden")
PAGE_404 = fixture("aemm/404_response.golden")
IDENTITY_DOC = json.loads(fixture("aws-docs/instance-identity-document.json"))
IAM_INFO = json.loads(fixture("aemm/extracted-iam-info.json"))
MAX_TTL = 21600


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def load_credentials(args):
    """Returns the role credentials dict (IMDS shape) or None (no role)."""
    if args.credentials_file:
        with open(args.credentials_file) as f:
            doc = json.load(f)
        if "AccessKey" in doc:  # aws iam create-access-key output
            doc = doc["AccessKey"]
        creds = {k: doc[k] for k in ("AccessKeyId", "SecretAccessKey") if k in doc}
        if "SessionToken" in doc:
            creds["Token"] = doc["SessionToken"]
        for k in ("Token", "Expiration"):
            if k in doc:
                creds[k] = doc[k]
    elif args.access_key_id:
        creds = {"AccessKeyId": args.access_key_id,
                 "SecretAccessKey": args.secret_access_key or ""}
        if args.session_token:
            creds["Token"] = args.session_token
    else:
        # The placeholder keys of the smithy-rs trace; its 2021 expiry is
        # replaced so clients do not see stale credentials.
        creds = json.loads(fixture("smithy-rs/extracted/security-credentials-role-response.json"))
        creds.pop("Expiration", None)
    if "AccessKeyId" not in creds or "SecretAccessKey" not in creds:
        sys.exit("imds_server: credentials need AccessKeyId and SecretAccessKey")
    now = time.time()
    out = {"Code": "Success", "LastUpdated": iso(now), "Type": "AWS-HMAC",
           "AccessKeyId": creds["AccessKeyId"], "SecretAccessKey": creds["SecretAccessKey"],
           "Expiration": args.expiration or creds.get("Expiration") or iso(now + 6 * 3600)}
    # Real IMDS always hands out a session token; an IAM user's keys (what
    # tests against moto use) have none, so then there is no Token field.
    if creds.get("Token"):
        out["Token"] = creds["Token"]
    return out


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.tokens = {}  # token -> expiry (monotonic)
        self.requests = 0
        self.creds = None if args.no_role else load_credentials(args)
        self.log = open(args.log, "a", buffering=1) if args.log else None

    def next_request(self):
        with self.lock:
            self.requests += 1
            return self.requests


class Handler(BaseHTTPRequestHandler):
    server_version = "EC2ws"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):  # quiet: stdout carries READY only
        pass

    # -- plumbing --
    def answer(self, status, body, ctype="text/plain"):
        if isinstance(body, str):
            body = body.encode()
        # Logged before the answer goes out: a client that has its answer
        # can read the log line at once (no race with a loaded machine).
        st = self.server.state
        if st.log:
            st.log.write(json.dumps({
                "n": self.n, "method": self.command, "path": self.path, "status": status,
                "token": "X-aws-ec2-metadata-token" in self.headers,
                "ttl": self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")}) + "\n")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Aws-Ec2-Metadata-Token-Ttl-Seconds",
                         str(self.ttl) if self.ttl else str(MAX_TTL))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def faults(self):
        """True when the request was answered by a fault."""
        st = self.server.state
        a = st.args
        self.n = st.next_request()
        if self.n <= a.fail:
            self.answer(a.fail_status, "")
            return True
        if self.n <= a.fail + a.hang:
            time.sleep(a.hang_seconds)
        return False

    def drain(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)

    # -- IMDS --
    def do_PUT(self):
        self.ttl = None
        self.drain()
        if self.faults():
            return
        if self.path != "/latest/api/token":
            # A versioned path, or anything else, is refused (AWS doc).
            self.answer(403, "") if self.path.endswith("/api/token") else \
                self.answer(404, PAGE_404, "text/html")
            return
        if "X-Forwarded-For" in self.headers:
            self.answer(403, "")
            return
        raw = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
        try:
            ttl = int(raw)
        except (TypeError, ValueError):
            ttl = 0
        if not 1 <= ttl <= MAX_TTL:
            self.answer(400, PAGE_400, "text/html")
            return
        self.ttl = ttl
        st = self.server.state
        life = min(ttl, st.args.max_token_ttl) if st.args.max_token_ttl else ttl
        token = secrets.token_urlsafe(42)
        with st.lock:
            st.tokens[token] = time.monotonic() + life
        self.answer(200, token)

    def token_ok(self):
        st = self.server.state
        tok = self.headers.get("X-aws-ec2-metadata-token")
        if tok is None:
            return st.args.allow_v1
        with st.lock:
            exp = st.tokens.get(tok)
            if exp is not None and exp < time.monotonic():
                del st.tokens[tok]
                exp = None
        return exp is not None

    def do_GET(self):
        self.ttl = None
        if self.faults():
            return
        if not self.token_ok():
            self.answer(401, PAGE_401, "text/html")
            return
        st = self.server.state
        a = st.args
        role_base = "/latest/meta-data/iam/security-credentials/"
        doc = dict(IDENTITY_DOC, region=a.region, instanceId=a.instance_id,
                   availabilityZone=a.region + "a")
        paths = {
            "/latest/meta-data/placement/region": a.region,
            "/latest/meta-data/placement/availability-zone": a.region + "a",
            "/latest/meta-data/instance-id": a.instance_id,
            "/latest/dynamic/instance-identity/document": json.dumps(doc, indent=2),
        }
        if st.creds is not None:
            paths[role_base] = a.role
            paths[role_base + a.role] = json.dumps(st.creds, indent=2)
            paths["/latest/meta-data/iam/info"] = json.dumps(IAM_INFO, indent=2)
        if self.path in ("/latest/meta-data", "/latest/meta-data/"):
            body = "\n".join(sorted({p[len("/latest/meta-data/"):].split("/")[0] +
                                     ("/" if "/" in p[len("/latest/meta-data/"):] else "")
                                     for p in paths if p.startswith("/latest/meta-data/")}))
            self.answer(200, body)
        elif self.path in paths:
            self.answer(200, paths[self.path])
        else:
            self.answer(404, PAGE_404, "text/html")

    def do_POST(self):
        self.ttl = None
        self.drain()
        self.n = self.server.state.next_request()
        self.answer(405, "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--role", default="vyos-ha-router")
    ap.add_argument("--no-role", action="store_true", help="no instance profile: 404 on the role list")
    ap.add_argument("--credentials-file", help="JSON with AccessKeyId, SecretAccessKey[, Token]")
    ap.add_argument("--access-key-id")
    ap.add_argument("--secret-access-key")
    ap.add_argument("--session-token", "--token")
    ap.add_argument("--expiration", help="ISO-8601 UTC, default now + 6 h")
    ap.add_argument("--region", default="ap-southeast-1")
    ap.add_argument("--instance-id", default="i-0123456789abcdef0")
    ap.add_argument("--fail", type=int, default=0, help="answer the first N requests with --fail-status")
    ap.add_argument("--fail-status", type=int, default=500)
    ap.add_argument("--hang", type=int, default=0, help="delay the next N requests by --hang-seconds")
    ap.add_argument("--hang-seconds", type=float, default=30.0)
    ap.add_argument("--max-token-ttl", type=float, default=0, help="cap token lifetime (seconds)")
    ap.add_argument("--allow-v1", action="store_true", help="accept GETs without a token (IMDSv1)")
    ap.add_argument("--log", help="append one JSON line per request")
    args = ap.parse_args()

    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    srv.state = State(args)

    def stop(*_):
        threading.Thread(target=srv.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("READY port=%d" % srv.server_address[1], flush=True)
    srv.serve_forever()
    srv.server_close()


if __name__ == "__main__":
    main()
