#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""check_vyos_bgp and check_vyos_aspath against real FRR routers.

The lab of contrib/lab/netlab.py (prefix `tssh`): a VGW, vyos1 (active) and
vyos2 (standby, with the prepend route-map), each router with two IPv4
tunnels, one IPv6 session and (vyos1) a VRF.  The plugins run from the
monitoring namespace through the real sshd of each router (key auth,
known_hosts), and with --local inside the router's namespace.  Failures are
injected live: link cut, admin shutdown, prepend removed, router frozen,
router killed.  Also: unknown and changed host keys, a wrong user and key,
bad arguments.

Exit 0 pass, 77 skipped (not root, no namespaces, no FRR/sshd), 1 failed.
Needs the plugins built: $top_builddir/plugins/check_vyos_{bgp,aspath}.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

TOP = os.environ.get("top_srcdir",
                     os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                  ".."))
BUILD = os.environ.get("top_builddir", TOP)
sys.path.insert(0, os.path.join(TOP, "contrib", "lab"))
import netlab  # noqa: E402

PREFIX = os.environ.get("VHA_TEST_PREFIX", "tssh")
BGP = os.path.join(BUILD, "plugins", "check_vyos_bgp")
ASPATH = os.path.join(BUILD, "plugins", "check_vyos_aspath")
STATES = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"}

failures = []
passed = 0


class Result:
    def __init__(self, argv, cp, took):
        self.argv = argv
        self.code = cp.returncode
        self.out = cp.stdout
        self.err = cp.stderr
        self.line = cp.stdout.splitlines()[0] if cp.stdout else ""
        self.took = took

    @property
    def state(self):
        return STATES.get(self.code, f"exit {self.code}")

    def __str__(self):
        return (f"$ {' '.join(self.argv)}\n  -> {self.state} in "
                f"{self.took:.2f} s: {self.out.strip()}"
                + (f"\n  stderr: {self.err.strip()[:500]}"
                   if self.err.strip() else ""))


def check(name, cond, res=None, why=""):
    global passed
    if cond:
        passed += 1
        print(f"ok   {name}")
        if res is not None and os.environ.get("VHA_TEST_VERBOSE"):
            print(f"     {res}")
    else:
        failures.append(name)
        print(f"FAIL {name}{': ' + why if why else ''}")
        if res is not None:
            print(f"     {res}")


def expect(name, res, state, *words, single_line=True):
    """res ended in state and its status line holds every word."""
    problems = []
    if res.state != state:
        problems.append(f"state {res.state}, expected {state}")
    for w in words:
        if w not in res.line:
            problems.append(f"'{w}' missing from the status line")
    if single_line and len(res.out.strip().splitlines()) != 1:
        problems.append("stdout is not one line")
    check(name, not problems, res, "; ".join(problems))


class Plugins:
    def __init__(self, lab):
        self.lab = lab
        self.help = {}
        for p in (BGP, ASPATH):
            cp = subprocess.run([p, "--help"], capture_output=True,
                                text=True, timeout=10)
            self.help[p] = cp.stdout

    def has(self, plugin, opt):
        return opt in self.help[plugin]

    def run(self, argv, ns=None, timeout=30, env=None):
        full = (["ip", "netns", "exec", ns] if ns else []) + argv
        t0 = time.monotonic()
        cp = subprocess.run(full, capture_output=True, text=True,
                            timeout=timeout, env=env)
        return Result(argv, cp, time.monotonic() - t0)

    def ssh(self, plugin, router, *args, known_hosts=None, key=None,
            user=None, timeout_s=10, env=None):
        """key=False: no -i (the SSH agent of env)."""
        lab = self.lab
        argv = [plugin, "-H", lab.mgmt[router], "-l", user or lab.user]
        if key is not False:
            argv += ["-i", key or lab.client_key]
        argv += ["--known-hosts", known_hosts or lab.known_hosts, "-t",
                 str(timeout_s)]
        return self.run(argv + list(args), ns=lab.ns["mon"], env=env)

    def local(self, plugin, router, *args, timeout_s=10):
        lab = self.lab
        argv = [plugin, "--local"]
        if self.has(plugin, "--vty-socket"):
            argv += ["--vty-socket", lab.vty_dir(router)]
        else:
            argv += ["--vtysh", os.path.join(lab.dir(router, "bin"),
                                             "vtysh")]
        return self.run(argv + ["-t", str(timeout_s)] + list(args),
                        ns=lab.ns[router])


def wait(cond, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.2)
    print(f"     (gave up waiting for {what})")
    return False


def label(addr):
    """The perfdata label prefix of a neighbour: graph-safe."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", addr)


def labels_safe(res):
    """Every perfdata label one word of [A-Za-z0-9_-] (no '.', no ':')."""
    perf = res.line.split("|", 1)[1] if "|" in res.line else ""
    return re.fullmatch(r"( [A-Za-z0-9_-]+=[0-9U][^ ]*)+", perf) is not None


def session_state(lab, router, addr, afi="ipv4"):
    try:
        return lab.sessions(router, afi).get(addr)
    except netlab.LabError:
        return None


def test_steady_state(pl, lab):
    v1 = lab.neighbors("vyos1")
    v2 = lab.neighbors("vyos2")
    r = pl.ssh(BGP, "vyos1")
    expect("bgp over ssh: vyos1 all sessions OK", r, "OK")
    check("bgp over ssh: perfdata per neighbour",
          all(a in r.out for a in v1) and "|" in r.line, r)
    expect("bgp over ssh: graph-safe labels, a session down is critical", r, "OK",
           *[f" {label(a)}_state=1;;1:;0 " for a in v1])
    check("bgp over ssh: every label [A-Za-z0-9_-]", labels_safe(r), r)
    r = pl.ssh(BGP, "vyos1", "-n", v1[0], "-n", v1[1], "--min-up", "2")
    expect("bgp over ssh: -n both tunnels --min-up 2", r, "OK",
           f" {label(v1[0])}_state=1;1:;;0 ", f" {label(v1[1])}_state=1;1:;;0 ",
           " established=2;;2:;0;2")
    r = pl.ssh(BGP, "vyos1", "-n", v1[0], "--min-uptime", "999999")
    expect("bgp over ssh: --min-uptime is uptime's warning range", r, "WARNING",
           "up only")
    check("bgp over ssh: --min-uptime in the perfdata",
          re.search(rf" {label(v1[0])}_uptime=\d+s;999999:;;0 ", r.line) is not None, r)
    r = pl.local(BGP, "vyos2")
    expect("bgp --local: vyos2 OK", r, "OK")
    r = pl.ssh(ASPATH, "vyos1", "--role", "active", "-n", v1[0], "-n", v1[1],
               "--expect-prefix", netlab.HOME_NET)
    expect("aspath over ssh: vyos1 active OK", r, "OK",
           f" {label(v1[0])}_prepend_max=0;;0;0", f" {label(v1[1])}_prepend_max=0;;0;0")
    r = pl.ssh(ASPATH, "vyos2", "--role", "standby", "-n", v2[0], "-n",
               v2[1], "--prepend", "3", "--expect-prefix", netlab.HOME_NET)
    expect("aspath over ssh: vyos2 standby with prepend OK", r, "OK",
           f" {label(v2[0])}_prepend_min=3;;3:;0 ", f" {label(v2[1])}_prepend_min=3;;3:;0 ")
    check("aspath over ssh: every label [A-Za-z0-9_-]", labels_safe(r), r)
    r = pl.local(ASPATH, "vyos2", "--role", "standby", "-n", v2[0])
    expect("aspath --local: vyos2 standby OK", r, "OK")
    r = pl.ssh(ASPATH, "vyos2", "--role", "standby", "-n", v2[0],
               "--prepend", "4")
    expect("aspath: standby with only 3 prepends fails --prepend 4", r,
           "CRITICAL", f" {label(v2[0])}_prepend_min=3;;4:;0 ")
    r = pl.ssh(ASPATH, "vyos2", "--role", "active", "-n", v2[0])
    expect("aspath: the standby checked as active is CRITICAL", r,
           "CRITICAL")
    r = pl.ssh(ASPATH, "vyos1", "--role", "standby", "-n", v1[0])
    expect("aspath: the active checked as standby is CRITICAL", r,
           "CRITICAL", "without prepend")
    r = pl.ssh(ASPATH, "vyos1", "--role", "active", "-n", v1[0],
               "--expect-prefix", "172.16.99.0/24")
    expect("aspath: a missing --expect-prefix is CRITICAL", r, "CRITICAL",
           "172.16.99.0/24")


def test_ipv6_and_vrf(pl, lab):
    v1_6 = lab.neighbors("vyos1", "ipv6")[0]
    v2_6 = lab.neighbors("vyos2", "ipv6")[0]
    r = pl.ssh(BGP, "vyos1", "--afi", "ipv6")
    expect("bgp ipv6: vyos1 OK", r, "OK")
    check("bgp ipv6: names the IPv6 neighbour", v1_6 in r.out, r)
    expect("bgp ipv6: the label has no colons", r, "OK",
           f" {label(v1_6)}_state=1;;1:;0 ")
    check("bgp ipv6: every label [A-Za-z0-9_-]", labels_safe(r), r)
    r = pl.ssh(ASPATH, "vyos2", "--role", "standby", "-n", v2_6,
               "--expect-prefix", netlab.HOME_NET6)
    expect("aspath ipv6: vyos2 standby OK", r, "OK",
           f" {label(v2_6)}_prefixes=", f" {label(v2_6)}_prepend_min=3;;3:;0 ")
    check("aspath ipv6: every label [A-Za-z0-9_-]", labels_safe(r), r)
    r = pl.ssh(ASPATH, "vyos1", "--role", "active", "-n", v1_6)
    expect("aspath ipv6: vyos1 active OK", r, "OK")
    r = pl.ssh(BGP, "vyos1", "--vrf", lab.vrf_name)
    expect("bgp vrf: vyos1's VRF session OK", r, "OK")
    check("bgp vrf: names the VRF neighbour", lab.blue["vgw"] in r.out, r)
    r = pl.ssh(BGP, "vyos1", "--vrf", "nosuchvrf")
    check("bgp vrf: an unknown VRF is not OK",
          r.state in ("UNKNOWN", "CRITICAL"), r)


def test_host_keys_and_auth(pl, lab, tmp):
    # A known_hosts without vyos1 (only vyos2's line).
    unknown = os.path.join(tmp, "known_hosts_unknown")
    with open(lab.known_hosts) as f:
        lines = [ln for ln in f if not ln.startswith(lab.mgmt["vyos1"] + " ")]
    with open(unknown, "w") as f:
        f.writelines(lines)
    r = pl.ssh(BGP, "vyos1", known_hosts=unknown)
    expect("unknown host key: UNKNOWN, refused", r, "UNKNOWN",
           "is not in", unknown)
    with open(unknown) as f:
        check("unknown host key: known_hosts left untouched",
              f.read() == "".join(lines))
    # vyos1's address with another key: a changed key.
    other = os.path.join(tmp, "otherkey")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                    other], check=True)
    with open(other + ".pub") as f:
        kt, kb = f.read().split()[:2]
    changed = os.path.join(tmp, "known_hosts_changed")
    with open(changed, "w") as f:
        f.write(f"{lab.mgmt['vyos1']} {kt} {kb}\n")
    r = pl.ssh(BGP, "vyos1", known_hosts=changed)
    expect("changed host key: UNKNOWN, refused", r, "UNKNOWN", "CHANGED")
    # Only a key of another type for vyos1 (RSA; its sshd has Ed25519).
    rsa = os.path.join(tmp, "rsakey")
    subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "",
                    "-f", rsa], check=True)
    with open(rsa + ".pub") as f:
        kt, kb = f.read().split()[:2]
    other_type = os.path.join(tmp, "known_hosts_other_type")
    with open(other_type, "w") as f:
        f.write(f"{lab.mgmt['vyos1']} {kt} {kb}\n")
    r = pl.ssh(BGP, "vyos1", known_hosts=other_type)
    expect("host key of another type: UNKNOWN, refused", r, "UNKNOWN",
           "CHANGED type")
    # -p: the known_hosts line for [addr]:2222 is the one that counts.
    r = pl.ssh(BGP, "vyos1", "-p", str(netlab.ALT_SSH_PORT))
    expect("-p 2222 with its [addr]:port known_hosts line: OK", r, "OK")
    port22_only = os.path.join(tmp, "known_hosts_port22")
    with open(lab.known_hosts) as f:
        lines22 = [ln for ln in f if not ln.startswith("[")]
    with open(port22_only, "w") as f:
        f.writelines(lines22)
    r = pl.ssh(BGP, "vyos1", "-p", str(netlab.ALT_SSH_PORT),
               known_hosts=port22_only)
    expect("-p 2222 known only on port 22: UNKNOWN, refused", r, "UNKNOWN",
           f":{netlab.ALT_SSH_PORT} is not in")
    r = pl.ssh(BGP, "vyos1", known_hosts=os.path.join(tmp, "nonexistent"))
    expect("missing known_hosts file: UNKNOWN", r, "UNKNOWN", "nonexistent")
    r = pl.ssh(BGP, "vyos1", user="nosuchuser")
    expect("wrong user: UNKNOWN, authentication refused", r, "UNKNOWN",
           "authentication refused", "nosuchuser")
    r = pl.ssh(BGP, "vyos1", key=other)
    expect("key not authorized: UNKNOWN, authentication refused", r,
           "UNKNOWN", "authentication refused")
    r = pl.ssh(BGP, "vyos1", key=os.path.join(tmp, "nonexistent_key"))
    expect("missing key file: UNKNOWN", r, "UNKNOWN", "nonexistent_key")
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    r = pl.ssh(BGP, "vyos1", key=False, env=env)
    expect("no -i and no agent: UNKNOWN", r, "UNKNOWN", "agent")
    # The SSH agent: a private one, holding the lab key, stopped after.
    sock = os.path.join(tmp, "agent.sock")
    agent = subprocess.Popen(["ssh-agent", "-D", "-a", sock],
                             stdout=subprocess.DEVNULL)
    try:
        wait(lambda: os.path.exists(sock), 5, "ssh-agent")
        env = dict(os.environ, SSH_AUTH_SOCK=sock)
        subprocess.run(["ssh-add", "-q", lab.client_key], env=env,
                       check=True, capture_output=True)
        r = pl.ssh(BGP, "vyos1", key=False, env=env)
        expect("auth with the SSH agent (no -i): OK", r, "OK")
        subprocess.run(["ssh-add", "-q", "-D"], env=env, check=True,
                       capture_output=True)
        subprocess.run(["ssh-add", "-q", other], env=env, check=True,
                       capture_output=True)
        r = pl.ssh(BGP, "vyos1", key=False, env=env)
        expect("agent with a key not authorized: UNKNOWN", r, "UNKNOWN",
               "authentication refused")
    finally:
        agent.terminate()
        agent.wait(timeout=5)


def test_bad_arguments(pl, lab):
    for plugin, args, what in (
            (BGP, [], "no host, no --local, no --input"),
            (BGP, ["-H", lab.mgmt["vyos1"], "-n", "not-an-address"],
             "a bad -n"),
            (BGP, ["-H", lab.mgmt["vyos1"], "--afi", "ipv5"], "a bad --afi"),
            (BGP, ["-H", lab.mgmt["vyos1"], "--min-up", "-1"],
             "a bad --min-up"),
            (BGP, ["-H", lab.mgmt["vyos1"], "-t", "zero"], "a bad -t"),
            (BGP, ["-H", lab.mgmt["vyos1"], "--no-such-option"],
             "an unknown option"),
            (ASPATH, ["-H", lab.mgmt["vyos2"], "-n", "169.254.21.1",
                      "--role", "primary"], "a bad --role"),
            (ASPATH, ["-H", lab.mgmt["vyos2"], "-n", "169.254.21.1",
                      "--role", "standby", "--prepend", "x"],
             "a bad --prepend"),
            (ASPATH, ["-H", lab.mgmt["vyos2"], "--role", "standby",
                      "--expect-prefix", "172.31.0.0/99"],
             "a bad --expect-prefix")):
        r = pl.run([plugin] + args, ns=lab.ns["mon"])
        expect(f"bad arguments ({os.path.basename(plugin)}, {what}): "
               "UNKNOWN", r, "UNKNOWN")


def test_link_cut(pl, lab):
    v1 = lab.neighbors("vyos1")
    lab.cut("vyos1", 2)
    wait(lambda: session_state(lab, "vyos1", v1[1]) not in
         (None, "Established"), 15, "tunnel 2 session to drop")
    r = pl.ssh(BGP, "vyos1")
    expect("link cut: bgp CRITICAL naming the peer", r, "CRITICAL", v1[1])
    r = pl.ssh(BGP, "vyos1", "--min-up", "1")
    expect("link cut: --min-up 1 with one of two up is WARNING", r,
           "WARNING", v1[1])
    r = pl.ssh(BGP, "vyos1", "-n", v1[0])
    expect("link cut: -n the other tunnel only is OK", r, "OK")
    r = pl.local(BGP, "vyos1", "-n", v1[1])
    expect("link cut: --local CRITICAL too", r, "CRITICAL", v1[1])
    lab.restore("vyos1")
    r = pl.ssh(BGP, "vyos1", "--min-uptime", "3600")
    expect("flapped session younger than --min-uptime: WARNING", r,
           "WARNING")
    r = pl.ssh(BGP, "vyos1")
    expect("link restored: bgp OK again", r, "OK")


def test_admin_shutdown(pl, lab):
    v1 = lab.neighbors("vyos1")
    lab.shutdown("vyos1", v1[0])
    wait(lambda: session_state(lab, "vyos1", v1[0]) not in
         (None, "Established"), 10, "shutdown to take effect")
    r = pl.ssh(BGP, "vyos1")
    expect("admin shutdown: CRITICAL, named as such", r, "CRITICAL", v1[0])
    check("admin shutdown: the text says shutdown/admin",
          "admin" in r.line.lower() or "shutdown" in r.line.lower(), r)
    lab.restore("vyos1")


def test_prepend_removed(pl, lab):
    v2 = lab.neighbors("vyos2")
    lab.prepend(False)
    wait(lambda: all(p[1] == "65000" for p in lab.paths() if p[0] ==
                     "vyos2"), 15, "the VGW to see vyos2 without prepend")
    r = pl.ssh(ASPATH, "vyos2", "--role", "standby", "-n", v2[0], "-n", v2[1])
    expect("prepend removed live: standby CRITICAL", r, "CRITICAL",
           netlab.HOME_NET, "without prepend")
    r = pl.local(ASPATH, "vyos2", "--role", "standby", "-n", v2[0])
    expect("prepend removed live: --local standby CRITICAL", r, "CRITICAL")
    check("prepend removed: the VGW now has equal paths (Active-Active)",
          any(p[0] == "vyos2" and p[1] == "65000" for p in lab.paths()))
    lab.prepend(True)
    wait(lambda: all(p[1] != "65000" for p in lab.paths() if p[0] ==
                     "vyos2"), 15, "the prepend to be back at the VGW")
    r = pl.ssh(ASPATH, "vyos2", "--role", "standby", "-n", v2[0], "-n", v2[1])
    expect("prepend restored: standby OK", r, "OK")


def test_frozen_and_dead(pl, lab):
    lab.freeze("vyos1")
    try:
        r = pl.ssh(BGP, "vyos1", timeout_s=2)
        expect("frozen router: UNKNOWN (timed out)", r, "UNKNOWN")
        check("frozen router: bounded by -t 2", r.took < 4.0, r,
              f"took {r.took:.2f} s")
        # vtysh itself hangs on a frozen daemon: -t must still hold.
        r = pl.local(BGP, "vyos1", timeout_s=2)
        expect("frozen daemons, --local: UNKNOWN", r, "UNKNOWN")
        check("frozen daemons, --local: bounded by -t 2", r.took < 4.0, r,
              f"took {r.took:.2f} s")
    finally:
        lab.thaw("vyos1")
    lab.kill("vyos1")
    try:
        check("vyos1 killed: the VGW moves to vyos2",
              wait(lambda: lab.bestpath() == "vyos2", 10, "failover"))
        r = pl.ssh(BGP, "vyos1", timeout_s=2)
        expect("dead router (traffic dropped): UNKNOWN", r, "UNKNOWN")
        check("dead router: bounded by -t 2", r.took < 4.0, r,
              f"took {r.took:.2f} s")
        lab.undrop("vyos1")
        r = pl.local(BGP, "vyos1")
        expect("dead daemons, --local: UNKNOWN (vtysh cannot connect)", r,
               "UNKNOWN")
    finally:
        lab.restore("vyos1")
    check("vyos1 restored: the VGW prefers vyos1 again",
          wait(lambda: lab.bestpath() == "vyos1", 15, "failback"))
    r = pl.ssh(BGP, "vyos1")
    expect("vyos1 restored: bgp OK", r, "OK")


def main():
    # A harness timeout (SIGTERM) must still tear the lab down.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    why = netlab.Lab.preflight()
    if why:
        print(f"SKIP: the BGP lab cannot run here: {why}")
        return 77
    for p in (BGP, ASPATH):
        if not os.access(p, os.X_OK):
            print(f"ERROR: {p} is not built")
            return 99
    with tempfile.TemporaryDirectory(prefix="test_bgp_lab.") as tmp:
        os.chmod(tmp, 0o755)
        lab = netlab.Lab(PREFIX, os.path.join(tmp, "lab"),
                         log=lambda m: print(f"     lab: {m}"))
        try:
            lab.up()
            pl = Plugins(lab)
            test_steady_state(pl, lab)
            test_ipv6_and_vrf(pl, lab)
            test_host_keys_and_auth(pl, lab, tmp)
            test_bad_arguments(pl, lab)
            test_link_cut(pl, lab)
            test_admin_shutdown(pl, lab)
            test_prepend_removed(pl, lab)
            test_frozen_and_dead(pl, lab)
        finally:
            lab.down()
    print(f"{passed} passed, {len(failures)} failed")
    for f in failures:
        print(f"  failed: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
