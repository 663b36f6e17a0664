#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A container credentials endpoint (ECS task role / EKS Pod Identity) on
loopback for integration tests.

  GET /creds    Authorization: TOKEN required when --token-file is given
                (401 without it, 403 when wrong; the file is read on every
                request, as EKS rotates it); answers the ECS/EKS JSON:
                AccessKeyId, SecretAccessKey, Token, Expiration (now +
                --lifetime seconds), RoleArn
  anything else: 404

Credentials come from --credentials-file (JSON: access_key_id,
secret_access_key, session_token: what t/ec2env.py's session_keys() gives),
never from flags (they show in ps).  Faults: --fail N answers the first N
requests with --fail-status (500); --expired hands out credentials that
expired an hour ago.  --log FILE appends one JSON line per request (path,
whether an Authorization header came, status): never a secret.

Prints "READY port=N" once listening on 127.0.0.1, then serves until
SIGTERM/SIGINT.
"""
import argparse
import datetime
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--credentials-file", required=True)
    ap.add_argument("--token-file")
    ap.add_argument("--role-arn", default="arn:aws:iam::123456789012:role/task")
    ap.add_argument("--lifetime", type=int, default=3600)
    ap.add_argument("--expired", action="store_true")
    ap.add_argument("--fail", type=int, default=0)
    ap.add_argument("--fail-status", type=int, default=500)
    ap.add_argument("--log")
    args = ap.parse_args()
    with open(args.credentials_file) as f:
        creds = json.load(f)
    lock = threading.Lock()
    state = {"failed": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def answer(self, status, body, ctype="application/json"):
            if args.log:
                with lock, open(args.log, "a") as f:
                    f.write(json.dumps({
                        "path": self.path, "status": status,
                        "authorization": "Authorization" in self.headers}) + "\n")
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            with lock:
                fail = state["failed"] < args.fail
                state["failed"] += fail
            if fail:
                return self.answer(args.fail_status, '{"message":"failure"}')
            if self.path != "/creds":
                return self.answer(404, '{"message":"not found"}')
            if args.token_file:
                with open(args.token_file) as f:
                    want = f.read().strip()
                got = self.headers.get("Authorization")
                if got is None:
                    return self.answer(401, '{"message":"no token"}')
                if got != want:
                    return self.answer(403, '{"message":"bad token"}')
            now = datetime.datetime.now(datetime.timezone.utc)
            exp = now + datetime.timedelta(
                seconds=-3600 if args.expired else args.lifetime)
            self.answer(200, json.dumps({
                "AccessKeyId": creds["access_key_id"],
                "SecretAccessKey": creds["secret_access_key"],
                "Token": creds["session_token"],
                "Expiration": exp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "RoleArn": args.role_arn}))

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    print(f"READY port={srv.server_port}", flush=True)
    try:
        srv.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
