#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The credential chain beyond static keys, end to end with the real
binaries against moto (signatures and IAM enforced, t/ec2env.py) behind the
fault proxy (which counts STS calls too):

- assume-role: a user whose only permission is sts:AssumeRole on a role
  carrying contrib/iam/route-failover-policy.json (the cross-account trust
  policy of contrib/iam, with an external id) fails over and back, by
  profile (role_arn + source_profile + external_id) and by --role-arn;
  a wrong external id and a role without the policy fail by name;
- the cache in the state dir: a second run makes no STS call; an entry
  about to expire is refreshed; a corrupt or foreign-owned entry is
  ignored with a warning;
- web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, unsigned);
- container credentials (t/servers/container_creds_server.py: token file,
  expiry, errors, hosts refused);
- credential_process (t/servers/credential_process.py: good JSON, bad JSON,
  non-zero exit, hang past the deadline), alone and as a source_profile;
- SSO refused in one line.
Every run is at -vvv, and every secret, session token and web identity
token the test knows (including the role credentials found in the cache)
is looked for in its stdout, stderr and log file.
Exit status: 0 pass, 1 fail, 99 moto not available (77 with VHA_SKIP_EC2=1).
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vhatest import BUILD, TOP, main, need_moto  # noqa: E402

HANDLER = os.path.join(BUILD, "handlers", "handle_route_failover")
CHECK = os.path.join(BUILD, "plugins", "check_ec2_route")
CONTAINER = os.path.join(TOP, "t", "servers", "container_creds_server.py")
PROCESS = os.path.join(TOP, "t", "servers", "credential_process.py")

need_moto()
from ec2env import Ec2Env  # noqa: E402

ENV = None


def setUpModule():
    global ENV
    ENV = Ec2Env(tables=2, proxy=True, ipv6=False, foreign=False)
    ENV.__enter__()


def tearDownModule():
    if ENV is not None:
        ENV.stop()


class Run:
    def __init__(self, proc, log):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.log = log

    def __repr__(self):
        return f"rc={self.rc} out={self.out!r} err={self.err[-3000:]!r}"


class Server:
    """A child printing READY port=N (the container credentials server)."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("READY port="):
            self.stop()
            raise RuntimeError(f"{argv[1]}: {line!r}")
        self.port = int(line.strip().split("=")[1])

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


class StsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="vha-sts-")
        self.dir = self.tmp.name
        self.state_dir = os.path.join(self.dir, "state")
        self.log = os.path.join(self.dir, "actions.log")
        self.tables = ENV.ids["tables"]
        self.dest = ENV.ids["destinations"][0]
        self.primary = ENV.ids["vyos1_eni"]
        self.secondary = ENV.ids["vyos2_eni"]
        for t in self.tables:
            ENV.set_route(t, self.dest, self.primary)
        ENV.proxy_reset()
        self.servers = []
        self.runs = []
        self.secrets = [ENV.assumer_keys["secret_access_key"],
                        ENV.keys["secret_access_key"],
                        ENV.admin_keys["secret_access_key"],
                        ENV.web_identity_token]

    def tearDown(self):
        for s in self.servers:
            s.stop()
        try:
            # The role credentials the handler got: only the cache knows.
            for path in glob.glob(os.path.join(self.state_dir,
                                               "aws-role-*.json")):
                try:
                    with open(path) as f:
                        d = json.load(f)
                    self.secrets += [d["SecretAccessKey"], d["SessionToken"]]
                except (ValueError, KeyError):
                    pass
            for r in self.runs:
                text = r.out + r.err + r.log
                for s in self.secrets:
                    if s and len(s) >= 8:
                        self.assertNotIn(s, text, "a secret in the output")
        finally:
            self.tmp.cleanup()

    # ---- helpers ----------------------------------------------------
    def env(self, keys=None, **extra):
        """The chain's environment: no keys unless asked, STS via the
        proxy, no IMDS."""
        env = ENV.aws_env(keys=keys or ENV.keys, url=ENV.url)
        if keys is None:
            del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
        env["AWS_ENDPOINT_URL_STS"] = ENV.url
        env.update(extra)
        return env

    def files(self, credentials="", config=""):
        cred = os.path.join(self.dir, "credentials")
        conf = os.path.join(self.dir, "config")
        with open(cred, "w") as f:
            f.write(credentials)
        with open(conf, "w") as f:
            f.write(config)
        return {"AWS_SHARED_CREDENTIALS_FILE": cred, "AWS_CONFIG_FILE": conf}

    def keyfile(self, keys):
        path = os.path.join(self.dir, "keys-%d.json" % len(self.runs))
        with open(path, "w") as f:
            json.dump(keys, f)
        return path

    def call(self, prog, argv, env, timeout=60):
        proc = subprocess.run([prog, "-vvv", *argv], env=env,
                              capture_output=True, text=True, timeout=timeout)
        log = ""
        if os.path.exists(self.log):
            with open(self.log) as f:
                log = f.read()
        r = Run(proc, log)
        self.runs.append(r)
        return r

    def handler(self, state, env, extra=()):
        args = ["--no-confirm", "--state", state, "--state-type", "HARD"]
        for t in self.tables:
            args += ["--route-table", t]
        args += ["--destination", self.dest, "--primary", self.primary,
                 "--secondary", self.secondary, "--state-dir",
                 self.state_dir, "--log-file", self.log, *extra]
        return self.call(HANDLER, args, env)

    def assert_routes(self, target):
        for t in self.tables:
            self.assertEqual(ENV.route_target(t, self.dest), target, t)

    def sts_calls(self):
        c = ENV.proxy_counts()
        return c.get("AssumeRole", 0) + c.get("AssumeRoleWithWebIdentity", 0)

    def role_profile(self):
        """The assume-only user's keys, and a profile assuming the route
        role with them."""
        k = ENV.assumer_keys
        return self.files(
            credentials=(f"[monitor]\naws_access_key_id = {k['access_key_id']}\n"
                         f"aws_secret_access_key = {k['secret_access_key']}\n"),
            config=(f"[profile routes]\nrole_arn = {ENV.roles['xacct']}\n"
                    f"source_profile = monitor\n"
                    f"external_id = {ENV.external_id}\n"
                    f"region = {ENV.region}\n"))

    # ---- assume-role ------------------------------------------------
    def test_profile_role_failover_failback_and_cache(self):
        env = self.env(AWS_PROFILE="routes", **self.role_profile())
        r = self.handler("DOWN", env)
        self.assertEqual(r.rc, 0, r)
        self.assert_routes(self.secondary)
        self.assertRegex(r.out, r"^FAILOVER OK - failover: 2/2 routes -> " +
                         re.escape(self.secondary) + r" .* as " +
                         re.escape(ENV.roles["xacct"]))
        self.assertIn(f'identity={ENV.roles["xacct"]}', r.log)
        self.assertIn("credentials=\"role " + ENV.roles["xacct"] +
                      " (routes) with profile 'monitor'", r.log)
        self.assertEqual(ENV.proxy_counts().get("AssumeRole"), 1)
        entries = glob.glob(os.path.join(self.state_dir, "aws-role-*.json"))
        self.assertEqual(len(entries), 1)
        self.assertEqual(os.stat(entries[0]).st_mode & 0o777, 0o600)

        # warm cache: failback without STS
        ENV.proxy_reset()
        r = self.handler("UP", env)
        self.assertEqual(r.rc, 0, r)
        self.assert_routes(self.primary)
        self.assertIn("(cached in " + entries[0], r.log)
        self.assertNotIn("AssumeRole", ENV.proxy_counts())

        # an entry about to expire is refreshed
        with open(entries[0]) as f:
            d = json.load(f)
        d["Expiration"] = time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                        time.gmtime(time.time() + 120))
        with open(entries[0], "w") as f:
            json.dump(d, f)
        ENV.proxy_reset()
        r = self.handler("DOWN", env)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(ENV.proxy_counts().get("AssumeRole"), 1)
        self.assertIn("expire in", r.err)

        # corrupt: ignored with a warning, then replaced
        with open(entries[0], "w") as f:
            f.write('{"Version": 1, "AccessKeyId": ')
        ENV.proxy_reset()
        r = self.handler("UP", env)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("ignoring the credential cache " + entries[0] +
                      ": not a cache entry", r.err)
        self.assertEqual(ENV.proxy_counts().get("AssumeRole"), 1)
        with open(entries[0]) as f:
            json.load(f)

        # owned by someone else: ignored with a warning
        if os.geteuid() == 0:
            os.chown(entries[0], 65534, 65534)
            ENV.proxy_reset()
            r = self.handler("DOWN", env)
            self.assertEqual(r.rc, 0, r)
            self.assertIn("ignoring the credential cache " + entries[0] +
                          ": owned by uid 65534", r.err)
            self.assertEqual(ENV.proxy_counts().get("AssumeRole"), 1)

    def test_role_arn_option(self):
        env = self.env(keys=ENV.assumer_keys)
        r = self.handler("DOWN", env, ["--role-arn", ENV.roles["xacct"],
                                       "--external-id", ENV.external_id])
        self.assertEqual(r.rc, 0, r)
        self.assert_routes(self.secondary)
        self.assertIn("as " + ENV.roles["xacct"], r.out)
        # check_ec2_route with the same options
        args = ["--destination", self.dest, "--primary", self.primary,
                "--secondary", self.secondary]
        for t in self.tables:
            args += ["--route-table", t]
        r = self.call(CHECK, args + ["--role-arn", ENV.roles["xacct"],
                                     "--external-id", ENV.external_id,
                                     "--state-dir", self.state_dir], env)
        self.assertEqual(r.rc, 1, r)  # WARNING: failed over
        self.assertIn("credentials from role " + ENV.roles["xacct"], r.err)
        # the assume-only user alone may not touch the routes
        r = self.call(CHECK, args, env)
        self.assertEqual(r.rc, 3, r)
        self.assertIn("UnauthorizedOperation", r.out)

    def test_wrong_external_id_and_role_without_policy(self):
        env = self.env(keys=ENV.assumer_keys)
        r = self.handler("DOWN", env, ["--role-arn", ENV.roles["xacct"],
                                       "--external-id", "not-the-one"])
        self.assertEqual(r.rc, 3, r)
        self.assertIn("--role-arn: STS AssumeRole for " + ENV.roles["xacct"] +
                      ": AccessDenied", r.out)
        self.assert_routes(self.primary)
        self.assertEqual(r.out.count("\n"), 1)

        r = self.handler("DOWN", env, ["--role-arn", ENV.roles["xacct"]])
        self.assertEqual(r.rc, 3, r)
        self.assertIn("AccessDenied", r.out)

        r = self.handler("DOWN", env, ["--role-arn", ENV.roles["nopolicy"],
                                       "--external-id", ENV.external_id])
        self.assertEqual(r.rc, 2, r)
        self.assertIn("UnauthorizedOperation", r.out)
        self.assertIn("assumed-role/route-nopolicy/", r.out)
        self.assert_routes(self.primary)

        r = self.handler("DOWN", env, ["--external-id", "x"])
        self.assertEqual(r.rc, 3, r)
        self.assertIn("--external-id needs --role-arn", r.out)

    # ---- web identity -----------------------------------------------
    def test_web_identity(self):
        tok = os.path.join(self.dir, "token")
        with open(tok, "w") as f:
            f.write(ENV.web_identity_token + "\n")
        env = self.env(AWS_WEB_IDENTITY_TOKEN_FILE=tok,
                       AWS_ROLE_ARN=ENV.roles["web"],
                       AWS_ROLE_SESSION_NAME="pod-7")
        r = self.handler("DOWN", env)
        self.assertEqual(r.rc, 0, r)
        self.assert_routes(self.secondary)
        self.assertEqual(ENV.proxy_counts().get("AssumeRoleWithWebIdentity"),
                         1)
        self.assertIn("as " + ENV.roles["web"], r.out)
        self.assertIn("body (not shown: it holds a secret)", r.err)

        with open(tok, "w") as f:
            f.write("eyJ-not-a-valid-token")
        self.secrets.append("eyJ-not-a-valid-token")
        r = self.call(CHECK, ["--route-table", self.tables[0], "--destination",
                             self.dest, "--primary", self.primary], env)
        self.assertEqual(r.rc, 3, r)
        self.assertIn("AWS_ROLE_ARN/AWS_WEB_IDENTITY_TOKEN_FILE: STS "
                      "AssumeRoleWithWebIdentity for " + ENV.roles["web"] +
                      ": InvalidIdentityToken", r.out)

        env = self.env(AWS_ROLE_ARN=ENV.roles["web"])
        r = self.handler("UP", env)
        self.assertEqual(r.rc, 3, r)
        self.assertIn("AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is "
                      "not", r.out)

    # ---- container credentials --------------------------------------
    def container(self, *args):
        keys = ENV.session_keys()
        self.secrets += [keys["secret_access_key"], keys["session_token"]]
        s = Server([sys.executable, CONTAINER, "--credentials-file",
                    self.keyfile(keys), *args])
        self.servers.append(s)
        return s

    def test_container_credentials(self):
        # The agent's copy and the pod's copy of the token.
        agent_tok = os.path.join(self.dir, "agent-token")
        tokf = os.path.join(self.dir, "eks-token")
        for path in (agent_tok, tokf):
            with open(path, "w") as f:
                f.write("eks-pod-identity-token-0123456789\n")
        self.secrets.append("eks-pod-identity-token-0123456789")
        s = self.container("--token-file", agent_tok)
        url = f"http://127.0.0.1:{s.port}/creds"
        env = self.env(AWS_CONTAINER_CREDENTIALS_FULL_URI=url,
                       AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=tokf)
        check = ["--route-table", self.tables[0], "--destination", self.dest,
                 "--primary", self.primary]
        r = self.call(CHECK, check, env)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("credentials from container credentials (" + url, r.err)
        # A proxy never sees the container request: with a dead one, only
        # the EC2 call after it fails.
        dead = "http://127.0.0.1:9"
        r = self.call(CHECK, check, dict(env, http_proxy=dead, HTTP_PROXY=dead,
                                        no_proxy="", NO_PROXY=""))
        self.assertEqual(r.rc, 3, r)
        self.assertIn("credentials from container credentials (" + url, r.err)
        self.assertIn("Transport", r.out)
        r = self.handler("DOWN", env)
        self.assertEqual(r.rc, 0, r)
        self.assert_routes(self.secondary)

        with open(tokf, "w") as f:
            f.write("wrong-token-9876543210\n")
        self.secrets.append("wrong-token-9876543210")
        r = self.handler("UP", env)
        self.assertEqual(r.rc, 3, r)
        self.assertIn("container credentials at " + url + ": HTTP 403", r.out)
        self.assert_routes(self.secondary)

        r = self.handler("UP", dict(env, AWS_CONTAINER_CREDENTIALS_FULL_URI=
                                    "http://169.254.169.254/creds"))
        self.assertEqual(r.rc, 3, r)
        self.assertIn("AWS_CONTAINER_CREDENTIALS_FULL_URI host "
                      "'169.254.169.254' is neither loopback", r.out)

        s = self.container("--expired")
        r = self.handler("UP", self.env(AWS_CONTAINER_CREDENTIALS_FULL_URI=
                                        f"http://127.0.0.1:{s.port}/creds"))
        self.assertEqual(r.rc, 3, r)
        self.assertIn(": they expired", r.out)

        s = self.container("--fail", "1")
        r = self.handler("UP", self.env(AWS_CONTAINER_CREDENTIALS_FULL_URI=
                                        f"http://127.0.0.1:{s.port}/creds"))
        self.assertEqual(r.rc, 3, r)
        self.assertIn("HTTP 500", r.out)

    # ---- credential_process -----------------------------------------
    def process_profile(self, mode, keys, extra=""):
        kf = self.keyfile(keys)
        return kf, self.files(config=(
            f"[profile proc]\ncredential_process = {sys.executable} "
            f"'{PROCESS}' {mode} {kf}\nregion = {ENV.region}\n{extra}"))

    def test_credential_process(self):
        kf, files = self.process_profile("good", ENV.keys)
        r = self.handler("DOWN", self.env(AWS_PROFILE="proc", **files))
        self.assertEqual(r.rc, 0, r)
        self.assert_routes(self.secondary)
        self.assertIn('credentials="credential_process of profile \'proc\'"',
                      r.log)
        self.assertNotIn("vault", r.out)
        self.assertIn("fetched credentials from the vault", r.err)  # -vv

        for mode, want in (("badjson", "its output is not a JSON object"),
                           ("fail", "exit status 2")):
            kf, files = self.process_profile(mode, ENV.keys)
            r = self.handler("UP", self.env(AWS_PROFILE="proc", **files))
            self.assertEqual(r.rc, 3, r)
            self.assertIn("profile 'proc' in ", r.out)
            self.assertIn(want, r.out)
            self.assertNotIn("vault", r.out)
        self.assert_routes(self.secondary)

        kf, files = self.process_profile("hang", ENV.keys)
        t0 = time.monotonic()
        r = self.handler("UP", self.env(AWS_PROFILE="proc", **files),
                         ["-t", "6"])
        self.assertLess(time.monotonic() - t0, 6)
        self.assertEqual(r.rc, 3, r)
        self.assertIn("killed, still running at the deadline", r.out)

    def test_process_as_source_profile_and_sso(self):
        kf, files = self.process_profile(
            "good", ENV.assumer_keys,
            extra=(f"[profile routes]\nrole_arn = {ENV.roles['xacct']}\n"
                   f"source_profile = proc\nexternal_id = {ENV.external_id}\n"
                   "[profile sso]\nsso_session = corp\n"
                   "sso_account_id = 123456789012\nsso_role_name = x\n"
                   "[profile loop]\nrole_arn = arn:aws:iam::123456789012:role/l\n"
                   "source_profile = loop2\n[profile loop2]\n"
                   "role_arn = arn:aws:iam::123456789012:role/l2\n"
                   "source_profile = loop\n"))
        env = self.env(AWS_PROFILE="routes", **files)
        r = self.handler("DOWN", env)
        self.assertEqual(r.rc, 0, r)
        self.assert_routes(self.secondary)
        r = self.handler("UP", env)
        self.assertEqual(r.rc, 0, r)
        self.assert_routes(self.primary)
        with open(kf + ".calls") as f:
            self.assertEqual(f.read(), "good\n")  # warm cache: not run again
        self.assertEqual(ENV.proxy_counts().get("AssumeRole"), 1)

        r = self.handler("DOWN", self.env(AWS_PROFILE="sso", **files))
        self.assertEqual(r.rc, 3, r)
        self.assertRegex(r.out, r"^FAILOVER UNKNOWN - .*profile 'sso' in .* "
                         r"uses SSO \(sso_session\), which is not supported: "
                         r"use a role \(role_arn\) or credential_process\n$")
        r = self.handler("DOWN", self.env(AWS_PROFILE="loop", **files))
        self.assertEqual(r.rc, 3, r)
        self.assertIn("source_profile loop: 'loop' -> 'loop2' -> 'loop'",
                      r.out)
        self.assert_routes(self.primary)


if __name__ == "__main__":
    main()
