#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Integration tests of check_ec2_route against moto's EC2 server (signature
and IAM checks on), in each state, and after a real failover and failback by
handle_route_failover.  Exit status: 0 pass, 1 fail, 99 no moto (77 with
VHA_SKIP_EC2=1).
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vhatest import BUILD, TOP, main, need_moto  # noqa: E402

CHECK = os.path.join(BUILD, "plugins", "check_ec2_route")
HANDLER = os.path.join(BUILD, "handlers", "handle_route_failover")

need_moto()
from ec2env import Ec2Env  # noqa: E402

ENV = None


def setUpModule():
    global ENV
    ENV = Ec2Env(tables=2, ipv6=True, foreign=True)
    ENV.__enter__()


def tearDownModule():
    if ENV is not None:
        ENV.stop()


class CheckEc2RouteTest(unittest.TestCase):
    def setUp(self):
        ids = ENV.ids
        self.tables = ids["tables"]
        self.dests = [ids["destinations"][0], ids["destination_v6"]]
        self.primary = ids["vyos1_eni"]
        self.secondary = ids["vyos2_eni"]
        for t in self.tables:
            for d in self.dests:
                ENV.set_route(t, d, self.primary)

    def args(self, tables=None, dests=None, secondary=True):
        a = []
        for t in tables or self.tables:
            a += ["--route-table", t]
        for d in dests or self.dests:
            a += ["--destination", d]
        a += ["--primary", self.primary]
        if secondary:
            a += ["--secondary", self.secondary]
        return a

    def check(self, extra=(), env=None, **kw):
        r = subprocess.run([CHECK] + self.args(**kw) + list(extra),
                           env=env or ENV.aws_env(), capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.stdout.count("\n"), 1, r)
        self.assertTrue(r.stdout.startswith("ROUTES "), r)
        return r

    def test_ok(self):
        r = self.check()
        self.assertEqual(r.returncode, 0, r)
        self.assertRegex(r.stdout, r"^ROUTES OK - 4/4 routes on primary "
                         + re.escape(self.primary) + r" \| on_primary=4;;;0;4"
                         r" on_secondary=0;;;0;4 bad=0;;;0;4 time=[\d.]+s;;;0$")

    def test_warning_when_failed_over(self):
        ENV.set_route(self.tables[1], self.dests[0], self.secondary)
        r = self.check()
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("ROUTES WARNING - failed over: 1/4 routes on "
                      f"secondary {self.secondary}: {self.tables[1]} "
                      f"{self.dests[0]}", r.stdout)
        self.assertIn("on_primary=3;", r.stdout)
        self.assertIn("on_secondary=1;", r.stdout)

    def test_critical_missing_foreign_blackhole(self):
        fd = ENV.ids["foreign_destination"]
        r = self.check(dests=[self.dests[0], fd, "10.55.0.0/16"])
        self.assertEqual(r.returncode, 2, r)
        self.assertIn(f"{self.tables[0]} {fd} -> {ENV.ids['tgw']}",
                      r.stdout)
        self.assertIn(f"{self.tables[0]} 10.55.0.0/16: no route", r.stdout)
        self.assertIn("bad=4;", r.stdout)
        ENV.set_route(self.tables[0], self.dests[0], ENV.ids["appliance_eni"])
        ENV.stop_instance(ENV.ids["appliance"])
        try:
            r = self.check()
            self.assertEqual(r.returncode, 2, r)
            self.assertIn(f"{self.tables[0]} {self.dests[0]}: blackhole "
                          f"({ENV.ids['appliance_eni']}", r.stdout)
        finally:
            ENV.start_instance(ENV.ids["appliance"])

    def test_without_secondary_anything_else_is_critical(self):
        ENV.set_route(self.tables[0], self.dests[0], self.secondary)
        r = self.check(secondary=False)
        self.assertEqual(r.returncode, 2, r)
        self.assertIn("neither router", r.stdout)

    def test_without_secondary_a_transit_gateway_is_never_a_match(self):
        # Issue 9: an absent --secondary once matched every route without
        # an instance id, so a hijack to a transit gateway read "WARNING -
        # failed over: ... on secondary (null)".
        fd = ENV.ids["foreign_destination"]
        r = self.check(dests=[fd], secondary=False)
        self.assertEqual(r.returncode, 2, r)
        self.assertTrue(r.stdout.startswith("ROUTES CRITICAL - "), r)
        self.assertIn(ENV.ids["tgw"], r.stdout)
        self.assertNotIn("failed over", r.stdout)
        self.assertNotIn("(null)", r.stdout)
        self.assertIn("on_secondary=0;", r.stdout)

    def test_missing_table(self):
        r = self.check(tables=[self.tables[0], "rtb-0123456789abcdef0"])
        self.assertEqual(r.returncode, 2, r)
        self.assertIn("InvalidRouteTableID.NotFound", r.stdout)

    def test_after_real_failover_and_failback(self):
        with tempfile.TemporaryDirectory() as d:
            base = [HANDLER, "--state-type", "HARD", "--state-dir", d,
                    "--log-file", os.path.join(d, "log"),
                    "--no-confirm"] + self.args()
            h = subprocess.run(base + ["--state", "DOWN"], env=ENV.aws_env(),
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(h.returncode, 0, h)
            r = self.check()
            self.assertEqual(r.returncode, 1, r)
            self.assertIn("failed over: 4/4 routes on secondary", r.stdout)
            h = subprocess.run(base + ["--state", "UP"], env=ENV.aws_env(),
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(h.returncode, 0, h)
            self.assertEqual(self.check().returncode, 0)

    def test_no_credentials_unknown(self):
        env = ENV.aws_env()
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                  "AWS_SESSION_TOKEN"):
            env.pop(k, None)
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
        env["AWS_CONFIG_FILE"] = "/nonexistent"
        r = self.check(env=env)
        self.assertEqual(r.returncode, 3, r)
        self.assertIn("ROUTES UNKNOWN - no AWS credentials", r.stdout)

    def test_unreachable_endpoint_unknown(self):
        env = ENV.aws_env(url="http://127.0.0.1:9")
        r = self.check(env=env, extra=["-t", "5"])
        self.assertEqual(r.returncode, 3, r)
        self.assertIn("DescribeRouteTables: Transport", r.stdout)

    def test_bad_arguments(self):
        cases = [
            (["--primary", self.primary, "--destination", "10.0.0.0/16"],
             "missing --route-table"),
            (["--route-table", "rtb-zz", "--primary", self.primary],
             "invalid --route-table 'rtb-zz'"),
            (["--route-table", self.tables[0], "--destination", "x",
              "--primary", self.primary], "invalid --destination"),
            (["--route-table", self.tables[0], "--destination",
              "10.0.0.0/16"], "missing --primary"),
            (["--route-table", self.tables[0], "--destination",
              "10.0.0.0/16", "--primary", "i-1"], "invalid --primary 'i-1'"),
            (["-w", "1"], "unknown option -w"),
        ]
        for argv, needle in cases:
            r = subprocess.run([CHECK] + argv, capture_output=True,
                               text=True, env=ENV.aws_env())
            self.assertEqual(r.returncode, 3, (argv, r))
            self.assertIn(needle, r.stdout)
            self.assertTrue(r.stdout.startswith("ROUTES UNKNOWN - "), r)


if __name__ == "__main__":
    main()
