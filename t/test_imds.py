#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""IMDSv2: the test endpoint t/servers/imds_server.py against AWS's documented
behaviour, then our credential chain through the real libcurl client
(handlers/handle_route_failover, which loads credentials before any EC2 call)
against it: retries on 5xx, a hanging IMDS, no role, disabled IMDS.

The EC2 endpoint is a closed loopback port: these cases are about the way to
credentials, and the EC2 call after it is expected to fail as a transport
error (exit 2), never as "no AWS credentials" (exit 3).  The full path with
moto is in t/test_handler.py (test_imds_credentials).
Exit status: 0 pass, 1 fail, 77 skip.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

TOP = os.environ.get("top_srcdir") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("top_builddir") or TOP
SERVER = os.path.join(TOP, "t", "servers", "imds_server.py")
HANDLER = os.path.join(BUILD, "handlers", "handle_route_failover")
SECRET = "imdsTestSecretKey0123456789abcdefghijklmn"


class Imds:
    def __init__(self, *args, tmp=None):
        self.log = os.path.join(tmp, "imds-%d.log" % time.monotonic_ns())
        self.proc = subprocess.Popen(
            [sys.executable, SERVER, "--log", self.log, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("READY port="):
            self.stop()
            raise RuntimeError("imds_server: %r %s" % (line, self.proc.stderr.read()))
        self.port = int(line.strip().split("=")[1])
        self.url = "http://127.0.0.1:%d" % self.port

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()

    def requests(self):
        try:
            with open(self.log) as f:
                return [json.loads(line) for line in f]
        except FileNotFoundError:
            return []

    def call(self, method, path, headers=None):
        req = urllib.request.Request(self.url + path, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def token(self, ttl="21600"):
        st, body = self.call("PUT", "/latest/api/token",
                             {"X-aws-ec2-metadata-token-ttl-seconds": ttl})
        assert st == 200, (st, body)
        return body


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class ServerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="vha-imds-")
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.stop()
        self.tmp.cleanup()

    def start(self, *args):
        s = Imds(*args, tmp=self.tmp.name)
        self.servers.append(s)
        return s

    def test_token_rules(self):
        s = self.start()
        self.assertEqual(s.call("PUT", "/latest/api/token")[0], 400)
        for bad in ("0", "21601", "x", "-5"):
            self.assertEqual(s.call("PUT", "/latest/api/token",
                                    {"X-aws-ec2-metadata-token-ttl-seconds": bad})[0], 400, bad)
        self.assertEqual(s.call("PUT", "/latest/api/token",
                                {"X-aws-ec2-metadata-token-ttl-seconds": "60",
                                 "X-Forwarded-For": "10.0.0.1"})[0], 403)
        self.assertEqual(s.call("PUT", "/2021-03-23/api/token",
                                {"X-aws-ec2-metadata-token-ttl-seconds": "60"})[0], 403)
        tok = s.token()
        self.assertGreater(len(tok), 20)
        st, body = s.call("GET", "/latest/meta-data/instance-id")
        self.assertEqual(st, 401)
        self.assertIn("401 - Unauthorized", body)
        self.assertEqual(s.call("GET", "/latest/meta-data/instance-id",
                                {"X-aws-ec2-metadata-token": "forged"})[0], 401)
        self.assertEqual(s.call("GET", "/latest/meta-data/instance-id",
                                {"X-aws-ec2-metadata-token": tok}),
                         (200, "i-0123456789abcdef0"))
        st, body = s.call("GET", "/latest/meta-data/nothing", {"X-aws-ec2-metadata-token": tok})
        self.assertEqual(st, 404)
        self.assertIn("404 - Not Found", body)

    def test_token_expires(self):
        s = self.start("--max-token-ttl", "0.5")
        tok = s.token()
        h = {"X-aws-ec2-metadata-token": tok}
        self.assertEqual(s.call("GET", "/latest/meta-data/placement/region", h)[0], 200)
        time.sleep(0.8)
        self.assertEqual(s.call("GET", "/latest/meta-data/placement/region", h)[0], 401)

    def test_role_credentials(self):
        keys = os.path.join(self.tmp.name, "keys.json")
        with open(keys, "w") as f:  # aws iam create-access-key output
            json.dump({"AccessKey": {"UserName": "u", "AccessKeyId": "AKIDFILE",
                                     "SecretAccessKey": SECRET, "Status": "Active"}}, f)
        s = self.start("--credentials-file", keys, "--role", "r1", "--region", "eu-west-3")
        h = {"X-aws-ec2-metadata-token": s.token()}
        self.assertEqual(s.call("GET", "/latest/meta-data/iam/security-credentials/", h),
                         (200, "r1"))
        st, body = s.call("GET", "/latest/meta-data/iam/security-credentials/r1", h)
        self.assertEqual(st, 200)
        doc = json.loads(body)
        self.assertEqual((doc["Code"], doc["AccessKeyId"], doc["SecretAccessKey"]),
                         ("Success", "AKIDFILE", SECRET))
        self.assertNotIn("Token", doc)
        self.assertRegex(doc["Expiration"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(s.call("GET", "/latest/meta-data/placement/region", h),
                         (200, "eu-west-3"))
        st, body = s.call("GET", "/latest/dynamic/instance-identity/document", h)
        self.assertEqual(json.loads(body)["region"], "eu-west-3")
        # the log carries no secret and no token
        log = open(s.log).read()
        self.assertNotIn(SECRET, log)
        self.assertNotIn(h["X-aws-ec2-metadata-token"], log)

    def test_no_role_and_faults(self):
        s = self.start("--no-role", "--fail", "2", "--fail-status", "503")
        self.assertEqual(s.call("PUT", "/latest/api/token",
                                {"X-aws-ec2-metadata-token-ttl-seconds": "5"})[0], 503)
        self.assertEqual(s.call("GET", "/latest/meta-data/")[0], 503)
        h = {"X-aws-ec2-metadata-token": s.token()}
        self.assertEqual(s.call("GET", "/latest/meta-data/iam/security-credentials/", h)[0], 404)
        self.assertEqual([r["status"] for r in s.requests()], [503, 503, 200, 404])


@unittest.skipUnless(os.access(HANDLER, os.X_OK), "handlers/handle_route_failover not built")
class ChainTest(unittest.TestCase):
    """Our credential chain through libcurl against the test endpoint."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="vha-imds-")
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.stop()
        self.tmp.cleanup()

    def start(self, *args):
        s = Imds("--access-key-id", "AKIDIMDS", "--secret-access-key", SECRET,
                 "--session-token", "imdsSessionToken", *args, tmp=self.tmp.name)
        self.servers.append(s)
        return s

    def run_handler(self, imds, extra_env=None):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.tmp.name,
               "AWS_CONFIG_FILE": "/nonexistent/config",
               "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
               "AWS_REGION": "ap-southeast-1",
               "AWS_ENDPOINT_URL_EC2": "http://127.0.0.1:%d" % closed_port()}
        if imds is not None:
            env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.url
        env.update(extra_env or {})
        state = os.path.join(self.tmp.name, "state")
        os.makedirs(state, exist_ok=True)
        t0 = time.monotonic()
        r = subprocess.run(
            [HANDLER, "--state", "DOWN", "--state-type", "HARD",
             "--route-table", "rtb-0123456789abcdef0", "--destination", "10.0.0.0/16",
             "--primary", "eni-0123456789abcdef0", "--secondary", "eni-0fedcba987654321f",
             "--state-dir", state, "--log-file", os.path.join(self.tmp.name, "actions.log"),
             "-t", "10", "--no-confirm"],
            env=env, capture_output=True, text=True, timeout=60)
        r.elapsed = time.monotonic() - t0
        self.assertNotIn(SECRET, r.stdout + r.stderr)
        self.assertNotIn("imdsSessionToken", r.stdout + r.stderr)
        return r

    def assert_got_credentials(self, r):
        # Past the credentials: the EC2 call fails on the closed port.
        self.assertNotIn("no AWS credentials", r.stdout, r)
        self.assertEqual(r.returncode, 2, r)

    def test_success_path(self):
        s = self.start()
        r = self.run_handler(s)
        self.assert_got_credentials(r)
        reqs = s.requests()
        self.assertEqual([(q["method"], q["path"]) for q in reqs[:3]], [
            ("PUT", "/latest/api/token"),
            ("GET", "/latest/meta-data/iam/security-credentials/"),
            ("GET", "/latest/meta-data/iam/security-credentials/vyos-ha-router")])
        self.assertEqual(reqs[0]["ttl"], "21600")
        self.assertTrue(all(q["token"] for q in reqs[1:3]))
        self.assertTrue(all(q["status"] == 200 for q in reqs))

    def test_region_from_imds(self):
        s = self.start("--region", "eu-north-1")
        r = self.run_handler(s, {"AWS_REGION": ""})
        self.assert_got_credentials(r)
        self.assertIn(("GET", "/latest/meta-data/placement/region"),
                      [(q["method"], q["path"]) for q in s.requests()])

    def test_proxy_never_used(self):
        # A proxy in the environment that nothing answers on: IMDS is
        # link-local, never behind one, so the credentials still come.
        dead = "http://127.0.0.1:%d" % closed_port()
        s = self.start()
        r = self.run_handler(s, {"http_proxy": dead, "https_proxy": dead,
                                 "HTTPS_PROXY": dead, "all_proxy": dead,
                                 "ALL_PROXY": dead})
        self.assert_got_credentials(r)
        self.assertEqual([(q["method"], q["path"]) for q in s.requests()[:3]], [
            ("PUT", "/latest/api/token"),
            ("GET", "/latest/meta-data/iam/security-credentials/"),
            ("GET", "/latest/meta-data/iam/security-credentials/vyos-ha-router")])

    def test_5xx_retried(self):
        s = self.start("--fail", "2")
        r = self.run_handler(s)
        self.assert_got_credentials(r)
        self.assertEqual([q["status"] for q in s.requests()][:5], [500, 500, 200, 200, 200])

    def test_5xx_gives_up(self):
        s = self.start("--fail", "10", "--fail-status", "503")
        r = self.run_handler(s, {"AWS_METADATA_SERVICE_NUM_ATTEMPTS": "2"})
        self.assertEqual(r.returncode, 3, r)
        self.assertIn("no AWS credentials", r.stdout)
        self.assertIn("HTTP 503", r.stdout)
        self.assertEqual(len(s.requests()), 2)

    def test_hanging_imds_times_out(self):
        s = self.start("--hang", "5", "--hang-seconds", "20")
        r = self.run_handler(s, {"AWS_METADATA_SERVICE_TIMEOUT": "0.5"})
        self.assertEqual(r.returncode, 3, r)
        self.assertIn("no AWS credentials", r.stdout)
        self.assertIn("IMDS at " + s.url, r.stdout)
        self.assertLess(r.elapsed, 5, r)

    def test_no_role(self):
        s = self.start("--no-role")
        r = self.run_handler(s)
        self.assertEqual(r.returncode, 3, r)
        self.assertIn("no IAM role attached", r.stdout)

    def test_disabled(self):
        s = self.start()
        r = self.run_handler(s, {"AWS_EC2_METADATA_DISABLED": "true"})
        self.assertEqual(r.returncode, 3, r)
        self.assertIn("AWS_EC2_METADATA_DISABLED", r.stdout)
        self.assertEqual(s.requests(), [])

    def test_environment_beats_imds(self):
        s = self.start()
        r = self.run_handler(s, {"AWS_ACCESS_KEY_ID": "AKIDENV",
                                 "AWS_SECRET_ACCESS_KEY": "envSecret0123456789"})
        self.assert_got_credentials(r)
        self.assertEqual(s.requests(), [])


if __name__ == "__main__":
    prog = unittest.main(exit=False, verbosity=2)
    res = prog.result
    print("%d passed, %d failed, %d skipped" % (
        res.testsRun - len(res.failures) - len(res.errors) - len(res.skipped),
        len(res.failures) + len(res.errors), len(res.skipped)))
    sys.exit(0 if res.wasSuccessful() else 1)
