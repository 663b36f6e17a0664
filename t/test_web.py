#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The lab's host scenario with --web: Icinga Web 2 (IDO on a private
PostgreSQL, php -S on 127.0.0.1) shows what the operators would see.

For each phase the lab waits until the web's JSON (/monitoring/list/hosts and
/monitoring/list/services with format=json) agrees with Icinga's API and
takes a screenshot of the VyOS HA dashboard; this test asserts what the web
showed: all UP/OK before; vyos-1 DOWN and the routes service WARNING naming
vyos2's ENI after the failover; all UP/OK again after the failback.  It also
screenshots each plugin's service detail page (the perfdata table).  The
PNGs and the JSON seen are kept in BUILDDIR/t/web-artefacts/ and must be
real pictures: PNG, 1400x1000, not tiny, different from phase to phase.
Afterwards nothing of the web may run and nothing under /etc may change.

Skips (77), saying why, as t/test_lab.py does, and also without the web
stack (see contrib/lab/web.py missing(); t/run installs it).
"""
import hashlib
import json
import os
import shutil
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_lab  # noqa: E402  (preconditions, skip, check, failures)

top_srcdir = test_lab.top_srcdir
top_builddir = test_lab.top_builddir
check = test_lab.check
ARTEFACTS = os.path.join(top_builddir, "t", "web-artefacts")
PREFIX = f"tweb{os.getpid() % 10000}"
DETAILS = (("vyos-1", None), ("vyos-1", "bgp"), ("vyos-2", "aspath"),
           ("home-vpc", "routes"))


def png_info(path):
    """(width, height) from a PNG's IHDR, or None if it is no PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or \
            head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def etc_snapshot():
    """Names and mtimes under the system's Icinga 2, Icinga Web 2 and
    PostgreSQL configuration: the lab's instances must not touch them."""
    out = {}
    for top in ("/etc/icinga2", "/etc/icingaweb2", "/etc/postgresql"):
        for d, _dirs, files in os.walk(top):
            for n in [d] + [os.path.join(d, f) for f in files]:
                try:
                    out[n] = os.lstat(n).st_mtime_ns
                except FileNotFoundError:
                    pass
    return out


def details(lab, phase):
    """Phase hook: the detail page of each plugin's object, once."""
    if phase != "ok":
        return
    for host, svc in DETAILS:
        path = (f"/monitoring/service/show?host={host}&service={svc}" if svc
                else f"/monitoring/host/show?host={host}")
        name = f"detail-{host}-{svc or 'host'}.png"
        lab.web.screenshot(path, os.path.join(lab.work, name), (1400, 1100))


def assert_phases(lab):
    ph = lab.web_phases
    ids = lab.ec2.ids
    check(sorted(ph) == ["failback", "failover", "ok"],
          f"the web was captured in each phase ({sorted(ph)})")
    for phase in ("ok", "failback"):
        st = ph.get(phase, {}).get("states", {})
        bad = {k: v[0] for k, v in st.items() if v[0] not in ("UP", "OK")}
        want = {"vyos-1", "vyos-2", "home-vpc", "vyos-1!bgp", "vyos-2!bgp",
                "vyos-1!aspath", "vyos-2!aspath", "home-vpc!routes"}
        check(want <= set(st) and not bad,
              f"[{phase}] the web shows every host UP and every service OK "
              f"(not: {bad}; missing: {sorted(want - set(st))})")
        routes = st.get("home-vpc!routes", ("", ""))[1]
        check(ids["vyos1_eni"] in routes and "primary" in routes,
              f"[{phase}] routes on the primary, vyos1's ENI ({routes!r})")
    st = ph.get("failover", {}).get("states", {})
    check(st.get("vyos-1", ("",))[0] == "DOWN",
          f"[failover] the web shows vyos-1 DOWN ({st.get('vyos-1')})")
    check(st.get("vyos-2", ("",))[0] == "UP",
          f"[failover] the web shows vyos-2 UP ({st.get('vyos-2')})")
    state, out = st.get("home-vpc!routes", ("", ""))
    check(state == "WARNING" and "failed over" in out and
          ids["vyos2_eni"] in out and
          all(t in out for t in ids["tables"]),
          f"[failover] routes WARNING naming vyos2's ENI "
          f"{ids['vyos2_eni']} and every table ({state} {out!r})")


def assert_pngs(lab):
    shots = [ph["png"] for _, ph in sorted(lab.web_phases.items())]
    shots += [os.path.join(lab.work, f"detail-{h}-{s or 'host'}.png")
              for h, s in DETAILS]
    digests = {}
    for png in shots:
        ok = os.path.exists(png)
        info = png_info(png) if ok else None
        size = os.path.getsize(png) if ok else 0
        check(info is not None and info[0] == 1400 and size > 40000,
              f"{os.path.basename(png)}: a PNG of 1400 px width, "
              f"{size} bytes ({info})")
        if ok:
            digests[png] = hashlib.sha256(open(png, "rb").read()).digest()
            shutil.copy(png, ARTEFACTS)
    phase_digests = [digests.get(lab.web_phases[p]["png"])
                     for p in ("ok", "failover", "failback")
                     if p in lab.web_phases]
    check(len(set(phase_digests)) == 3 and None not in phase_digests,
          "the three phase screenshots differ from each other")


def gone(pid):
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def main():
    test_lab.preconditions()
    sys.path.insert(0, os.path.join(top_srcdir, "contrib", "lab"))
    import web
    if web.missing():
        test_lab.skip("the web stack is missing: " + ", ".join(web.missing())
                      + " (t/run installs it)")
    import lab as lab_mod
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    os.makedirs(ARTEFACTS)
    etc_before = etc_snapshot()
    args = lab_mod.parser().parse_args([
        "run", "--scenario", "host", "--prefix", PREFIX, "--web",
        "--builddir", top_builddir, "--workdir", f"/tmp/{PREFIX}-test-web",
        "--hold-down", "5"])
    lab = lab_mod.Lab(args)
    lab.phase_hooks.append(details)
    pids = []
    try:
        lab.start()
        pids = [p.pid for p in lab.web.procs.values()]
        print(f"web: {lab.web.url}", flush=True)
        lab.wait_all_ok()
        res = lab.failover_failback()
        check(True, f"every step happened: RTO {res['rto']:.2f} s, "
              f"failback {res['failback']:.2f} s")
        assert_phases(lab)
        assert_pngs(lab)
        with open(os.path.join(ARTEFACTS, "web-states.json"), "w") as f:
            json.dump({p: v["states"] for p, v in lab.web_phases.items()},
                      f, indent=1)
    except Exception as e:  # a missing step, or the lab could not run
        check(False, f"{type(e).__name__}: {e}")
    finally:
        lab.stop()
    check(len(pids) == 2 and all(gone(p) for p in pids),
          f"stopped: no process of postgres or php -S left ({pids})")
    changed = sorted(k for k, v in etc_snapshot().items()
                     if etc_before.get(k) != v)
    check(not changed, f"nothing under /etc changed ({changed[:5]})")
    left = [ns for ns in os.listdir("/run/netns")
            if ns.startswith(PREFIX + "-")] \
        if os.path.isdir("/run/netns") else []
    check(not left, f"cleanup: no {PREFIX}-* namespaces left ({left})")
    if not left and not test_lab.failures:
        shutil.rmtree(args.workdir, ignore_errors=True)
    if test_lab.failures:
        print(f"FAIL: test_web: {len(test_lab.failures)} failed "
              f"(artefacts in {ARTEFACTS})")
        return 1
    print(f"PASS: test_web (screenshots in {ARTEFACTS})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
