#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""check_vyos_bgp and check_vyos_aspath end to end on saved answers (--input),
with bad arguments, and --local through a vtysh stand-in for what cannot be
had here (Quagga's "% Unknown command", a hanging vtysh).

Exit 0 pass, 1 fail, 77 skip (plugins not built)."""
import os
import re
import stat
import subprocess
import sys
import tempfile

top_srcdir = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), ".."))
top_builddir = os.environ.get("top_builddir", top_srcdir)
BGP = os.path.join(top_builddir, "plugins", "check_vyos_bgp")
ASPATH = os.path.join(top_builddir, "plugins", "check_vyos_aspath")
FIX = os.path.join(top_srcdir, "t", "fixtures")
failures = []


def run(prog, args, stdin=None):
    p = subprocess.run([prog] + args, input=stdin, capture_output=True, timeout=60)
    out = p.stdout.decode("utf-8", "replace")
    return p.returncode, out


def check(name, prog, args, rc, pattern, perf=None, stdin=None):
    code, out = run(prog, args, stdin)
    lines = out.splitlines()
    ok = code == rc and len(lines) == 1 and re.search(pattern, lines[0] if lines else "")
    if ok and perf is not None:
        ok = "|" in lines[0] and re.search(perf, lines[0].split("|", 1)[1])
    if not ok:
        failures.append(name)
        print(f"FAIL {name}: rc={code} (want {rc}) out={out!r} want /{pattern}/ perf /{perf}/")
    else:
        print(f"ok   {name}")


# Every perfdata label one word of [A-Za-z0-9_-]: no '.' (Graphite paths), no ':'.
SAFE_LABELS = r"^( [A-Za-z0-9_-]+=[0-9U][^ ]*)+$"


def f(*parts):
    return os.path.join(FIX, *parts)


def main():
    if not (os.access(BGP, os.X_OK) and os.access(ASPATH, os.X_OK)):
        print("plugins not built")
        return 77

    # ---- check_vyos_bgp ------------------------------------------------
    sb = f("frr", "frr-10.6.1_ip-bgp-summary_standby.json")
    check("bgp standby all", BGP, ["--input", sb], 2,
          r"^BGP CRITICAL - 169\.254\.21\.1 \(AWS-VGW-tunnel2-admin-down\) admin shutdown "
          r"\(Idle \(Admin\)\); 2 of 3 Established: 10\.0\.2\.1 \(up 29 s, 1 pfx\), "
          r"169\.254\.20\.1 \(up 30 s, 1 pfx\) \|",
          r"169_254_20_1_state=1;;1:;0 169_254_20_1_uptime=30s;;;0 "
          r"169_254_20_1_pfx_rcvd=1;;;0 169_254_20_1_pfx_sent=2;;;0 "
          r"169_254_21_1_state=0;;1:;0 .* established=2;;3:;0;3$")
    check("bgp labels graph-safe", BGP, ["--input", sb], 2, r"^BGP CRITICAL", SAFE_LABELS)
    check("bgp tunnel up", BGP, ["--input", sb, "-n", "169.254.20.1"], 0,
          r"^BGP OK - 1 of 1 Established: 169\.254\.20\.1 \(up 30 s, 1 pfx\) \| ")
    check("bgp min-up 1", BGP, ["--input", sb, "-n", "169.254.20.1", "-n", "169.254.21.1",
                                "--min-up", "1"], 1,
          r"^BGP WARNING - 169\.254\.21\.1 .*admin shutdown",
          r"169_254_20_1_state=1;1:;;0 .* 169_254_21_1_state=0;1:;;0 .* established=1;;1:;0;2$")
    check("bgp min-up 2", BGP, ["--input", sb, "-n", "169.254.20.1", "-n", "169.254.21.1",
                                "--min-up", "2"], 2, r"^BGP CRITICAL - 169\.254\.21\.1 ")
    check("bgp min-uptime", BGP, ["--input", sb, "-n", "169.254.20.1", "--min-uptime", "300"], 1,
          r"^BGP WARNING - 169\.254\.20\.1 \(AWS-VGW-tunnel1\) up only 30 s \(< 300 s: flapped\?\)",
          r"169_254_20_1_uptime=30s;300:;;0")
    check("bgp -c prefixes", BGP, ["--input", sb, "-n", "10.0.2.1", "-w", "5:", "-c", "2:"], 2,
          r"^BGP CRITICAL - 10\.0\.2\.1 \(onprem-core\) 1 prefixes received",
          r"10_0_2_1_pfx_rcvd=1;5:;2:;0")
    check("bgp -w prefixes", BGP, ["--input", sb, "-n", "10.0.2.1", "-w", "5:", "-c", "1:"], 1,
          r"^BGP WARNING - 10\.0\.2\.1 ")
    check("bgp missing neighbour", BGP, ["--input", sb, "-n", "169.254.99.1"], 2,
          r"^BGP CRITICAL - 169\.254\.99\.1 not in the answer")
    check("bgp active Active peer", BGP, ["--input", f("frr", "frr-8.4.4_ip-bgp-summary_active.json")], 2,
          r"^BGP CRITICAL - 169\.254\.11\.1 \(AWS-VGW-tunnel2-unreachable\) Active; 2 of 3")
    two = f("frr", "frr-10.6.1_bgp-summary_standby-ipv4+ipv6.json")
    check("bgp ipv6 only", BGP, ["--input", two, "--afi", "ipv6"], 0,
          r"^BGP OK - 1 of 1 Established: 2001:db8:20::1 \(up 30 s, 1 pfx\)",
          r"^ 2001_db8_20__1_ipv6_state=1;;1:;0 2001_db8_20__1_ipv6_uptime=30s;;;0 "
          r"2001_db8_20__1_ipv6_pfx_rcvd=1;;;0 2001_db8_20__1_ipv6_pfx_sent=1;;;0 established=1;;1:;0;1$")
    check("bgp vrf all, vrf default", BGP,
          ["--input", f("frr", "frr-8.4.4_bgp-vrf-all-summary_standby.json"), "--vrf", "default",
           "-n", "2001:DB8:20::1"], 0, r"^BGP OK - 1 of 1 Established")
    check("bgp vrf absent", BGP,
          ["--input", f("frr", "frr-8.4.4_bgp-vrf-all-summary_standby.json"), "--vrf", "RED"], 2,
          r"^BGP CRITICAL - no BGP neighbours in VRF RED")
    check("bgp quagga text", BGP, ["--input", f("quagga", "quagga-0.99.23.1_ip-bgp-summary_active-with-Active-peer.txt")], 2,
          r"^BGP CRITICAL - 169\.254\.11\.1 Active; 2 of 3 Established",
          r"169_254_11_1_state=0;;1:;0 169_254_11_1_uptime=0s;;;0 169_254_11_1_pfx_rcvd=0;;;0 established")
    # Every reason a neighbour can have, word for word (the program writes them).
    topo = f("frr", "frr-topotest-HEAD_bgp-summary_bgp_features-r1_PARTIAL.json")
    check("bgp uptime not in the answer", BGP, ["--input", topo, "--min-uptime", "10"], 3,
          r"^BGP UNKNOWN - 192\.168\.0\.2 uptime not in the answer, 192\.168\.101\.2 uptime not "
          r"in the answer; 2 of 2 Established \| ")
    check("bgp admin shutdown, no uptime", BGP,
          ["--input", f("frr", "frr-topotest-HEAD_bgp-summary-shutdown_bgp_features-r1_PARTIAL.json"),
           "-c", "1:"], 2,
          r"^BGP CRITICAL - 192\.168\.0\.2 admin shutdown \(Idle \(Admin\)\), 192\.168\.101\.2 admin "
          r"shutdown \(Idle \(Admin\)\); 0 of 2 Established \| ")
    check("bgp missing neighbour, words", BGP, ["--input", sb, "-n", "169.254.99.1"], 2,
          r"^BGP CRITICAL - 169\.254\.99\.1 not in the answer \(neighbour not configured\); "
          r"0 of 1 Established \| ")
    check("bgp missing neighbour for a family", BGP, ["--input", sb, "-n", "169.254.99.1", "--afi", "ipv4"], 2,
          r"^BGP CRITICAL - 169\.254\.99\.1 not in the answer \(neighbour not configured for this "
          r"family/VRF\); 0 of 1 Established \| ")
    with open(f("frr", "frr-8.4.4_ip-bgp-summary_standby.txt"), "rb") as fh:
        text = fh.read()
    policy = text.replace(b"00:00:39            1        3", b"00:00:39     (Policy) (Policy)")
    check("bgp RFC 8212 policy", BGP, ["--input", "-", "-n", "10.0.2.1", "-n", "169.254.20.1", "--min-uptime", "60",
                                       "-w", "2:"], 2,
          r"^BGP CRITICAL - 10\.0\.2\.1 \(onprem-core\) Established but no policy \(RFC 8212: nothing "
          r"exchanged\), 169\.254\.20\.1 \(AWS-VGW-tunnel1\) up only 40 s \(< 60 s: flapped\?\), "
          r"1 prefixes received; 1 of 2 Established \| ", stdin=policy)
    with open(sb, "rb") as fh:
        nopfx = fh.read().replace(b'"pfxRcd":1,', b"")
    check("bgp prefixes not in the answer", BGP, ["--input", "-", "-n", "169.254.20.1", "-w", "2:"], 3,
          r"^BGP UNKNOWN - 169\.254\.20\.1 \(AWS-VGW-tunnel1\) prefixes received not in the answer; "
          r"1 of 1 Established \| ", stdin=nopfx)
    check("bgp frr text", BGP, ["--input", f("frr", "frr-8.4.4_ip-bgp-summary_standby.txt"),
                                "-n", "169.254.20.1"], 0, r"^BGP OK - 1 of 1 Established")
    with open(sb, "rb") as fh:
        data = fh.read()
    check("bgp stdin", BGP, ["--input", "-", "-n", "169.254.20.1"], 0, r"^BGP OK", stdin=data)
    check("bgp truncated", BGP, ["--input", "-"], 3,
          r"^BGP UNKNOWN - BGP summary: the JSON ends early \(truncated answer\?\)$",
          stdin=data[: len(data) // 2])
    check("bgp garbage", BGP, ["--input", "-"], 3, r"^BGP UNKNOWN - binary data", stdin=b"\x00\x01garbage")
    check("bgp empty", BGP, ["--input", "-"], 3, r"^BGP UNKNOWN - empty answer", stdin=b"")
    check("bgp unknown command", BGP, ["--input", f("quagga", "quagga-0.99.23.1_ip-bgp-summary-json_unsupported.txt")], 3,
          r"^BGP UNKNOWN - the router says: \[BGP\] Unknown command: show ip bgp summary json$")
    check("bgp neighbours json", BGP, ["--input", f("frr", "frr-10.6.1_ip-bgp-neighbors_standby-all.json")], 3,
          r"^BGP UNKNOWN - expected a BGP summary, got `show bgp neighbors` output")

    # ---- check_vyos_aspath: the acceptance examples ---------------
    after = f("quagga", "advertised-routes-after.txt")
    before = f("quagga", "advertised-routes-before.txt")
    check("aspath after standby", ASPATH, ["--input", after, "--role", "standby", "--asn", "65000",
                                           "--prepend", "3"], 0,
          r"^ASPATH OK - standby AS 65000: 2 prefixes advertised, prepend 3\.\.3 \| ",
          r"^ prefixes=2;;1:;0 prepend_min=3;;3:;0 prepend_max=3;;;0$")
    check("aspath before standby", ASPATH, ["--input", before, "--role", "standby", "--asn", "65000"], 2,
          r"^ASPATH CRITICAL - standby advertises 172\.31\.16\.0/24 without prepend: the VGW may "
          r"prefer this router \(AS path empty\)", r"prepend_min=0;;3:;0 prepend_max=0;;;0$")
    check("aspath before active", ASPATH, ["--input", before, "--role", "active", "--asn", "65000"], 0,
          r"^ASPATH OK - active AS 65000: 1 prefix advertised, prepend 0\.\.0",
          r"^ prefixes=1;;1:;0 prepend_min=0;;;0 prepend_max=0;;0;0$")
    check("aspath after active", ASPATH, ["--input", after, "--role", "active", "--asn", "65000"], 2,
          r"^ASPATH CRITICAL - active advertises 192\.168\.10\.0/24 with 3 prepends of 65000 "
          r"\(AS path 65000 65000 65000 10124\): the VGW may prefer the standby; active advertises "
          r"172\.31\.16\.0/24", r"prepend_max=3;;0;0$")
    check("aspath quagga without asn", ASPATH, ["--input", after, "--role", "standby"], 3,
          r"^ASPATH UNKNOWN - input: the answer does not name the local AS \(Quagga text\): give --asn$")
    sp = f("frr", "frr-10.6.1_advertised-routes_standby-prepend.json")
    check("aspath frr standby", ASPATH, ["--input", sp, "-n", "169.254.20.1", "--role", "standby",
                                         "--expect-prefix", "10.200.0.0/16"], 0,
          r"^ASPATH OK - standby AS 65000: 2 prefixes advertised to 169\.254\.20\.1, prepend 3\.\.3",
          r"^ 169_254_20_1_prefixes=2;;1:;0 169_254_20_1_prepend_min=3;;3:;0 169_254_20_1_prepend_max=3;;;0$")
    check("aspath short prepend, words", ASPATH, ["--input", sp, "--role", "standby", "--prepend", "4"], 2,
          r"^ASPATH CRITICAL - standby advertises 10\.124\.0\.0/24 with 3 of 4 prepends of 65000 \(AS path "
          r"65000 65000 65000 10124\); standby advertises 10\.200\.0\.0/16 with 3 of 4 prepends of 65000 "
          r"\(AS path 65000 65000 65000\); standby AS 65000: 2 prefixes advertised, prepend 3\.\.3 \| ")
    check("aspath frr prepend 4", ASPATH, ["--input", sp, "--role", "standby", "--prepend", "4"], 2,
          r"^ASPATH CRITICAL - standby advertises 10\.124\.0\.0/24 with 3 of 4 prepends of 65000",
          r"^ prefixes=2;;1:;0 prepend_min=3;;4:;0 prepend_max=3;;;0$")
    check("aspath expect missing", ASPATH, ["--input", sp, "--role", "standby",
                                            "--expect-prefix", "172.31.0.0/16"], 2,
          r"^ASPATH CRITICAL - 172\.31\.0\.0/16 is not advertised")
    check("aspath -w count", ASPATH, ["--input", sp, "--role", "standby", "-w", "3:"], 1,
          r"^ASPATH WARNING - standby AS 65000: 2 prefixes advertised, prepend 3\.\.3 \(count outside 3:\)",
          r"prefixes=2;3:;1:;0")
    check("aspath ipv6", ASPATH, ["--input", f("frr", "frr-8.4.4_advertised-routes_standby-ipv6-prepend.json"),
                                  "-n", "2001:db8:20::1", "--role", "standby"], 0,
          r"^ASPATH OK - standby AS 65000: 1 prefix advertised to 2001:db8:20::1, prepend 3\.\.3",
          r"^ 2001_db8_20__1_prefixes=1;;1:;0 2001_db8_20__1_prepend_min=3;;3:;0 "
          r"2001_db8_20__1_prepend_max=3;;;0$")
    check("aspath frr text", ASPATH, ["--input", f("frr", "frr-8.4.4_advertised-routes_standby-prepend.txt"),
                                      "--role", "standby"], 0, r"^ASPATH OK - standby AS 65000: 2 prefixes")
    check("aspath frr 10 text, header indented", ASPATH,
          ["--input", f("frr-layouts", "frr-10-layout_advertised-routes_standby-prepend_header-indented.txt"),
           "--role", "standby"], 0, r"^ASPATH OK - standby AS 65000: 2 prefixes advertised, prepend 3\.\.3")
    check("aspath active json", ASPATH, ["--input", f("frr", "frr-8.4.4_advertised-routes_active.json"),
                                         "--role", "active"], 0, r"^ASPATH OK - active AS 65000")
    check("aspath not established", ASPATH, ["--input", f("frr", "frr-10.6.1_advertised-routes_peer-not-established.json"),
                                             "--role", "standby"], 2,
          r"^ASPATH CRITICAL - standby: no prefix advertised \(count outside 1:\)", r"prefixes=0;;1:;0$")
    check("aspath not established -c 0:", ASPATH, ["--input", f("frr", "frr-10.6.1_advertised-routes_peer-not-established.json"),
                                                  "--role", "standby", "-c", "0:"], 0,
          r"^ASPATH OK - standby: no prefix advertised")
    check("aspath no such neighbour", ASPATH, ["--input", f("frr", "frr-8.4.4_advertised-routes_nonexistent-neighbor.json"),
                                               "-n", "169.254.99.1", "--role", "standby"], 2,
          r"^ASPATH CRITICAL - 169\.254\.99\.1: No such neighbor in this view/vrf$")
    check("aspath quagga no such neighbour", ASPATH,
          ["--input", f("quagga", "quagga-0.99.23.1_advertised-routes_nonexistent-neighbor.txt"),
           "--role", "active", "--asn", "65000"], 2, r"^ASPATH CRITICAL - input: No such neighbor$")
    check("aspath detail refused", ASPATH,
          ["--input", f("frr", "frr-10.6.1_advertised-routes-detail_standby-prepend.json"), "--role", "standby"], 3,
          r"^ASPATH UNKNOWN - input: advertised route 10\.124\.0\.0/24: this is `advertised-routes detail` output")
    check("aspath wrapped quagga", ASPATH,
          ["--input", f("bgp-generated", "quagga-layout_advertised-routes_wrapped.txt"), "--role", "standby",
           "--asn", "65000"], 2, r"^ASPATH CRITICAL - standby advertises 192\.168\.100\.128/25 with 2 of 3 prepends")
    with open(sp, "rb") as fh:
        data = fh.read()
    check("aspath truncated", ASPATH, ["--input", "-", "--role", "standby"], 3,
          r"^ASPATH UNKNOWN - input: advertised routes: the JSON ends early", stdin=data[:200])
    check("aspath garbage", ASPATH, ["--input", "-", "--role", "standby"], 3,
          r"^ASPATH UNKNOWN - input: expected advertised routes", stdin=b"hello world\n")

    # ---- an empty answer is no evidence: UNKNOWN in the same words --------
    # (a valid table without rows is zero routes: "aspath not established")
    with tempfile.TemporaryDirectory(prefix="bgpin") as d:
        for what, data in (("empty file", b""), ("whitespace-only file", b" \n\t\r\n  \n")):
            path = os.path.join(d, "answer")
            with open(path, "wb") as fh:
                fh.write(data)
            check(f"bgp {what}", BGP, ["--input", path], 3,
                  r"^BGP UNKNOWN - empty answer: expected a BGP summary \(JSON or text\)$")
            check(f"aspath {what}", ASPATH, ["--input", path, "--role", "standby"], 3,
                  r"^ASPATH UNKNOWN - input: empty answer: expected advertised routes \(JSON or text\)$")
            check(f"aspath {what}, -c 0:", ASPATH, ["--input", path, "--role", "standby", "-c", "0:"], 3,
                  r"^ASPATH UNKNOWN - input: empty answer")

    # ---- bad arguments: UNKNOWN, one line ----------------------------------
    bad = [
        (BGP, [], r"give -H HOST, --local or --input FILE"),
        (BGP, ["--input", sb, "--local"], r"exclude each other"),
        (BGP, ["--input", sb, "-n", "not-an-address"], r"invalid neighbour 'not-an-address'"),
        (BGP, ["--input", sb, "--afi", "ipx"], r"invalid --afi 'ipx'"),
        (BGP, ["--input", sb, "--vrf", "a'b"], r"invalid --vrf"),
        (BGP, ["--input", sb, "--min-up", "0"], r"invalid --min-up '0'"),
        (BGP, ["--input", sb, "--min-uptime", "-5"], r"invalid --min-uptime '-5'"),
        (BGP, ["--input", sb, "-c", "x"], r"invalid --critical"),
        (BGP, ["--input", sb, "-t", "0"], r"invalid --timeout '0'"),
        (BGP, ["--input", sb, "-i", "/k"], r"are for SSH"),
        (BGP, ["--input", sb, "--vtysh", "/usr/bin/vtysh"], r"need --local"),
        (BGP, ["--input"], r"option --input needs an argument"),
        (BGP, ["--nope"], r"unknown option --nope"),
        (BGP, ["--input", "/nonexistent/x"], r"cannot open /nonexistent/x"),
        (ASPATH, ["--input", sp], r"--role active/standby is required"),
        (ASPATH, ["--input", sp, "--role", "both"], r"invalid --role 'both'"),
        (ASPATH, ["--input", sp, "--role", "standby", "--asn", "0"], r"invalid --asn '0'"),
        (ASPATH, ["--input", sp, "--role", "standby", "--prepend", "x"], r"invalid --prepend 'x'"),
        (ASPATH, ["--input", sp, "--role", "standby", "--expect-prefix", "10.0.0.1/8"], r"host bits"),
        (ASPATH, ["--input", sp, "--role", "standby", "-n", "1.1.1.1", "-n", "1.1.1.2"], r"at most one -n"),
        (ASPATH, ["--local", "--role", "standby"], r"give the neighbour"),
        (ASPATH, ["--input", sp, "--role", "standby", "stray"], r"unexpected argument 'stray'"),
    ]
    for i, (prog, args, pat) in enumerate(bad):
        svc = "BGP" if prog == BGP else "ASPATH"
        check(f"bad args {i}", prog, args, 3, rf"^{svc} UNKNOWN - .*{pat}")

    # ---- --local: the real vtysh with no daemon, and a stand-in --------------
    if os.access("/usr/bin/vtysh", os.X_OK) and not os.path.exists("/run/frr/bgpd.vty") \
            and not os.path.exists("/var/run/frr/bgpd.vty"):
        with tempfile.TemporaryDirectory(prefix="bgpin") as d:
            check("local vtysh no daemon", BGP, ["--local", "--vty-socket", d], 3,
                  r"^BGP UNKNOWN - vtysh exited with status 1")
    with tempfile.TemporaryDirectory(prefix="bgpin") as d:
        # A Quagga-era vtysh: no JSON; answers from the fixtures.  Quagga
        # itself is not installable here, hence this stand-in.
        log = os.path.join(d, "log")
        fake = os.path.join(d, "vtysh")
        with open(fake, "w") as fh:
            fh.write(f"""#!{sys.executable}
import sys, time
args = sys.argv[1:]
cmd = args[args.index('-c') + 1]
open({log!r}, 'a').write(repr(args) + '\\n')
if cmd.endswith(' json'):
    print('% Unknown command.')
    sys.exit(1)
if cmd == 'show ip bgp summary':
    sys.stdout.write(open({f("quagga", "quagga-0.99.23.1_ip-bgp-summary_standby.txt")!r}).read())
elif cmd == 'show ip bgp neighbors 169.254.20.1 advertised-routes':
    sys.stdout.write(open({f("quagga", "quagga-0.99.23.1_advertised-routes_standby-prepend.txt")!r}).read())
elif cmd == 'show ip bgp neighbors 169.254.21.1 advertised-routes':
    sys.stdout.write(open({f("quagga", "advertised-routes-before.txt")!r}).read())
elif cmd == 'show ip bgp neighbors 169.254.22.1 advertised-routes':
    sys.stderr.write('stray complaint\\n')
elif cmd == 'show ip bgp neighbors 169.254.23.1 advertised-routes':
    time.sleep(30)
""")
        os.chmod(fake, stat.S_IRWXU)
        check("local quagga fallback summary", BGP, ["--local", "--vtysh", fake, "-n", "169.254.20.1"], 0,
              r"^BGP OK - 1 of 1 Established: 169\.254\.20\.1 \(up 35 s, 1 pfx\)")
        check("local quagga fallback aspath + ASN from summary", ASPATH,
              ["--local", "--vtysh", fake, "-n", "169.254.20.1", "--role", "standby"], 0,
              r"^ASPATH OK - standby AS 65000: 2 prefixes advertised to 169\.254\.20\.1, prepend 3\.\.3")
        check("local two neighbours", ASPATH,
              ["--local", "--vtysh", fake, "-n", "169.254.20.1", "-n", "169.254.21.1", "--role", "standby"], 2,
              r"^ASPATH CRITICAL - 169\.254\.21\.1: standby advertises 172\.31\.16\.0/24 without prepend")
        check("local stray stderr", ASPATH,
              ["--local", "--vtysh", fake, "-n", "169.254.22.1", "--role", "standby"], 3,
              r"^ASPATH UNKNOWN - 169\.254\.22\.1: vtysh wrote on stderr: stray complaint$")
        check("local vrf needs FRR", BGP, ["--local", "--vtysh", fake, "--vrf", "blue"], 3,
              r"^BGP UNKNOWN - the router does not know `show bgp vrf blue ipv4 unicast summary json`")
        check("local timeout", ASPATH,
              ["--local", "--vtysh", fake, "-n", "169.254.23.1", "--role", "standby", "-t", "2"], 3,
              r"^ASPATH UNKNOWN - .*timed out")
        with open(log) as fh:
            calls = fh.read()
        # argv, never a shell: the command is one argument.
        if "['-c', 'show ip bgp neighbors 169.254.20.1 advertised-routes json']" not in calls:
            failures.append("argv")
            print("FAIL argv: " + calls)
        else:
            print("ok   argv")

    print(f"{len(failures)} failure(s)" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
