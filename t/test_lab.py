#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""End-to-end test of the lab (contrib/lab): real FRR routers and VGW, a real
Icinga 2 or Nagios 4 scheduling our checks and firing handle_route_failover,
moto as EC2.  Both cores load the shipped definitions and the example
deployment (contrib/{icinga2,nagios}/examples) as they are.

Icinga 2 runs each trigger scenario (host death, BGP loss), Nagios 4 the host
scenario (TEST_LAB_SCENARIOS and TEST_LAB_MONITORS narrow them).  Each cuts
vyos1, restores it, and asserts: the monitoring's state changes (SOFT then
HARD problem, recovery), the
route tables (all on vyos2 after the cut, all back on vyos1 after the
hold-down), the VGW's best path (vyos2, then vyos1), check_ec2_route
(WARNING while failed over, OK after), the handler's log lines, and that
nothing was switched twice: the fault proxy in front of moto sees exactly one
ReplaceRoute per route table to vyos2 and one back.  The handler confirms
with its own probes and the BGP states (the lab's default wiring).

Then the safety cases of contrib/lab/safety.py (a broken host check, both
routers down, a primary back before its BGP, an unusable state dir), each
asserting the ReplaceRoute calls and the route targets sampled every 0.1 s.
TEST_LAB_SCENARIOS and TEST_LAB_SAFETY choose (default: all).

Skips (77), saying why, when not root or without network namespaces,
icinga2, FRR or the built programs; a missing nagios4 (nagios4-core) skips
its run and says so; without moto it is a hard error (99) unless
VHA_SKIP_EC2=1 (see t/vhatest.py).
"""
import os
import shutil
import subprocess
import sys
import types

SKIP = 77
top_srcdir = os.environ.get("top_srcdir") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
top_builddir = os.environ.get("top_builddir") or top_srcdir
sys.path.insert(0, os.path.join(top_srcdir, "t"))
from vhatest import no_ec2  # noqa: E402


def skip(why):
    print(f"SKIP: test_lab: {why}")
    sys.exit(SKIP)


def preconditions():
    if os.geteuid() != 0:
        skip("needs root (network namespaces, FRR, Icinga 2)")
    probe = f"tlabprobe{os.getpid()}"
    if subprocess.run(["ip", "netns", "add", probe],
                      stderr=subprocess.DEVNULL).returncode != 0:
        skip("cannot create network namespaces here")
    subprocess.run(["ip", "netns", "del", probe])
    if not shutil.which("icinga2"):
        skip("icinga2 is not installed (Debian package icinga2)")
    if not os.access("/usr/lib/frr/bgpd", os.X_OK):
        skip("FRR is not installed (Debian package frr)")
    if subprocess.run([sys.executable, "-c", "import moto.server, boto3"],
                      stderr=subprocess.DEVNULL).returncode != 0:
        no_ec2(f"moto[server] is not importable by {sys.executable}")
    for p in ("plugins/check_vyos_alive", "plugins/check_vyos_bgp",
              "plugins/check_vyos_aspath", "plugins/check_ec2_route",
              "handlers/handle_route_failover"):
        if not os.access(os.path.join(top_builddir, p), os.X_OK):
            skip(f"{p} is not built in {top_builddir}")


failures = []


def check(cond, what):
    print(("ok     " if cond else "FAILED ") + what, flush=True)
    if not cond:
        failures.append(what)


# Unique per run: two `make check` at once (or a lab someone is trying by
# hand) must not clean up each other's namespaces.
PREFIX = f"tlab{os.getpid() % 10000}"


def run_scenario(lab_mod, scenario, monitor):
    args = lab_mod.parser().parse_args([
        "run", "--scenario", scenario, "--monitor", monitor,
        "--prefix", PREFIX, "--builddir", top_builddir,
        "--workdir", f"/tmp/{PREFIX}-test-{monitor}-{scenario}",
        "--hold-down", "5"])
    tag = scenario if monitor == "icinga2" else f"{monitor} {scenario}"
    lab = lab_mod.Lab(args)
    try:
        lab.start()
        lab.wait_all_ok()
        ids = lab.ec2.ids
        check(lab.routes_on("vyos1") and lab.vgw_best == "vyos1",
              f"[{tag}] before: routes and VGW best path on vyos1")
        res = lab.failover_failback()   # raises when a step is missing
        check(True, f"[{tag}] every step happened: detection "
              f"{res['detect']:.2f} s, RTO {res['rto']:.2f} s, failback "
              f"{res['failback']:.2f} s")
        vgw = [b for t, b in lab.vgw_changes if t >= res["cut"] and b]
        check(vgw[:1] == ["vyos2"] and vgw[-1:] == ["vyos1"],
              f"[{tag}] VGW best path: vyos2 after the cut, vyos1 after "
              f"the restore (saw {vgw})")
        trig = lab.trigger()
        down = "DOWN" if scenario == "host" else "CRITICAL"
        up = "UP" if scenario == "host" else "OK"
        seq = [(s, ty) for t, n, s, ty in lab.history
               if n == trig and t >= res["cut"]]
        check((down, "SOFT") in seq and (down, "HARD") in seq and
              seq.index((down, "SOFT")) < seq.index((down, "HARD")),
              f"[{tag}] {monitor}: {trig} {down} SOFT then HARD "
              f"(saw {seq})")
        check(seq and seq[-1] == (up, "HARD"),
              f"[{tag}] {monitor}: {trig} recovered to {up} HARD")
        routes_seq = [s for t, n, s, ty in lab.history
                      if n == "home-vpc!routes" and t >= res["cut"]]
        check("WARNING" in routes_seq and routes_seq[-1] == "OK",
              f"[{tag}] check_ec2_route WARNING then OK "
              f"(saw {routes_seq})")
        if scenario == "bgp":
            host_seq = [s for t, n, s, ty in lab.history
                        if n == "vyos-1" and t >= res["cut"]]
            check("DOWN" not in host_seq,
                  f"[{tag}] vyos-1's host stayed UP while its tunnels were "
                  "down")
        check(lab.routes_on("vyos1"), f"[{tag}] after: routes on vyos1 "
              f"({lab.routes})")
        check(lab.vgw_best == "vyos1",
              f"[{tag}] after: VGW best path via vyos1")
        # Handler log: one failover that replaced every pair, one failback.
        lines = [l for t, l in lab.handler_lines if t >= res["cut"]]
        n = len(ids["tables"])
        fo = [l for l in lines if "failover done" in l]
        fb = [l for l in lines if "failback done" in l]
        check(len(fo) >= 1 and f"routes={n}/{n}" in fo[0] and
              f"replaced={n}" in fo[0] and
              all("replaced=0" in l for l in fo[1:]),
              f"[{tag}] handler: failover done, {n}/{n} replaced "
              f"once ({fo})")
        check(len(fb) >= 1 and f"routes={n}/{n}" in fb[0] and
              f"replaced={n}" in fb[0] and
              all("replaced=0" in l for l in fb[1:]),
              f"[{tag}] handler: failback done, {n}/{n} replaced "
              f"once ({fb})")
        check(any("action=failback-deferred" in l for l in lines) or
              any("action=failback" in l for l in lines),
              f"[{tag}] handler: recovery event logged")
        # The fault proxy's log: exactly one ReplaceRoute per table to the
        # standby's ENI and one back to the active's.
        log = lab.mon_exec.submit(lab.ec2.proxy_log).result(10)
        reps = [e["params"] for e in log if e.get("action") == "ReplaceRoute"]
        for rtb in ids["tables"]:
            to2 = [p for p in reps if p.get("RouteTableId") == rtb and
                   p.get("NetworkInterfaceId") == ids["vyos2_eni"]]
            to1 = [p for p in reps if p.get("RouteTableId") == rtb and
                   p.get("NetworkInterfaceId") == ids["vyos1_eni"]]
            check(len(to2) == 1 and len(to1) == 1,
                  f"[{tag}] {rtb}: one ReplaceRoute to vyos2, one back "
                  f"({len(to2)}, {len(to1)})")
        check(len(reps) == 2 * n, f"[{tag}] {len(reps)} ReplaceRoute "
              f"calls in all, expected {2 * n}")
    finally:
        lab.stop()
    left = [ns for ns in os.listdir("/run/netns")
            if ns.startswith(PREFIX + "-")] \
        if os.path.isdir("/run/netns") else []
    check(not left, f"[{tag}] cleanup: no {PREFIX}-* namespaces left "
          f"({left})")
    if not left:
        shutil.rmtree(args.workdir, ignore_errors=True)


def run_safety(lab_mod, case):
    import safety
    args = lab_mod.parser().parse_args([
        "safety", "--case", case, "--prefix", PREFIX,
        "--builddir", top_builddir,
        "--workdir", f"/tmp/{PREFIX}-test-{case}", "--hold-down", "5"])
    args.broken_state_dir = case == "state-dir"
    lab = lab_mod.Lab(args)
    try:
        lab.start()
        lab.wait_all_ok()
        for ok, what in safety.Safety(lab).run(case):
            if not ok:
                failures.append(what)
    finally:
        lab.stop()
    shutil.rmtree(args.workdir, ignore_errors=True)


def main():
    preconditions()
    sys.path.insert(0, os.path.join(top_srcdir, "contrib", "lab"))
    import lab as lab_mod
    if not isinstance(lab_mod, types.ModuleType):
        skip("contrib/lab/lab.py not importable")
    scenarios = os.environ.get("TEST_LAB_SCENARIOS", "host bgp").split()
    monitors = os.environ.get("TEST_LAB_MONITORS", "icinga2 nagios4").split()
    # Nagios 4 with a handler that acts on the event's state alone follows
    # vyos-1's host only (contrib/nagios/examples/site.cfg).
    runs = [(m, s) for m in monitors for s in scenarios
            if m == "icinga2" or s == "host"]
    for monitor, scenario in runs:
        if monitor == "nagios4" and not shutil.which("nagios4") and \
                not os.access("/usr/sbin/nagios4", os.X_OK):
            print(f"SKIP: [nagios4 {scenario}] nagios4 is not installed "
                  "(Debian package nagios4-core)")
            continue
        try:
            run_scenario(lab_mod, scenario, monitor)
        except Exception as e:  # a missing step, or the lab could not run
            check(False, f"[{monitor} {scenario}] {type(e).__name__}: {e}")
    import safety
    cases = os.environ.get("TEST_LAB_SAFETY", " ".join(safety.CASES)).split()
    for case in cases:
        try:
            run_safety(lab_mod, case)
        except Exception as e:  # a missing step, or the lab could not run
            check(False, f"[{case}] {type(e).__name__}: {e}")
    if failures:
        print(f"FAIL: test_lab: {len(failures)} failed")
        return 1
    print("PASS: test_lab")
    return 0


if __name__ == "__main__":
    sys.exit(main())
