#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Integration tests of handle_route_failover's confirmation (issue 9)
against moto, in a network namespace the test creates.

In namespace tconf-PID (loopback only) run moto behind the fault proxy
(t/ec2env.py) and the handler.  The routers are loopback addresses:
vyos-1 = 127.0.0.2 (primary), vyos-2 = 127.0.0.3 (secondary), names from
the namespace's /etc/netns hosts file; a router is "down" when an nftables
rule in the namespace drops the echo requests to its address.  Each
refusal and each convergence is asserted with the ReplaceRoute count.

Run under the machine-wide lock:
  flock /tmp/vha-ns.lock make check TESTS=t/test_confirm.py
Needs root (namespaces, nftables); exits 77 otherwise.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from vhatest import BUILD, TOP, main, need_moto  # noqa: E402

sys.path.insert(0, os.path.join(TOP, "contrib", "lab"))
HANDLER = os.path.join(BUILD, "handlers", "handle_route_failover")
BANNER = os.path.join(TOP, "t", "servers", "banner_server.py")
NS = f"tconf-{os.getpid()}"
P, S = "127.0.0.2", "127.0.0.3"
NOBODY = 65534

if os.geteuid() != 0 or not shutil.which("nft"):
    print("SKIP: test_confirm: needs root and nft (namespaces, nftables)")
    sys.exit(77)
need_moto()
import netns  # noqa: E402
from ec2env import Ec2Env  # noqa: E402

ENV = None
EX = None


def sh(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True,
                          text=True, **kw)


def in_ns(*args, **kw):
    return sh("ip", "netns", "exec", NS, *args, **kw)


def call(fn, *args, **kw):
    """fn(*args) in the namespace (moto listens on its loopback)."""
    return EX.submit(fn, *args, **kw).result(60)


def drop(addr, on=True):
    """The router at addr stops (or starts again) answering ICMP."""
    in_ns("nft", "flush", "chain", "inet", "tconf", "in")
    DOWN.discard(addr)
    if on:
        DOWN.add(addr)
    for a in DOWN:
        in_ns("nft", "add", "rule", "inet", "tconf", "in", "ip", "daddr", a,
              "icmp", "type", "echo-request", "drop")


DOWN = set()


def setUpModule():
    global ENV, EX
    os.makedirs(f"/etc/netns/{NS}", exist_ok=True)
    with open(f"/etc/netns/{NS}/hosts", "w") as f:
        f.write(f"127.0.0.1 localhost\n{P} vyos-1\n{S} vyos-2\n")
    with open(f"/etc/netns/{NS}/resolv.conf", "w") as f:
        f.write("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")
    sh("ip", "netns", "add", NS)
    in_ns("ip", "link", "set", "lo", "up")
    in_ns("nft", "add", "table", "inet", "tconf")
    in_ns("nft", "add", "chain", "inet", "tconf", "in", "{ type filter hook "
          "input priority 0; policy accept; }")
    EX = netns.executor(NS, 2)
    ENV = call(lambda: Ec2Env(tables=2, proxy=True, ipv6=False,
                              foreign=False).start())


def tearDownModule():
    if ENV is not None:
        call(ENV.stop)
    if EX is not None:
        EX.shutdown()
    subprocess.run(["ip", "netns", "del", NS], stderr=subprocess.DEVNULL)
    shutil.rmtree(f"/etc/netns/{NS}", ignore_errors=True)


class Run:
    def __init__(self, proc, log, secs):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.log = log
        self.secs = secs

    def __repr__(self):
        return f"rc={self.rc} out={self.out!r} err={self.err[-1500:]!r}"


class ConfirmTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="vha-confirm-")
        os.chmod(self.tmp.name, 0o777)
        self.state_dir = os.path.join(self.tmp.name, "state")
        self.log = os.path.join(self.tmp.name, "actions.log")
        ids = ENV.ids
        self.tables = ids["tables"]
        self.dest = ids["destinations"][0]
        self.primary = ids["vyos1_eni"]
        self.secondary = ids["vyos2_eni"]
        for t in self.tables:
            call(ENV.set_route, t, self.dest, self.primary)
        drop(P, False)
        drop(S, False)
        # Debian's default: no unprivileged ICMP sockets (root has raw).
        in_ns("sysctl", "-q", "-w", "net.ipv4.ping_group_range=1 0")
        call(ENV.proxy_reset)

    def tearDown(self):
        self.tmp.cleanup()

    def run_handler(self, state, state_type="HARD", extra=(), addresses=True,
                    user=None, state_dir=None):
        argv = ["ip", "netns", "exec", NS]
        if user is not None:
            argv += ["setpriv", f"--reuid={user}", f"--regid={user}",
                     "--clear-groups", "--inh-caps=-all", "--"]
        argv += [HANDLER, "--state", state, "--state-type", state_type]
        for t in self.tables:
            argv += ["--route-table", t]
        argv += ["--destination", self.dest, "--primary", self.primary,
                 "--secondary", self.secondary, "--state-dir",
                 state_dir or self.state_dir, "--log-file", self.log]
        if addresses:
            argv += ["--primary-address", "vyos-1",
                     "--secondary-address", "vyos-2"]
        argv += list(extra)
        t0 = time.monotonic()
        proc = subprocess.run(argv, env=ENV.aws_env(url=ENV.url),
                              capture_output=True, text=True, timeout=60)
        secs = time.monotonic() - t0
        return Run(proc, self.read_log(), secs)

    def read_log(self):
        if not os.path.exists(self.log):
            return ""
        with open(self.log) as f:
            return f.read()

    def replaces(self):
        return call(ENV.proxy_counts).get("ReplaceRoute", 0)

    def targets(self):
        return {call(ENV.route_target, t, self.dest) for t in self.tables}

    def assert_on(self, eni):
        self.assertEqual(self.targets(), {eni})

    # ---- refusals -----------------------------------------------------
    def test_refuses_without_both_addresses(self):
        for extra in ([], ["--primary-address", "vyos-1"],
                      ["--secondary-address", "vyos-2"]):
            r = self.run_handler("DOWN", addresses=False, extra=extra)
            self.assertEqual(r.rc, 3, r)
            self.assertIn("FAILOVER UNKNOWN - refusing to act without "
                          "evidence: give --primary-address and "
                          "--secondary-address (or --no-confirm", r.out)
        self.assertEqual(call(ENV.proxy_counts), {})
        self.assert_on(self.primary)

    def test_primary_answers_so_routes_stay(self):
        # A broken host check says DOWN HARD; vyos-1 answers.
        r = self.run_handler("DOWN", extra=["--primary-ready", "OK"])
        self.assertEqual(r.rc, 0, r)
        self.assertIn("(0 replaced, 2 already set)", r.out)
        self.assertIn(f"primary vyos-1 healthy (ICMP reply in", r.out)
        self.assertIn("action=failback reason=primary-healthy", r.log)
        self.assertEqual(self.replaces(), 0)
        self.assert_on(self.primary)

    def test_unresolvable_primary_is_no_evidence(self):
        r = self.run_handler("DOWN", addresses=False, extra=[
            "--primary-address", "vyos-1.invalid",
            "--secondary-address", "vyos-2"])
        self.assertEqual(r.rc, 3, r)
        self.assertIn("no action: DOWN: no evidence to act on", r.out)
        self.assertIn("cannot resolve 'vyos-1.invalid'", r.out)
        self.assertEqual(call(ENV.proxy_counts), {})
        self.assert_on(self.primary)

    def test_both_down_routes_stay_both_named(self):
        drop(S)
        drop(P)
        r = self.run_handler("DOWN")
        self.assertEqual(r.rc, 2, r)
        self.assertIn("both routers are down, routes left where they are",
                      r.out)
        self.assertIn("primary vyos-1 down (no ICMP reply", r.out)
        self.assertIn("secondary vyos-2 down (no ICMP reply", r.out)
        self.assertEqual(call(ENV.proxy_counts), {})
        self.assert_on(self.primary)

    def test_unready_secondary_never_gets_the_routes(self):
        drop(P)
        r = self.run_handler("DOWN", extra=["--secondary-ready", "CRITICAL"])
        self.assertEqual(r.rc, 2, r)
        self.assertIn("both routers are down", r.out)
        self.assertEqual(self.replaces(), 0)
        r = self.run_handler("DOWN", extra=["--secondary-ready", "UNKNOWN"])
        self.assertEqual(r.rc, 3, r)
        self.assertIn("no evidence", r.out)
        self.assertEqual(self.replaces(), 0)
        self.assert_on(self.primary)

    def test_no_icmp_permission_is_no_evidence(self):
        # As the nagios user on Debian: ping_group_range "1 0", no
        # cap_net_raw.  The probe cannot run: no evidence, never "down".
        in_ns("sysctl", "-q", "-w", "net.ipv4.ping_group_range=1 0")
        drop(P)
        r = self.run_handler("DOWN", user=NOBODY)
        self.assertEqual(r.rc, 3, r)
        self.assertIn("cannot probe", r.out)
        self.assertIn("no evidence", r.out)
        self.assertEqual(call(ENV.proxy_counts), {})

    def test_ssh_banner_alone_is_a_probe(self):
        in_ns("sysctl", "-q", "-w", "net.ipv4.ping_group_range=1 0")
        srv = subprocess.Popen(["ip", "netns", "exec", NS, sys.executable,
                                BANNER, S, "SSH-2.0-OpenSSH_9.2"],
                               stdout=subprocess.PIPE, text=True)
        try:
            port = srv.stdout.readline().strip()
            self.assertTrue(port.isdigit(), port)
            # vyos-1 has no sshd on that port: refused, so down.
            r = self.run_handler("DOWN", user=NOBODY,
                                 extra=["--probe-ssh-port", port])
            self.assertEqual(r.rc, 0, r)
            self.assertIn("failover: 2/2 routes -> " + self.secondary, r.out)
            self.assertIn("secondary vyos-2 healthy", r.out)
            self.assertIn("SSH banner on port", r.out)
            self.assertEqual(self.replaces(), 2)
            self.assert_on(self.secondary)
        finally:
            srv.kill()
            srv.wait()

    # ---- convergence --------------------------------------------------
    def test_primary_down_fails_over_fast(self):
        drop(P)
        r = self.run_handler("DOWN", extra=["--secondary-ready", "0"])
        self.assertEqual(r.rc, 0, r)
        self.assertRegex(r.out, r"^FAILOVER OK - failover: 2/2 routes -> "
                         + re.escape(self.secondary) +
                         r" \(2 replaced, 0 already set\)")
        self.assertIn("primary vyos-1 down (no ICMP reply (5 sent))", r.out)
        self.assertIn("secondary vyos-2 healthy (ICMP reply in", r.out)
        self.assertIn("ready ok", r.out)
        self.assertIn("action=failover reason=primary-down", r.log)
        self.assertEqual(self.replaces(), 2)
        self.assert_on(self.secondary)
        # Both probes at once: the whole probe costs the dead router's
        # --probe-timeout (120 ms), not the sum.
        ms = [float(m) for m in re.findall(r"probe done ms=(\d+)", r.log)]
        self.assertEqual(len(ms), 1, r.log)
        self.assertLessEqual(ms[0], 150, r.log)
        self.assertGreaterEqual(ms[0], 100, r.log)

    def test_readiness_keeps_an_unready_primary_out(self):
        drop(P)
        self.assertEqual(self.run_handler("DOWN").rc, 0)
        self.assert_on(self.secondary)
        drop(P, False)
        call(ENV.proxy_reset)
        # vyos-1 answers again, its BGP is still CRITICAL: stay.
        r = self.run_handler("UP", extra=["--primary-ready", "CRITICAL"])
        self.assertEqual(r.rc, 0, r)
        self.assertIn("(0 replaced, 2 already set)", r.out)
        self.assertIn("primary vyos-1 down (ICMP reply in", r.out)
        self.assertIn("ready down", r.out)
        self.assert_on(self.secondary)
        # Its BGP service recovers: fail back, no other step.
        r = self.run_handler("OK", extra=["--primary-ready", "OK"])
        self.assertEqual(r.rc, 0, r)
        self.assertIn("failback: 2/2 routes -> " + self.primary, r.out)
        self.assertEqual(self.replaces(), 2)
        self.assert_on(self.primary)

    def test_secondary_returns_while_primary_down(self):
        drop(P)
        drop(S)
        self.assertEqual(self.run_handler("DOWN").rc, 2)
        self.assert_on(self.primary)
        drop(S, False)
        r = self.run_handler("UP", extra=["--no-failback"])  # vyos-2 UP
        self.assertEqual(r.rc, 0, r)
        self.assertIn("failover: 2/2 routes -> " + self.secondary, r.out)
        self.assertEqual(self.replaces(), 2)
        self.assert_on(self.secondary)

    def test_dead_secondary_is_left_despite_hold_down(self):
        drop(P)
        self.assertEqual(self.run_handler(
            "DOWN", extra=["--hold-down", "300"]).rc, 0)
        self.assert_on(self.secondary)
        drop(P, False)
        r = self.run_handler("UP", extra=["--hold-down", "300"])
        self.assertIn("scheduled", r.out)
        self.assert_on(self.secondary)
        drop(S)   # vyos-2 dies inside the hold-down
        call(ENV.proxy_reset)
        r = self.run_handler("DOWN", extra=["--hold-down", "300"])
        self.assertEqual(r.rc, 0, r)
        self.assertIn("failback: 2/2 routes -> " + self.primary, r.out)
        self.assertIn("reason=secondary-down", r.log)
        self.assertEqual(self.replaces(), 2)
        self.assert_on(self.primary)

    def test_deferred_failback_looks_again(self):
        drop(P)
        self.run_handler("DOWN", extra=["--hold-down", "2"])
        drop(P, False)
        r = self.run_handler("UP", extra=["--hold-down", "2"])
        self.assertIn("scheduled in", r.out)
        drop(P)   # vyos-1 dies again before the hold-down ends, and no
        deadline = time.monotonic() + 15   # event comes in
        log = ""
        while time.monotonic() < deadline and "deferred not done" not in log:
            time.sleep(0.2)
            log = self.read_log()
        self.assertIn("failback deferred not done: action=failover "
                      "reason=primary-down", log)
        self.assert_on(self.secondary)

    def test_unusable_state_dir_never_blocks(self):
        bad = os.path.join(self.tmp.name, "ro")
        os.makedirs(bad)
        os.chmod(bad, 0o555)
        drop(P)
        # nobody cannot create the state dir; ICMP through the datagram
        # socket (ping_group_range open in this namespace).
        in_ns("sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647")
        r = self.run_handler("DOWN", user=NOBODY,
                             state_dir=os.path.join(bad, "state"))
        self.assertEqual(r.rc, 1, r)
        self.assertIn("FAILOVER WARNING - failover: 2/2 routes -> "
                      + self.secondary, r.out)
        self.assertIn("ran without the lock: cannot create state dir", r.out)
        self.assertIn("running without the lock and the record", r.log)
        self.assertEqual(self.replaces(), 2)
        self.assert_on(self.secondary)

    def test_dry_run_writes_no_record(self):
        drop(P)
        self.run_handler("DOWN", extra=["--hold-down", "2"])
        state = [os.path.join(self.state_dir, f)
                 for f in os.listdir(self.state_dir)
                 if f.endswith(".state")][0]
        drop(P, False)
        r = self.run_handler("UP", extra=["--hold-down", "2"])
        self.assertIn("scheduled", r.out)
        with open(state) as f:
            before = f.read()
        r = self.run_handler("UP", "SOFT", extra=["--hold-down", "2",
                                                  "--dry-run"])
        r = self.run_handler("DOWN", extra=["--hold-down", "2", "--dry-run"])
        self.assertEqual(r.rc, 0, r)
        with open(state) as f:
            self.assertEqual(f.read(), before)
        # so the deferred failback still happens
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and \
                "failback done" not in self.read_log():
            time.sleep(0.2)
        self.assertIn("failback done routes=2/2", self.read_log())
        self.assert_on(self.primary)

    def test_no_confirm_is_the_old_behaviour(self):
        r = self.run_handler("DOWN", addresses=False, extra=["--no-confirm"])
        self.assertEqual(r.rc, 0, r)
        self.assertIn("unconfirmed (--no-confirm)", r.out)
        self.assertEqual(self.replaces(), 2)
        self.assert_on(self.secondary)

    def test_bad_readiness(self):
        r = self.run_handler("DOWN", extra=["--primary-ready", "GREEN"])
        self.assertEqual(r.rc, 3, r)
        self.assertIn("invalid --primary-ready: 'GREEN'", r.out)
        r = self.run_handler("DOWN", extra=["--primary-ready", "",
                                            "--secondary-ready", "3"])
        self.assertEqual(r.rc, 3, r)   # "" and UNKNOWN: no evidence
        self.assertIn("no evidence", r.out)


if __name__ == "__main__":
    main()
