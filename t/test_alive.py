#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Integration test of check_vyos_alive in network namespaces it creates.

Two namespaces joined by a veth pair: the check runs in the client one
(ticmp-c-PID, 10.77.0.1 / fd77::1), the "router" is the peer (ticmp-p-PID,
10.77.0.2 / fd77::2).  ping_group_range is per namespace, so the socket
modes are chosen there without touching the host.  Needs root (namespaces,
nftables, raw sockets); exits 77 otherwise.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

TOP_SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), ".."))
TOP_BUILD = os.environ.get("top_builddir", TOP_SRC)
PLUGIN = os.path.join(TOP_BUILD, "plugins", "check_vyos_alive")
SERVERS = os.path.join(TOP_SRC, "t", "servers")

TAG = "ticmp"
PID = os.getpid()
CLIENT = f"{TAG}-c-{PID}"
PEER = f"{TAG}-p-{PID}"
VETH_C = f"{TAG}c{PID}"[:15]
VETH_P = f"{TAG}p{PID}"[:15]
C4, P4 = "10.77.0.1", "10.77.0.2"
C6, P6 = "fd77::1", "fd77::2"
NOBODY = 65534
HOSTNAME = "vyos-ticmp-test"  # resolvable only inside the client namespace

failures = []
children = []


def sh(*args, check=True, **kw):
    return subprocess.run(list(args), check=check, capture_output=True, text=True, **kw)


def in_ns(ns, *args, check=True):
    return sh("ip", "netns", "exec", ns, *args, check=check)


def sysctl(ns, key, value):
    in_ns(ns, "sysctl", "-q", "-w", f"{key}={value}")


def setup():
    os.makedirs(f"/etc/netns/{CLIENT}", exist_ok=True)
    with open(f"/etc/netns/{CLIENT}/hosts", "w") as f:
        f.write(f"127.0.0.1 localhost\n{P4} {HOSTNAME}\n{P6} {HOSTNAME}\n")
    sh("ip", "netns", "add", CLIENT)
    sh("ip", "netns", "add", PEER)
    sh("ip", "link", "add", VETH_C, "netns", CLIENT, "type", "veth",
       "peer", "name", VETH_P, "netns", PEER)
    for ns, dev, a4, a6 in ((CLIENT, VETH_C, C4, C6), (PEER, VETH_P, P4, P6)):
        in_ns(ns, "ip", "link", "set", "lo", "up")
        in_ns(ns, "ip", "addr", "add", f"{a4}/24", "dev", dev)
        in_ns(ns, "ip", "addr", "add", f"{a6}/64", "dev", dev, "nodad")
        in_ns(ns, "ip", "link", "set", dev, "up")
    # Wait for the link (and IPv6 neighbour discovery to be possible).
    for _ in range(50):
        if in_ns(CLIENT, "ping", "-c1", "-W1", P4, check=False).returncode == 0 and \
           in_ns(CLIENT, "ping", "-6", "-c1", "-W1", P6, check=False).returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError("veth link between the namespaces did not come up")


def cleanup():
    for p in children:
        if p.poll() is None:
            p.kill()
            p.wait()
    for ns in (CLIENT, PEER):
        sh("ip", "netns", "del", ns, check=False)
    shutil.rmtree(f"/etc/netns/{CLIENT}", ignore_errors=True)


def check(*args, user=None, binary=PLUGIN, ns=None):
    """Run the plugin in the client namespace; (rc, stdout, stderr, seconds)."""
    cmd = ["ip", "netns", "exec", ns or CLIENT]
    if user is not None:
        cmd += ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups",
                "--inh-caps=-all", "--"]
    cmd += [binary, *args]
    t0 = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr, time.monotonic() - t0


def expect(name, result, rc, pattern):
    got_rc, out, err, secs = result
    lines = out.splitlines()
    ok = got_rc == rc and len(lines) == 1 and re.search(pattern, out) is not None
    print(f"{'ok  ' if ok else 'FAIL'} {name}: rc={got_rc} {secs:.3f}s {out.strip()}")
    if not ok:
        print(f"     expected rc={rc} and one line matching {pattern!r}; stderr: {err.strip()}")
        failures.append(name)
    return out


def loss_of(out):
    m = re.search(r"lost (\d+)%", out)
    return int(m.group(1)) if m else -1


def start_server(ns, *args):
    p = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, *args],
                         stdout=subprocess.PIPE, text=True)
    children.append(p)
    line = p.stdout.readline().strip()
    if not line:
        raise RuntimeError(f"helper {args[0]} did not start")
    return p, line


def stop(p):
    p.kill()
    p.wait()


# check_icmp's names, order and layout; pl with its bounds 0..100.
PERF = r"\| rta=[0-9.]+ms;[0-9.]+;[0-9.]+;0; pl=\d+%;[0-9.]+;[0-9.]+;0;100 rtmax=[0-9.]+ms;;;; rtmin=[0-9.]+ms;;;;$"
# No reply: the times are unknown (U), never 0 ms.
PERF_DEAD = r"\| rta=U;;;; pl=100%;[0-9.]+;[0-9.]+;0;100 rtmax=U;;;; rtmin=U;;;;$"


def scenarios():
    # Live peer, as root with ping_group_range closed: the raw socket.
    sysctl(CLIENT, "net.ipv4.ping_group_range", "1 0")
    out = expect("live peer (raw socket as root)", check("-H", P4, "-v"), 0,
                 rf"^ALIVE OK - {re.escape(P4)} rta [0-9.]+ms lost 0% " + PERF)
    r = check("-H", P4, "-v")
    if "using a raw socket" not in r[2]:
        failures.append("raw mode not used as root without ping_group_range")
        print("FAIL raw mode: " + r[2])

    # The functional requirement: 5 packets at 80 ms end in under 0.5 s.
    r = check("-H", P4, "-n", "5", "-i", "80")
    expect("timing: 5 packets at 80 ms", r, 0, r"^ALIVE OK")
    if r[3] >= 0.5:
        failures.append(f"live check took {r[3]:.3f} s (>= 0.5 s)")
        print(f"FAIL timing {r[3]:.3f}s")

    # Unprivileged: the namespace's ping_group_range admits nobody.
    sysctl(CLIENT, "net.ipv4.ping_group_range", "0 2147483647")
    r = check("-H", P4, "-v", user=NOBODY)
    expect("unprivileged ICMP socket as nobody", r, 0, rf"^ALIVE OK - {re.escape(P4)} rta ")
    if "using a unprivileged ICMP socket" not in r[2]:
        failures.append("datagram mode not used")
        print("FAIL dgram mode: " + r[2])
    r = check("-H", P6, "-v", user=NOBODY)
    expect("unprivileged ICMPv6 socket as nobody", r, 0, rf"^ALIVE OK - {re.escape(P6)} rta ")

    # Neither: nobody outside ping_group_range and no capabilities.
    sysctl(CLIENT, "net.ipv4.ping_group_range", "1 0")
    expect("neither datagram nor raw allowed", check("-H", P4, user=NOBODY), 3,
           r"^ALIVE UNKNOWN - not allowed to send ICMP echo .*ping_group_range.*"
           r"setcap cap_net_raw\+ep")

    # cap_net_raw on a copy of the binary: raw socket as nobody.
    tmp = tempfile.mkdtemp(prefix="ticmp-")
    try:
        os.chmod(tmp, 0o755)
        copy = os.path.join(tmp, "check_vyos_alive")
        shutil.copy(PLUGIN, copy)
        os.chmod(copy, 0o755)
        if sh("setcap", "cap_net_raw+ep", copy, check=False).returncode != 0:
            print("skip cap_net_raw: setcap failed on", tmp)
        else:
            r = check("-H", P4, "-v", user=NOBODY, binary=copy)
            expect("cap_net_raw binary as nobody", r, 0, r"^ALIVE OK")
            if "using a raw socket" not in r[2]:
                failures.append("raw mode not used with cap_net_raw")
                print("FAIL cap mode: " + r[2])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # IPv6 (raw as root) and names from the namespace's hosts file.
    expect("IPv6 literal", check("-H", P6), 0,
           rf"^ALIVE OK - {re.escape(P6)} rta [0-9.]+ms lost 0% " + PERF)
    r = check("-H", HOSTNAME, "-6", "-v")
    expect("name, -6", r, 0, rf"^ALIVE OK - {HOSTNAME} rta ")
    if P6 not in r[2]:
        failures.append("-6 did not resolve to the IPv6 address")
    r = check("-H", HOSTNAME, "-4", "-v")
    expect("name, -4", r, 0, rf"^ALIVE OK - {HOSTNAME} rta ")
    if P4 not in r[2]:
        failures.append("-4 did not resolve to the IPv4 address")

    # monitoring-plugins' check_icmp.t: a zero RTA forces a state, with the
    # real numbers (no reply counted late).
    expect("check_icmp.t: -w/-c 10000ms,100%", check("-H", P4, "-w", "10000ms,100%",
                                                    "-c", "10000ms,100%"), 0,
           rf"^ALIVE OK - {re.escape(P4)} rta [0-9.]+ms lost 0% ")
    expect("check_icmp.t: -w 0ms,0% forces WARNING", check("-H", P4, "-w", "0ms,0%",
                                                          "-c", "10000ms,100%"), 1,
           rf"^ALIVE WARNING - {re.escape(P4)} rta [0-9.]+ms lost 0% ")
    expect("-w 0,0% -c 100ms,100% forces WARNING", check("-H", P4, "-w", "0,0%",
                                                         "-c", "100ms,100%"), 1,
           rf"^ALIVE WARNING - {re.escape(P4)} rta [0-9.]+ms lost 0% ")
    expect("check_icmp.t: -w 0,0% -c 0,0% forces CRITICAL", check("-H", P4, "-w", "0,0%",
                                                                 "-c", "0,0%"), 2,
           rf"^ALIVE CRITICAL - {re.escape(P4)} rta [0-9.]+ms lost 0% ")

    # Unresolvable names: a DNS/config problem, UNKNOWN naming the host.
    expect("unresolvable name", check("-H", "no-such-router.invalid"), 3,
           r"^ALIVE UNKNOWN - cannot resolve 'no-such-router\.invalid'")
    expect("IPv6 literal with -4", check("-H", P6, "-4"), 3,
           rf"^ALIVE UNKNOWN - cannot resolve '{re.escape(P6)}' \(IPv4\)")

    # Bad arguments: UNKNOWN, one line naming the argument.
    for args, pat in (
        (["-H", P4, "-n", "0"], r"--packets '0'"),
        (["-H", P4, "-n", "x"], r"--packets 'x'"),
        (["-H", P4, "-i", "5"], r"--interval '5'.*10"),
        (["-H", P4, "-w", "foo"], r"--warning: bad threshold 'foo'"),
        (["-H", P4, "-c", "200,150%"], r"--critical: .*loss must be 0 to 100"),
        (["-H", P4, "-w", ",40%"], r"--warning"),
        (["-H", P4, "--ssh-port", "0"], r"--ssh-port '0'"),
        (["-H", P4, "-t", "0"], r"--timeout '0'"),
        (["-H", P4, "--bogus"], r"unknown option --bogus"),
        (["-H", P4, "extra"], r"unexpected argument 'extra'"),
        (["-n", "3"], r"missing -H"),
        (["-H"], r"needs an argument"),
    ):
        expect("bad arguments " + " ".join(args), check(*args), 3, r"^ALIVE UNKNOWN - .*" + pat)

    # SSH banner present, wrong, silent, and refused.
    p, port = start_server(PEER, os.path.join(SERVERS, "banner_server.py"), P4,
                           "SSH-2.0-OpenSSH_9.2p1 ticmp")
    expect("SSH banner present", check("-H", P4, "--ssh-port", port), 0,
           rf"^ALIVE OK - {re.escape(P4)} rta [0-9.]+ms lost 0%, SSH banner on port {port} \|")
    stop(p)
    p, port6 = start_server(PEER, os.path.join(SERVERS, "banner_server.py"), P6,
                            "SSH-1.99-Cisco-1.25")
    expect("SSH banner over IPv6 (1.99)", check("-H", P6, "--ssh-port", port6), 0,
           r"^ALIVE OK - .*SSH banner on port")
    stop(p)
    p, port = start_server(PEER, os.path.join(SERVERS, "banner_server.py"), P4,
                           "HTTP/1.1 400 Bad Request")
    expect("wrong banner", check("-H", P4, "--ssh-port", port), 2,
           rf"^ALIVE CRITICAL - {re.escape(P4)} rta [0-9.]+ms lost 0%, no SSH banner on "
           rf"{re.escape(P4)}:{port} \(not an SSH banner: 'HTTP/1.1 400 Bad Request'\) \|")
    stop(p)
    p, port = start_server(PEER, os.path.join(SERVERS, "banner_server.py"), P4, "-")
    r = check("-H", P4, "--ssh-port", port, "-t", "2")
    expect("silent SSH port (timeout)", r, 2,
           rf"no SSH banner on {re.escape(P4)}:{port} \(connected, but nothing received within")
    if r[3] > 2.5:
        failures.append("silent SSH port overran -t")
    stop(p)
    # The port the last server used is closed now: refused.
    expect("SSH port refused", check("-H", P4, "--ssh-port", port), 2,
           rf"no SSH banner on {re.escape(P4)}:{port} \(Connection refused\)")

    # Replies delayed past the thresholds by a user-space responder.
    sysctl(PEER, "net.ipv4.icmp_echo_ignore_all", "1")
    expect("kernel echo off: 100% loss", check("-H", P4, "-n", "3", "-i", "20"), 2,
           rf"^ALIVE CRITICAL - {re.escape(P4)} rta n/a lost 100% " + PERF_DEAD)
    expect("kernel echo off, thresholds: pl keeps them, the times are U",
           check("-H", P4, "-n", "2", "-i", "20", "-w", "100,40%", "-c", "200,60%"), 2,
           r"\| rta=U;;;; pl=100%;40;60;0;100 rtmax=U;;;; rtmin=U;;;;$")
    # -t bounds a long run: it reports what it has before the alarm.
    r = check("-H", P4, "-n", "1000", "-i", "10", "-t", "1")
    expect("-t cuts a long run short with numbers", r, 2,
           r"^ALIVE CRITICAL - .* rta n/a lost 100% ")
    if r[3] > 1.3:
        failures.append(f"-t 1 run took {r[3]:.3f} s")
    p, _ = start_server(PEER, os.path.join(SERVERS, "echo_responder.py"), "0.15")
    r = check("-H", P4, "-w", "100,40%", "-c", "1000,80%")
    expect("replies 150 ms late: WARNING by rta", r, 1,
           r"^ALIVE WARNING - .* rta (1[5-9]|[2-9][0-9])[0-9]\.[0-9]+ms lost 0% ")
    # Unanswered, the requests go out 80 ms apart: the last at 320 ms, its
    # reply at 470 ms.  Sooner would mean the interval was not kept.
    if r[3] < 0.46:
        failures.append(f"slow replies: done in {r[3]:.3f} s, interval not kept")
    expect("replies 150 ms late: CRITICAL by rta",
           check("-H", P4, "-w", "50,40%", "-c", "120,80%"), 2,
           r"^ALIVE CRITICAL - .* rta [1-9][0-9]{2,}\.[0-9]+ms lost \d+% ")
    stop(p)
    p, _ = start_server(PEER, os.path.join(SERVERS, "echo_responder.py"), "0", "3")
    r = check("-H", P4, "-v")
    expect("every reply three times: duplicates ignored", r, 0, r"^ALIVE OK - .* lost 0% ")
    m = re.search(r"received (\d+), duplicates (\d+)", r[2])
    if not m or m.group(1) != "5" or int(m.group(2)) < 1:
        failures.append("duplicates not counted apart: " + r[2].strip())
        print("FAIL duplicates: " + r[2])
    stop(p)
    sysctl(PEER, "net.ipv4.icmp_echo_ignore_all", "0")

    # Lossy link: the peer drops half the echo requests at random.  With 200
    # packets the loss is 50% +- 3.5% (one sigma); 20% and 80% are over 8
    # sigma away, so WARNING (>= 20%) and not CRITICAL (>= 80%) cannot flake.
    in_ns(PEER, "nft", "add", "table", "inet", "ticmp_loss")
    in_ns(PEER, "nft", "add", "chain", "inet", "ticmp_loss", "input",
          "{ type filter hook input priority 0; }")
    in_ns(PEER, "nft", "add", "rule", "inet", "ticmp_loss", "input",
          "meta", "l4proto", "icmp", "numgen", "random", "mod", "100", "<", "50", "drop")
    out = expect("lossy link: WARNING by loss",
                 check("-H", P4, "-n", "200", "-i", "10", "-w", "250,20%", "-c", "300,80%"), 1,
                 rf"^ALIVE WARNING - {re.escape(P4)} rta [0-9.]+ms lost \d+% ")
    if not 20 <= loss_of(out) < 80:
        failures.append(f"lossy link loss {loss_of(out)}% outside 20..79")
    in_ns(PEER, "nft", "delete", "table", "inet", "ticmp_loss")

    # The peer refuses with ICMP errors: CRITICAL, saying why, in both
    # socket modes (raw as root, datagram as nobody).
    in_ns(PEER, "nft", "add", "table", "inet", "ticmp_rej")
    in_ns(PEER, "nft", "add", "chain", "inet", "ticmp_rej", "input",
          "{ type filter hook input priority 0; }")
    in_ns(PEER, "nft", "add", "rule", "inet", "ticmp_rej", "input", "icmp", "type",
          "echo-request", "reject", "with", "icmp", "type", "host-unreachable")
    in_ns(PEER, "nft", "add", "rule", "inet", "ticmp_rej", "input", "icmpv6", "type",
          "echo-request", "reject", "with", "icmpv6", "type", "admin-prohibited")
    sysctl(CLIENT, "net.ipv4.ping_group_range", "0 2147483647")
    for who in (None, NOBODY):
        mode = "raw" if who is None else "datagram"
        expect(f"peer answers host-unreachable ({mode})",
               check("-H", P4, "-n", "3", "-c", "300,80%", user=who), 2,
               rf"^ALIVE CRITICAL - {re.escape(P4)} rta n/a lost 100% \(host unreachable\) ")
        expect(f"peer answers admin-prohibited, IPv6 ({mode})",
               check("-H", P6, "-n", "3", "-c", "300,80%", user=who), 2,
               rf"^ALIVE CRITICAL - {re.escape(P6)} rta n/a lost 100% "
               rf"\(administratively prohibited\) ")
    sysctl(CLIENT, "net.ipv4.ping_group_range", "1 0")
    in_ns(PEER, "nft", "delete", "table", "inet", "ticmp_rej")

    # Link down: the peer's end of the veth goes down.
    in_ns(PEER, "ip", "link", "set", VETH_P, "down")
    r = check("-H", P4)
    expect("link down: 100% loss", r, 2,
           rf"^ALIVE CRITICAL - {re.escape(P4)} rta n/a lost 100% " + PERF_DEAD)
    if r[3] > 1.5:
        failures.append(f"link-down check took {r[3]:.3f} s")
    r = check("-H", P6, "-w", "100,40%", "-c", "200,80%")
    expect("link down, IPv6", r, 2, r"^ALIVE CRITICAL - .* lost 100%")
    expect("link down, IPv6: the times are U", r, 2, PERF_DEAD)
    in_ns(PEER, "ip", "link", "set", VETH_P, "up")
    # Let ARP/ND settle so the next run does not time their first packet.
    for _ in range(50):
        if in_ns(CLIENT, "ping", "-c1", "-W1", P4, check=False).returncode == 0:
            break
        time.sleep(0.1)


def main():
    if os.geteuid() != 0:
        print("skip: needs root to create network namespaces, nftables rules and raw sockets")
        return 77
    for tool in ("ip", "nft", "setpriv", "setcap"):
        if shutil.which(tool) is None:
            print(f"skip: {tool} not installed")
            return 77
    if not os.access(PLUGIN, os.X_OK):
        print(f"error: {PLUGIN} not built")
        return 99
    try:
        setup()
        scenarios()
    finally:
        cleanup()
    if failures:
        print(f"{len(failures)} failure(s): " + "; ".join(failures))
        return 1
    print("all check_vyos_alive scenarios passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
