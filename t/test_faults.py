#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The fault matrix: handle_route_failover (DOWN HARD, 2 tables x 2
destinations) and check_ec2_route against moto through the fault proxy
(t/servers/fault_proxy.py), one fault per case, each with the outcome a
correct program must reach: exit code, the routes read from moto afterwards,
the record written or not, the reason given, and the wall time against -t.

VHA_FAULT_BINDIR=DIR runs the matrix against the binaries in
DIR/handlers and DIR/plugins instead of the build tree's (to show which
cases an older build fails).  Each case prints one "matrix:" line.
Exit status: 0 pass, 1 fail, 99 no moto (77 with VHA_SKIP_EC2=1).
"""
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vhatest import BUILD, main, need_moto  # noqa: E402

BINDIR = os.environ.get("VHA_FAULT_BINDIR") or BUILD
HANDLER = os.path.join(BINDIR, "handlers", "handle_route_failover")
CHECK = os.path.join(BINDIR, "plugins", "check_ec2_route")

need_moto()
from ec2env import Ec2Env  # noqa: E402

ENV = None
# A request that never gets an answer: held far longer than any -t, then
# dropped without reaching moto (so it can never apply late).
STALL = {"delay_ms": 120000, "then": "drop"}
# Per-request limits of the programs (handler 8 s, check_ec2_route 5 s).
HANDLER_TRY_S = 8
CHECK_TRY_S = 5


def setUpModule():
    global ENV
    ENV = Ec2Env(tables=2, proxy=True, ipv6=True, foreign=True)
    ENV.__enter__()


def tearDownModule():
    if ENV is not None:
        ENV.stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LateRelay:
    """A TCP relay to the fault proxy that starts listening only after
    `after` seconds: an endpoint that is down, then comes back."""

    def __init__(self, port, upstream_port, after):
        self.port, self.up, self.after = port, upstream_port, after
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _pipe(self, a, b):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            # Each socket is the reading end of exactly one pipe.
            a.close()

    def _run(self):
        if self.stop.wait(self.after):
            return
        with socket.socket() as srv:
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind(("127.0.0.1", self.port))
            srv.listen(16)
            srv.settimeout(0.2)
            while not self.stop.is_set():
                try:
                    c, _ = srv.accept()
                except socket.timeout:
                    continue
                c.settimeout(None)
                u = socket.create_connection(("127.0.0.1", self.up))
                for a, b in ((c, u), (u, c)):
                    threading.Thread(target=self._pipe, args=(a, b),
                                     daemon=True).start()

    def close(self):
        self.stop.set()
        self.thread.join(5)


class Run:
    def __init__(self, proc, secs, log, routes, record):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.secs = secs
        self.log = log
        self.routes = routes
        self.record = record

    def __repr__(self):
        return (f"rc={self.rc} {self.secs:.1f}s out={self.out!r} "
                f"record={self.record} routes={self.routes} "
                f"err={self.err[-1500:]!r}")


class FaultMatrix(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="vha-faults-")
        ids = ENV.ids
        self.tables = ids["tables"]
        self.dests = [ids["destinations"][0], ids["destination_v6"]]
        self.primary = ids["vyos1_eni"]
        self.secondary = ids["vyos2_eni"]
        self.fresh("run")

    def fresh(self, tag):
        """Every route on the primary, no rule armed, an empty state dir
        and log."""
        os.makedirs(os.path.join(self.tmp.name, tag))
        self.state_dir = os.path.join(self.tmp.name, tag, "state")
        self.logf = os.path.join(self.tmp.name, tag, "actions.log")
        for t in self.tables:
            for d in self.dests:
                ENV.set_route(t, d, self.primary)
        ENV.proxy_reset()

    def tearDown(self):
        self.tmp.cleanup()

    # ---- running and reading back ------------------------------------
    def routes(self):
        """Where the pairs point, as counts: {"primary": n, "secondary":
        m, other ids: k}."""
        out = {}
        for t in self.tables:
            for d in self.dests:
                tgt = ENV.route_target(t, d)
                key = {self.primary: "primary",
                       self.secondary: "secondary"}.get(tgt, str(tgt))
                out[key] = out.get(key, 0) + 1
        return out

    def record(self):
        path = os.path.join(self.state_dir, "route-failover-"
                            f"{self.primary}-{self.secondary}.state")
        if not os.path.exists(path):
            return None
        with open(path) as f:
            kv = dict(line.strip().split("=", 1) for line in f if "=" in line)
        return kv.get("last_action")

    def route_args(self):
        a = []
        for t in self.tables:
            a += ["--route-table", t]
        for d in self.dests:
            a += ["--destination", d]
        return a + ["--primary", self.primary]

    def failover(self, name, timeout=25, extra=(), env=None):
        argv = [HANDLER, "--no-confirm", "--state", "DOWN", "--state-type", "HARD",
                "-t", str(timeout), *self.route_args(),
                "--secondary", self.secondary, "--state-dir", self.state_dir,
                "--log-file", self.logf, "-v", *extra]
        return self._run(name, argv, timeout, env)

    def check_routes(self, name, timeout=15, extra=()):
        argv = [CHECK, "-t", str(timeout), *self.route_args(),
                "--secondary", self.secondary, "-v", *extra]
        return self._run(name, argv, timeout, None)

    def _run(self, name, argv, timeout, env):
        t0 = time.monotonic()
        proc = subprocess.run(argv, env=env or ENV.aws_env(url=ENV.url),
                              capture_output=True, text=True,
                              timeout=timeout + 30)
        secs = time.monotonic() - t0
        log = ""
        if os.path.exists(self.logf):
            with open(self.logf) as f:
                log = f.read()
        r = Run(proc, secs, log, self.routes(), self.record())
        print(f"matrix: {name:<34} -t {timeout:<3} rc={r.rc} "
              f"{secs:5.1f}s routes after={r.routes} record={r.record} "
              f"| {r.out.strip()[:160]}")
        # Whatever the fault: one status line, and done before -t.
        self.assertEqual(r.out.count("\n"), 1, r)
        self.assertLess(secs, timeout, r)
        return r

    def assert_switched(self, r):
        self.assertEqual(r.rc, 0, r)
        self.assertIn("4/4 routes -> " + self.secondary, r.out)
        self.assertEqual(r.routes, {"secondary": 4}, r)
        self.assertEqual(r.record, "failover", r)

    def assert_untouched(self, r, rc=2):
        self.assertEqual(r.rc, rc, r)
        self.assertEqual(r.routes, {"primary": 4}, r)
        # The run keeps its record (the event is counted), no switch in it.
        self.assertIn(r.record, (None, "none"), r)

    def arrivals(self, action):
        return [e["t"] for e in ENV.proxy_log() if e["action"] == action]

    # ---- stalls ------------------------------------------------------
    def test_stall_once_describe(self):
        """The first DescribeRouteTables never answers: abandoned at the
        per-request limit and retried at once."""
        ENV.fault("delay", action="DescribeRouteTables", **STALL)
        r = self.failover("stall once (DescribeRouteTables)")
        self.assert_switched(r)
        self.assertLess(r.secs, HANDLER_TRY_S + 4, r)
        self.assertIn("retrying 1 call(s) in", r.err)

    def test_stall_once_replace(self):
        """One ReplaceRoute hangs once: retried, and no table is left
        split."""
        ENV.fault("delay", action="ReplaceRoute",
                  match={"RouteTableId": self.tables[0],
                         "DestinationCidrBlock": self.dests[0]}, **STALL)
        r = self.failover("stall once (one ReplaceRoute)")
        self.assert_switched(r)
        self.assertLess(r.secs, HANDLER_TRY_S + 4, r)

    def test_stall_always(self):
        """EC2 never answers: every try is abandoned at the per-request
        limit, tried again while there is budget, and the run ends before
        -t with nothing moved."""
        ENV.fault("delay", action="DescribeRouteTables", times=-1, **STALL)
        r = self.failover("stall always", timeout=25)
        self.assert_untouched(r)
        self.assertIn("DescribeRouteTables failed: Transport: timed out",
                      r.out)
        t = self.arrivals("DescribeRouteTables")
        self.assertGreaterEqual(len(t), 2, t)
        gaps = [b - a for a, b in zip(t, t[1:])]
        self.assertLess(max(gaps), HANDLER_TRY_S + 2.5, gaps)

    # ---- throttling and server errors --------------------------------
    def test_throttle_n(self):
        """N throttled answers in a row to one ReplaceRoute, N = 1..10:
        outlasted within the budget."""
        for n in range(1, 11):
            with self.subTest(n=n):
                self.fresh(f"throttle{n}")
                ENV.fault("throttle", action="ReplaceRoute", times=n,
                          match={"RouteTableId": self.tables[1],
                                 "DestinationCidrBlock": self.dests[0]})
                r = self.failover(f"throttle N={n}")
                self.assert_switched(r)
                self.assertEqual(ENV.proxy_counts().get("ReplaceRoute"),
                                 4 + n)

    def test_persistent_5xx(self):
        """Every ReplaceRoute answers 500: tried until the budget is spent
        (not 4 times in half a second), nothing moved, the error named."""
        ENV.fault("status", action="ReplaceRoute", status=500, times=-1)
        r = self.failover("persistent 5xx (ReplaceRoute)", timeout=15)
        self.assert_untouched(r)
        self.assertIn("InternalError", r.out)
        self.assertGreater(ENV.proxy_counts().get("ReplaceRoute", 0), 4 * 4)

    # ---- applied, but the answer is lost or garbled --------------------
    def test_answer_lost_after_apply(self):
        """EC2 applies every ReplaceRoute but the connection closes before
        the answer: the read-back shows all four moved, so the run says so
        and records the failover (the hold-down then holds)."""
        ENV.fault("drop", action="ReplaceRoute", after=True, times=-1)
        r = self.failover("answer lost after apply", timeout=15)
        self.assert_switched(r)
        self.assertIn("result=replaced", r.log)

    def test_garbled_after_apply(self):
        """EC2 applies every ReplaceRoute, the 200 answer is cut in half or
        garbage: the read-back decides."""
        for body in ("truncated", "garbage"):
            with self.subTest(body=body):
                self.fresh(body)
                ENV.fault("garble", action="ReplaceRoute", body=body,
                          times=-1)
                r = self.failover(f"garbled 200 after apply ({body})")
                self.assert_switched(r)

    def test_record_holds_after_lost_answer(self):
        """After a failover whose answers were all lost, a recovery a
        second later waits for the hold-down instead of failing back at
        once (asked as a dry run: no deferred child is left behind)."""
        ENV.fault("drop", action="ReplaceRoute", after=True, times=-1)
        r = self.failover("answer lost, then recovery", timeout=15)
        self.assert_switched(r)
        ENV.proxy_reset()
        argv = [HANDLER, "--no-confirm", "--state", "UP", "--state-type", "HARD",
                "--hold-down", "300", "--dry-run", *self.route_args(),
                "--secondary", self.secondary, "--state-dir",
                self.state_dir, "--log-file", self.logf]
        p = subprocess.run(argv, env=ENV.aws_env(url=ENV.url),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p)
        self.assertIn("dry run: failback would wait", p.stdout)
        self.assertNotIn("ReplaceRoute", ENV.proxy_counts())

    # ---- the read-back fails -----------------------------------------
    def test_verification_read_fails(self):
        """Every ReplaceRoute is accepted, then every DescribeRouteTables
        fails: each pair is reported with the read's EC2 error, and the
        failover is recorded since EC2 accepted it."""
        ENV.fault("status", action="DescribeRouteTables", status=500,
                  skip=1, times=-1)
        r = self.failover("verification read failing", timeout=15)
        self.assertEqual(r.rc, 2, r)
        self.assertEqual(r.routes, {"secondary": 4}, r)
        self.assertEqual(r.record, "failover", r)
        reasons = [line for line in r.log.splitlines()
                   if "result=error" in line]
        self.assertEqual(len(reasons), 4, r.log)
        for line in reasons:
            self.assertIn("reason=read-back failed: InternalError", line)
        self.assertIn("read-back failed: InternalError", r.out)

    # ---- the endpoint is down ----------------------------------------
    def test_endpoint_down(self):
        """Nothing listens: connection refused on every try, tried until
        the budget is spent, nothing moved, ended before -t."""
        url = f"http://127.0.0.1:{free_port()}"
        r = self.failover("endpoint down", timeout=10,
                          env=ENV.aws_env(url=url))
        self.assert_untouched(r)
        self.assertIn("DescribeRouteTables failed: Transport", r.out)
        self.assertGreater(r.secs, 2.5, r)

    def test_endpoint_back_after_2s(self):
        """The endpoint refuses connections for 2 s, then answers: the
        failover goes through."""
        port = free_port()
        relay = LateRelay(port, int(ENV.proxy_endpoint.rsplit(":", 1)[1]),
                          after=2.0)
        try:
            r = self.failover("endpoint down for 2 s", timeout=25,
                              env=ENV.aws_env(
                                  url=f"http://127.0.0.1:{port}"))
        finally:
            relay.close()
        self.assert_switched(r)

    # ---- check_ec2_route ---------------------------------------------
    def test_check_stall_once(self):
        """check_ec2_route: a stalled DescribeRouteTables is abandoned at
        its 5 s limit and retried, not waited on for the whole -t."""
        ENV.fault("delay", action="DescribeRouteTables", **STALL)
        r = self.check_routes("check_ec2_route stall once")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("ROUTES OK - 4/4 routes on primary", r.out)
        self.assertLess(r.secs, CHECK_TRY_S + 3, r)

    def test_check_stall_always(self):
        ENV.fault("delay", action="DescribeRouteTables", times=-1, **STALL)
        r = self.check_routes("check_ec2_route stall always")
        self.assertEqual(r.rc, 3, r)
        self.assertIn("DescribeRouteTables: Transport: timed out", r.out)
        t = self.arrivals("DescribeRouteTables")
        self.assertGreaterEqual(len(t), 2, t)
        gaps = [b - a for a, b in zip(t, t[1:])]
        self.assertLess(max(gaps), CHECK_TRY_S + 2.5, gaps)


class EndpointRules(unittest.TestCase):
    """--endpoint-url, AWS_ENDPOINT_URL(_EC2) and --ca-file: refused before
    anything is sent, as a bad argument (UNKNOWN, 3), naming what is
    wrong and never repeating a password."""

    def run_both(self, extra, env=None):
        ids = ENV.ids
        common = ["--route-table", ids["tables"][0], "--destination",
                  ids["destinations"][0], "--primary", ids["vyos1_eni"],
                  "--secondary", ids["vyos2_eni"], *extra]
        with tempfile.TemporaryDirectory(prefix="vha-faults-") as d:
            for argv in ([HANDLER, "--no-confirm", "--state", "DOWN", "--state-type", "HARD",
                          "--state-dir", d, "--log-file",
                          os.path.join(d, "log"), *common],
                         [CHECK, *common]):
                p = subprocess.run(argv, env=env or ENV.aws_env(url=ENV.url),
                                   capture_output=True, text=True, timeout=60)
                yield os.path.basename(argv[0]), p

    def test_refused(self):
        with tempfile.TemporaryDirectory() as cadir:
            cases = [
                (["--endpoint-url", "http://user:s3cretpw@127.0.0.1:1"], None,
                 "invalid --endpoint-url: credentials"),
                (["--endpoint-url", "http://10.0.0.1:5000"], None,
                 "invalid --endpoint-url: 'http://10.0.0.1:5000': plain "
                 "http:// only to a loopback address"),
                (["--endpoint-url", "http://ec2.eu-west-1.amazonaws.com"],
                 None, "only to a loopback address"),
                (["--ca-file", cadir], None,
                 f"invalid --ca-file: '{cadir}': not a regular file"),
                ([], {"AWS_ENDPOINT_URL_EC2": "http://192.0.2.1:5000"},
                 "AWS_ENDPOINT_URL_EC2: 'http://192.0.2.1:5000': plain "
                 "http:// only to a loopback address"),
                ([], {"AWS_ENDPOINT_URL_EC2": "http://u:s3cretpw@127.0.0.1"},
                 "AWS_ENDPOINT_URL_EC2: credentials"),
            ]
            for extra, envset, needle in cases:
                env = ENV.aws_env(url=ENV.url)
                env.update(envset or {})
                ENV.proxy_reset()
                for prog, p in self.run_both(extra, env):
                    with self.subTest(prog=prog, case=needle):
                        print(f"matrix: {prog} {extra or envset} rc="
                              f"{p.returncode} | {p.stdout.strip()}")
                        self.assertEqual(p.returncode, 3, p)
                        self.assertIn(needle, p.stdout)
                        self.assertEqual(p.stdout.count("\n"), 1, p)
                        self.assertNotIn("s3cretpw", p.stdout + p.stderr)
                with self.subTest(sent=needle):
                    self.assertEqual(ENV.proxy_counts(), {})

    def test_accepted(self):
        """Loopback over http and the test endpoint keep working."""
        for prog, p in self.run_both(["--endpoint-url", ENV.url]):
            with self.subTest(prog=prog):
                self.assertIn(p.returncode, (0, 1), p)


if __name__ == "__main__":
    main()
