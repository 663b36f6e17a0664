#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Integration tests of handle_route_failover against moto's EC2 server.

moto checks every SigV4 signature and enforces the IAM policy shipped in
contrib/iam/ (t/ec2env.py); the fault proxy sits in front for throttling and
error injection.  The real binary runs with the policy user's keys.
Exit status: 0 pass, 1 fail, 99 moto not available (77 with VHA_SKIP_EC2=1).
"""
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
IMDS = os.path.join(TOP, "t", "servers", "imds_server.py")

need_moto()
from ec2env import Ec2Env  # noqa: E402

ENV = None


def setUpModule():
    global ENV
    ENV = Ec2Env(tables=2, proxy=True, ipv6=True, foreign=True)
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
        return f"rc={self.rc} out={self.out!r} err={self.err[-2000:]!r}"


class HandlerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="vha-handler-")
        self.state_dir = os.path.join(self.tmp.name, "state")
        self.log = os.path.join(self.tmp.name, "actions.log")
        ids = ENV.ids
        self.tables = ids["tables"]
        self.dests = [ids["destinations"][0], ids["destination_v6"]]
        self.primary = ids["vyos1_eni"]
        self.secondary = ids["vyos2_eni"]
        # Every test starts from the reference state.
        for t in self.tables + [ids["unlisted_table"]]:
            for d in self.dests:
                ENV.set_route(t, d, self.primary)
        ENV.proxy_reset()

    def tearDown(self):
        self.tmp.cleanup()

    def base_args(self, tables=None, dests=None, primary=None,
                  secondary=None, confirm=None):
        args = []
        for t in tables or self.tables:
            args += ["--route-table", t]
        for d in dests or self.dests:
            args += ["--destination", d]
        args += ["--primary", primary or self.primary,
                 "--secondary", secondary or self.secondary,
                 "--state-dir", self.state_dir, "--log-file", self.log]
        # The tests of the event policy (the old behaviour); the
        # confirmed policy's tests pass addresses instead.
        return args + (["--no-confirm"] if confirm is None else confirm)

    def run_handler(self, state, state_type="HARD", extra=(), env=None,
                    base=True, timeout=60, **kw):
        argv = [HANDLER]
        if state is not None:
            argv += ["--state", state]
        if state_type is not None:
            argv += ["--state-type", state_type]
        if base:
            argv += self.base_args(**kw)
        argv += list(extra)
        if env is None:
            env = ENV.aws_env(url=ENV.url)
        proc = subprocess.run(argv, env=env, capture_output=True, text=True,
                              timeout=timeout)
        return Run(proc, self.read_log())

    def read_log(self):
        if not os.path.exists(self.log):
            return ""
        with open(self.log) as f:
            return f.read()

    def targets(self, tables=None, dests=None):
        return {(t, d): ENV.route_target(t, d)
                for t in tables or self.tables for d in dests or self.dests}

    def assert_all(self, target, tables=None, dests=None):
        got = self.targets(tables, dests)
        bad = {k: v for k, v in got.items() if v != target}
        self.assertEqual(bad, {}, f"not at {target}")

    def assert_one_line(self, r):
        self.assertEqual(r.out.count("\n"), 1, r)
        self.assertTrue(r.out.startswith("FAILOVER "), r)

    # ---- the main job -----------------------------------------------
    def test_failover_and_failback_2x2(self):
        r = self.run_handler("DOWN")
        self.assertEqual(r.rc, 0, r)
        self.assert_one_line(r)
        self.assertRegex(r.out, r"^FAILOVER OK - failover: 4/4 routes -> "
                         + re.escape(self.secondary) +
                         r" \(4 replaced, 0 already set\) in \d+ ms")
        self.assertIn("replaced=4", r.out)  # perfdata
        self.assert_all(self.secondary)
        self.assertEqual(ENV.proxy_counts().get("DescribeRouteTables", 0)
                         >= 2, True)  # one read, at least one verify
        self.assertEqual(ENV.proxy_counts().get("ReplaceRoute"), 4)
        self.assertEqual(len(re.findall(r"result=replaced", r.log)), 4)
        for t in self.tables:
            self.assertIn(f"failover table={t} destination={self.dests[0]} "
                          f"from={self.primary}", r.log)
        ENV.proxy_reset()
        r = self.run_handler("UP")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("failback: 4/4 routes -> " + self.primary, r.out)
        self.assert_all(self.primary)
        self.assertEqual(ENV.proxy_counts().get("ReplaceRoute"), 4)

    def test_rerun_changes_nothing(self):
        self.assertEqual(self.run_handler("DOWN").rc, 0)
        ENV.proxy_reset()
        r = self.run_handler("DOWN")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("4/4 routes -> " + self.secondary +
                      " (0 replaced, 4 already set)", r.out)
        self.assertNotIn("ReplaceRoute", ENV.proxy_counts())
        self.assertEqual(ENV.proxy_counts().get("DescribeRouteTables"), 1)

    def test_partly_switched_is_completed(self):
        ENV.set_route(self.tables[0], self.dests[0], self.secondary)
        r = self.run_handler("CRITICAL")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("(3 replaced, 1 already set)", r.out)
        self.assert_all(self.secondary)

    def test_concurrent_runs_are_serialised(self):
        env = ENV.aws_env(url=ENV.url)
        procs = [subprocess.Popen(
            [HANDLER, "--state", "DOWN", "--state-type", "HARD"]
            + self.base_args(), env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True) for _ in range(3)]
        outs = [p.communicate(timeout=60) for p in procs]
        self.assertEqual([p.returncode for p in procs], [0, 0, 0], outs)
        self.assertEqual(ENV.proxy_counts().get("ReplaceRoute"), 4, outs)
        self.assert_all(self.secondary)

    # ---- when to act --------------------------------------------------
    def test_soft_problem_waits_for_hard(self):
        r = self.run_handler("DOWN", "SOFT", ["--attempt", "1"])
        self.assertEqual(r.rc, 0, r)
        self.assertIn("no action: DOWN SOFT (attempt 1): waiting for HARD",
                      r.out)
        self.assertNotIn("ReplaceRoute", ENV.proxy_counts())
        self.assertNotIn("DescribeRouteTables", ENV.proxy_counts())
        self.assert_all(self.primary)

    def test_act_on_attempt(self):
        r = self.run_handler("DOWN", "SOFT", ["--attempt", "1",
                                              "--act-on-attempt", "2"])
        self.assertIn("no action", r.out)
        self.assert_all(self.primary)
        r = self.run_handler("DOWN", "SOFT", ["--attempt", "2",
                                              "--act-on-attempt", "2"])
        self.assertEqual(r.rc, 0, r)
        self.assert_all(self.secondary)
        # the SOFT recovery that follows fails back: we acted on SOFT
        r = self.run_handler("UP", "SOFT", ["--attempt", "1"])
        self.assertEqual(r.rc, 0, r)
        self.assert_all(self.primary)

    def test_warning_and_unknown_change_nothing(self):
        for st in ("WARNING", "UNKNOWN"):
            r = self.run_handler(st)
            self.assertEqual(r.rc, 0, r)
            self.assertIn(f"no action: {st} changes nothing", r.out)
        self.assertEqual(ENV.proxy_counts(), {})

    def test_recovery_without_failover_is_harmless(self):
        r = self.run_handler("OK", "SOFT")
        self.assertIn("no action: OK SOFT: nothing was failed over", r.out)
        r = self.run_handler("OK")  # HARD: fail back, all already set
        self.assertEqual(r.rc, 0, r)
        self.assertIn("(0 replaced, 4 already set)", r.out)

    def test_no_failback(self):
        self.assertEqual(self.run_handler("DOWN").rc, 0)
        r = self.run_handler("UP", extra=["--no-failback"])
        self.assertEqual(r.rc, 0, r)
        self.assertIn("failback disabled", r.out)
        self.assert_all(self.secondary)

    def test_hold_down_defers_failback(self):
        self.assertEqual(self.run_handler(
            "DOWN", extra=["--hold-down", "3"]).rc, 0)
        t0 = time.monotonic()
        r = self.run_handler("UP", extra=["--hold-down", "3"])
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.out, r"failback to " + re.escape(self.primary) +
                         r" scheduled in [1-3] s \(hold-down 3 s\)")
        self.assert_all(self.secondary)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            log = self.read_log()
            if "failback done" in log:
                break
            time.sleep(0.2)
        self.assertIn("failback deferred: hold-down over", log)
        self.assertIn("failback done routes=4/4", log)
        self.assertGreaterEqual(time.monotonic() - t0, 1.5)
        self.assert_all(self.primary)

    def test_newer_event_cancels_deferred_failback(self):
        self.run_handler("DOWN", extra=["--hold-down", "2"])
        r = self.run_handler("UP", extra=["--hold-down", "2"])
        self.assertIn("scheduled", r.out)
        r = self.run_handler("DOWN", "SOFT", extra=["--hold-down", "2"])
        self.assertIn("no action", r.out)
        deadline = time.monotonic() + 15
        log = ""
        while time.monotonic() < deadline and "cancelled" not in log:
            time.sleep(0.2)
            log = self.read_log()
        self.assertIn("failback deferred cancelled", log)
        self.assert_all(self.secondary)

    # ---- targets --------------------------------------------------------
    def test_foreign_target_left_alone(self):
        fd = ENV.ids["foreign_destination"]
        before = self.targets(dests=[fd])
        r = self.run_handler("DOWN", dests=[self.dests[0], fd])
        self.assertEqual(r.rc, 2, r)
        self.assertIn("FAILOVER CRITICAL - failover: 2/4 routes", r.out)
        self.assertIn("left alone", r.out)
        self.assertIn(ENV.ids["tgw"], r.out)
        self.assertEqual(self.targets(dests=[fd]), before)
        self.assert_all(self.secondary, dests=[self.dests[0]])

    def test_blackhole_route_is_taken_over(self):
        ENV.set_route(self.tables[0], self.dests[0], ENV.ids["appliance_eni"])
        ENV.stop_instance(ENV.ids["appliance"])
        try:
            r = self.run_handler("DOWN")
            self.assertEqual(r.rc, 0, r)
            self.assert_all(self.secondary)
        finally:
            ENV.start_instance(ENV.ids["appliance"])

    def test_instance_ids(self):
        # EC2 reports instanceId and networkInterfaceId for an instance
        # route: i- ids match routes set to the ENI, and a route set with
        # an instance id is matched by its ENI.
        r = self.run_handler("DOWN", primary=ENV.ids["vyos1"],
                             secondary=ENV.ids["vyos2_eni"])
        self.assertEqual(r.rc, 0, r)
        self.assert_all(self.secondary)

    def test_instance_with_two_interfaces_names_them(self):
        r = self.run_handler("DOWN", secondary=ENV.ids["vyos2"])
        self.assertEqual(r.rc, 2, r)
        self.assertIn("InvalidInstanceID", r.out)
        self.assertIn(ENV.ids["vyos2_eni"], r.out)
        self.assertIn(ENV.ids["vyos2_eni0"], r.out)
        self.assertIn("has 2 network interfaces", r.out)
        self.assert_all(self.primary)

    # ---- failures ---------------------------------------------------
    def test_missing_route_and_table_named(self):
        missing_table = "rtb-0123456789abcdef0"
        r = self.run_handler("DOWN", dests=[self.dests[0], "10.77.0.0/16"],
                             tables=[self.tables[0], missing_table])
        self.assertEqual(r.rc, 2, r)
        self.assertIn(f"no route to 10.77.0.0/16 in {self.tables[0]}", r.out)
        self.assertIn(f"route table {missing_table} not found", r.out)
        # the pair that exists still moved
        self.assertEqual(ENV.route_target(self.tables[0], self.dests[0]),
                         self.secondary)

    def test_partial_failure_by_iam(self):
        unlisted = ENV.ids["unlisted_table"]
        r = self.run_handler("DOWN", tables=[self.tables[0], unlisted])
        self.assertEqual(r.rc, 2, r)
        self.assertIn("FAILOVER CRITICAL - failover: 2/4 routes", r.out)
        self.assertRegex(r.out, re.escape(unlisted) +
                         r" \S+: (UnauthorizedOperation|AccessDenied)")
        self.assert_all(self.secondary, tables=[self.tables[0]])
        self.assert_all(self.primary, tables=[unlisted])

    def test_injected_error_on_one_table(self):
        ENV.fault("error", action="ReplaceRoute",
                  match={"RouteTableId": self.tables[1]}, status=400,
                  code="InvalidParameterValue", message="injected", times=-1)
        r = self.run_handler("DOWN")
        self.assertEqual(r.rc, 2, r)
        self.assertIn(f"{self.tables[1]} {self.dests[0]}: "
                      "InvalidParameterValue: injected", r.out)
        self.assert_all(self.secondary, tables=[self.tables[0]])
        # 4xx other than throttling is never retried
        self.assertEqual(ENV.proxy_counts().get("ReplaceRoute"), 4)

    def test_throttling_recovered_by_retry(self):
        ENV.fault("throttle", action="ReplaceRoute", times=3)
        ENV.fault("status", action="DescribeRouteTables", status=503, times=1)
        r = self.run_handler("DOWN")
        self.assertEqual(r.rc, 0, r)
        self.assert_all(self.secondary)
        self.assertEqual(ENV.proxy_counts().get("ReplaceRoute"), 4 + 3)

    def test_dropped_connection_retried(self):
        ENV.fault("drop", action="ReplaceRoute", times=1)
        r = self.run_handler("DOWN")
        self.assertEqual(r.rc, 0, r)
        self.assert_all(self.secondary)

    def test_throttled_forever_fails_in_time(self):
        ENV.fault("throttle", action="ReplaceRoute", times=-1)
        t0 = time.monotonic()
        r = self.run_handler("DOWN", extra=["-t", "8"])
        self.assertLess(time.monotonic() - t0, 8.5)
        self.assertEqual(r.rc, 2, r)
        self.assertIn("RequestLimitExceeded", r.out)
        self.assert_all(self.primary)

    def test_dry_run(self):
        r = self.run_handler("DOWN", extra=["--dry-run"])
        self.assertEqual(r.rc, 0, r)
        self.assertIn("failover dry run: 4 to replace -> " + self.secondary,
                      r.out)
        self.assertIn("result=would-replace", r.log)
        self.assert_all(self.primary)
        r = self.run_handler("DOWN", extra=["--dry-run"],
                             tables=[ENV.ids["unlisted_table"]])
        self.assertEqual(r.rc, 2, r)  # DryRun checks the permission

    # ---- credentials ------------------------------------------------
    def test_session_token_credentials(self):
        env = ENV.aws_env(keys=ENV.session_keys(), url=ENV.url)
        self.assertIn("AWS_SESSION_TOKEN", env)
        r = self.run_handler("DOWN", env=env)
        self.assertEqual(r.rc, 0, r)
        self.assert_all(self.secondary)

    def test_credentials_from_profile_files(self):
        keys = ENV.keys
        env = ENV.aws_env(url=ENV.url)
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                  "AWS_SESSION_TOKEN"):
            env.pop(k, None)
        creds = os.path.join(self.tmp.name, "credentials")
        with open(creds, "w") as f:
            f.write("[default]\naws_access_key_id = wrong\n"
                    "aws_secret_access_key = wrong\n\n[vpn]\n"
                    f"aws_access_key_id = {keys['access_key_id']}\n"
                    f"aws_secret_access_key = {keys['secret_access_key']}\n")
        env["AWS_SHARED_CREDENTIALS_FILE"] = creds
        r = self.run_handler("DOWN", env=env, extra=["--profile", "vpn"])
        self.assertEqual(r.rc, 0, r)
        self.assert_all(self.secondary)

    def test_imds_credentials(self):
        if not os.path.exists(IMDS):
            self.skipTest("t/servers/imds_server.py not present")
        keys = ENV.session_keys()
        proc = subprocess.Popen(
            [sys.executable, IMDS, "--role", "route-failover-role",
             "--access-key-id", keys["access_key_id"],
             "--secret-access-key", keys["secret_access_key"],
             "--token", keys["session_token"], "--region", ENV.region],
            stdout=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline()
            self.assertTrue(line.startswith("READY port="), line)
            port = int(line.strip().split("=")[1])
            env = ENV.aws_env(url=ENV.url)
            for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                      "AWS_SESSION_TOKEN", "AWS_EC2_METADATA_DISABLED",
                      "AWS_REGION", "AWS_DEFAULT_REGION"):
                env.pop(k, None)
            env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = \
                f"http://127.0.0.1:{port}"
            r = self.run_handler("DOWN", env=env, extra=["-v"])
            self.assertEqual(r.rc, 0, r)
            self.assertIn("instance role", r.err)
            self.assert_all(self.secondary)
        finally:
            proc.terminate()
            proc.wait()

    def test_bad_secret(self):
        keys = dict(ENV.keys)
        keys["secret_access_key"] = "x" * 40
        r = self.run_handler("DOWN", env=ENV.aws_env(keys=keys, url=ENV.url))
        self.assertEqual(r.rc, 2, r)
        # EC2 answers a bad signature with AuthFailure (401)
        self.assertRegex(r.out, "DescribeRouteTables failed: "
                         "(AuthFailure|SignatureDoesNotMatch)")
        self.assert_all(self.primary)

    def test_no_credentials(self):
        env = ENV.aws_env(url=ENV.url)
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                  "AWS_SESSION_TOKEN"):
            env.pop(k, None)
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials"
        env["AWS_CONFIG_FILE"] = "/nonexistent/config"
        r = self.run_handler("DOWN", env=env)
        self.assertEqual(r.rc, 3, r)
        self.assertIn("FAILOVER UNKNOWN - no AWS credentials", r.out)

    def test_secrets_never_printed(self):
        keys = ENV.session_keys()
        env = ENV.aws_env(keys=keys, url=ENV.url)
        r = self.run_handler("DOWN", env=env, extra=["-vvv"])
        self.assertEqual(r.rc, 0, r)
        everything = r.out + r.err + r.log
        self.assertGreater(len(r.err), 200)  # -vvv did say things
        for secret in (keys["secret_access_key"], keys["session_token"]):
            self.assertNotIn(secret, everything)
            self.assertNotIn(secret[:16], everything)

    # ---- arguments --------------------------------------------------
    def test_bad_arguments(self):
        good = self.base_args()
        cases = [
            (["--state", "DOWNISH", "--state-type", "HARD"] + good,
             "invalid --state 'DOWNISH'"),
            (["--state", "DOWN", "--state-type", "MEDIUM"] + good,
             "invalid --state-type 'MEDIUM'"),
            (["--state", "DOWN"] + good, "missing --state-type"),
            (["--state-type", "HARD"] + good, "missing --state"),
            (["--state", "DOWN", "--state-type", "HARD", "--route-table",
              "rtb-xyz", "--destination", "10.0.0.0/16", "--primary",
              self.primary, "--secondary", self.secondary],
             "invalid --route-table 'rtb-xyz'"),
            (["--state", "DOWN", "--state-type", "HARD", "--route-table",
              self.tables[0], "--destination", "10.0.0.1/16", "--primary",
              self.primary, "--secondary", self.secondary],
             "host bits set"),
            (["--state", "DOWN", "--state-type", "HARD", "--route-table",
              self.tables[0], "--destination", "300.0.0.0/8", "--primary",
              self.primary, "--secondary", self.secondary],
             "not a valid IPv4 or IPv6 CIDR block"),
            (["--state", "DOWN", "--state-type", "HARD", "--route-table",
              self.tables[0], "--destination", "10.0.0.0/16", "--primary",
              "igw-12345678", "--secondary", self.secondary],
             "invalid --primary 'igw-12345678'"),
            (["--state", "DOWN", "--state-type", "HARD", "--route-table",
              self.tables[0], "--destination", "10.0.0.0/16", "--primary",
              self.primary, "--secondary", "eni-123"],
             "invalid --secondary 'eni-123'"),
            (["--state", "DOWN", "--state-type", "HARD", "--route-table",
              self.tables[0], "--destination", "10.0.0.0/16", "--primary",
              self.primary, "--secondary", self.primary],
             "are the same"),
            (["--state", "DOWN", "--state-type", "HARD", "--destination",
              "10.0.0.0/16", "--primary", self.primary, "--secondary",
              self.secondary], "missing --route-table"),
            (["--state", "DOWN", "--state-type", "HARD", "--route-table",
              self.tables[0], "--primary", self.primary, "--secondary",
              self.secondary], "missing --destination"),
            (["--state", "DOWN", "--state-type", "HARD", "--route-table",
              self.tables[0], "--destination", "10.0.0.0/16",
              "--secondary", self.secondary], "missing --primary"),
            (["--state", "DOWN", "--state-type", "HARD"] + good +
             ["--hold-down", "-5"], "invalid --hold-down '-5'"),
            (["--state", "DOWN", "--state-type", "HARD"] + good +
             ["--attempt", "zero"], "invalid --attempt 'zero'"),
            (["--state", "DOWN", "--state-type", "HARD"] + good +
             ["--region", "Mars 1"], "invalid --region 'Mars 1'"),
            (["--state", "DOWN", "--state-type", "HARD"] + good +
             ["--endpoint-url", "ftp://x"], "invalid --endpoint-url"),
            (["--state", "DOWN", "--state-type", "HARD"] + good +
             ["--state-dir", "relative"], "invalid --state-dir 'relative'"),
            (["--state", "DOWN", "--state-type", "HARD"] + good +
             ["-t", "0"], "invalid --timeout '0'"),
            (["--state", "DOWN", "--state-type", "HARD"] + good +
             ["--ca-file", "/nonexistent.pem"], "invalid --ca-file"),
            (["--state", "DOWN", "--state-type", "HARD"] + good +
             ["--aws-secret-access-key", "x"], "unknown option"),
            (["--state", "DOWN", "--state-type", "HARD"] + good +
             ["stray"], "unexpected argument 'stray'"),
            (["--state"], "option --state needs an argument"),
        ]
        for argv, needle in cases:
            r = self.run_handler(None, None, extra=argv, base=False)
            self.assertEqual(r.rc, 3, (argv, r))
            self.assertTrue(r.out.startswith("FAILOVER UNKNOWN - "), r)
            self.assertIn(needle, r.out, argv)
            self.assertEqual(r.out.count("\n"), 1, r)
        self.assertEqual(ENV.proxy_counts(), {})

    def test_help_and_version(self):
        r = subprocess.run([HANDLER, "--help"], capture_output=True,
                           text=True)
        self.assertEqual(r.returncode, 0)
        for opt in ("--state STATE", "--state-type TYPE", "--attempt N",
                    "--act-on-attempt N", "--route-table RTB",
                    "--destination CIDR", "--primary ID", "--secondary ID",
                    "--region REGION", "--profile NAME",
                    "--endpoint-url URL", "--no-failback",
                    "--hold-down SECONDS", "--dry-run", "--state-dir DIR",
                    "--log-file FILE", "--timeout SECONDS", "--verbose"):
            self.assertIn(opt, r.stdout)
        r = subprocess.run([HANDLER, "-V"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^handle_route_failover \d+\.\d+")


if __name__ == "__main__":
    main()
