#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""End-to-end test of the HA lab (contrib/lab/ha.py): two Icinga 2 masters
in one zone, each with the handler, the routers and the EC2 endpoint of the
lab.  One lab run, four scenarios (see ha.py): connected, partition, flap
(both with the masters partitioned by nftables, so the partition is waited
for once), owner-dies.  Each asserts the ReplaceRoute calls per pair counted
by the fault proxy in front of moto and the route targets sampled every
0.1 s; it also asserts which masters ran the handler.

Skips (77) as t/test_lab.py does.  Run it under the machine-wide lock:
    flock /tmp/vha-ns.lock make -s check TESTS=t/test_ha.py
"""
import os
import shutil
import sys

top_srcdir = os.environ.get("top_srcdir") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
top_builddir = os.environ.get("top_builddir") or top_srcdir
sys.path.insert(0, os.path.join(top_srcdir, "t"))
sys.path.insert(0, os.path.join(top_srcdir, "contrib", "lab"))
import test_lab  # noqa: E402  (preconditions, skip)

PREFIX = f"tha{os.getpid() % 10000}"
ORDER = ("connected", "partition", "flap", "owner-dies")


def main():
    test_lab.preconditions()
    import lab as lab_mod
    import ha
    failures = []
    workdir = f"/tmp/{PREFIX}-test-ha"
    args = lab_mod.parser().parse_args([
        "run", "--ha", "--prefix", PREFIX, "--builddir", top_builddir,
        "--workdir", workdir, "--hold-down", "5"])
    lab = ha.HaLab(args)

    def check(ok, text):
        print(("ok     " if ok else "FAILED ") + text, flush=True)
        if not ok:
            failures.append(text)
    try:
        lab.start()
        lab.wait_all_ok()
        check(lab.routes_on("vyos1"), "before: routes on vyos1")
        for name in os.environ.get("TEST_HA_SCENARIOS",
                                   " ".join(ORDER)).split():
            try:
                res = lab.scenario(name)
            except Exception as e:   # a step that did not happen
                check(False, f"[{name}] {type(e).__name__}: {e}")
                continue
            for ok, text in res["checks"]:
                check(ok, text)
            if "rto" in res:
                print(f"       [{name}] RTO {res['rto']:.2f} s, failback "
                      f"{res['failback']:.2f} s, acted: {res.get('acted')}")
            if name == "flap":
                print(f"       [flap] {res['switches']} switches "
                      f"({res['switches_out']} to vyos2, "
                      f"{res['switches_back']} back)")
            if name != "owner-dies":
                lab.wait_all_ok()
    except Exception as e:  # the lab could not start
        check(False, f"{type(e).__name__}: {e}")
    finally:
        lab.stop()
    left = [n for n in os.listdir("/run/netns") if n.startswith(PREFIX + "-")]
    check(not left, f"cleanup: no {PREFIX}-* namespaces left ({left})")
    if not left:
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print(f"FAIL: test_ha: {len(failures)} failed")
        return 1
    print("PASS: test_ha")
    return 0


if __name__ == "__main__":
    sys.exit(main())
