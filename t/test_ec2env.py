#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Proves the EC2 test harness (t/ec2env.py, t/servers/fault_proxy.py) and
the shipped IAM policy, with Debian's /usr/bin/aws as the client:
signatures are checked, IAM is enforced, the policy allows exactly what the
failover needs (Describe*, ReplaceRoute on the named tables) and denies the
rest (other tables, DeleteRoute, CreateRoute); the fault proxy throttles,
fails, drops and counts.  Exit 0 pass, 1 fail, 99 no moto or awscli (77
with VHA_SKIP_EC2=1)."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

TOP = os.environ.get("top_srcdir") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "t"))
from vhatest import no_ec2  # noqa: E402

FAILURES = []


def check(cond, what, detail=""):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)
        if detail:
            print("     " + str(detail).strip().replace("\n", "\n     "))


def aws_error(r):
    """The EC2 error code in awscli's stderr, or None on success."""
    if r.returncode == 0:
        return None
    s = r.stderr
    if "An error occurred (" in s:
        return s.split("An error occurred (", 1)[1].split(")", 1)[0]
    return "rc=%d %s" % (r.returncode, s.strip()[:200])


def test_env(env):
    ids = env.ids
    t1, t2 = ids["tables"]
    other = ids["unlisted_table"]
    dest = ids["destinations"][0]

    # Reference set-up as the failover expects it.
    for t in (t1, t2, other):
        r = env.route(t, dest)
        check(r and r["eni_id"] == ids["vyos1_eni"] and
              r["instance_id"] == ids["vyos1"] and r["state"] == "active",
              f"{t} {dest} -> vyos-1 eth1 (eni and instance reported)", r)
        r6 = env.route(t, ids["destination_v6"])
        check(r6 and r6["eni_id"] == ids["vyos1_eni"],
              f"{t} IPv6 route -> vyos-1 eth1", r6)
    check(env.route(t1, ids["foreign_destination"])["transit_gateway_id"] ==
          ids["tgw"], "foreign route to a transit gateway in table 1")
    check(env.route(t2, ids["foreign_destination"])["eni_id"] ==
          ids["appliance_eni"], "foreign route to a third instance in table 2")

    # Signatures are checked.
    bad = dict(env.keys, secret_access_key="A" * 40)
    r = env.aws("describe-route-tables", keys=bad)
    check(aws_error(r) == "AuthFailure", "wrong secret key -> AuthFailure",
          r.stderr)
    unknown = {"access_key_id": "AKIAIOSFODNN7EXAMPLE",
               "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
    r = env.aws("describe-route-tables", keys=unknown)
    check(aws_error(r) in ("AuthFailure", "InvalidClientTokenId"),
          "unknown access key refused", r.stderr)
    req = urllib.request.Request(
        env.endpoint + "/",
        data=b"Action=DescribeRouteTables&Version=2016-11-15",
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            status, body = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    check(status == 401 and b"<Code>AuthFailure</Code>" in body,
          "unsigned request refused (401 AuthFailure)", (status, body[:200]))
    sk = env.session_keys()
    r = env.aws("describe-route-tables", "--route-table-ids", t1, keys=sk)
    check(aws_error(r) is None, "role session credentials (token) accepted",
          r.stderr)
    r = env.aws("describe-route-tables", "--route-table-ids", t1,
                keys=dict(sk, session_token=sk["session_token"][:-4] + "AAAA"))
    check(aws_error(r) is not None, "wrong session token refused", r.stderr)
    r = env.aws("describe-route-tables", "--route-table-ids", t1,
                keys={k: sk[k] for k in ("access_key_id",
                                         "secret_access_key")})
    check(aws_error(r) == "AuthFailure", "session key without its token "
          "refused", r.stderr)

    # The policy: what the failover needs is allowed.
    r = env.aws("describe-route-tables", "--route-table-ids", t1, t2)
    ok = aws_error(r) is None and \
        len(json.loads(r.stdout)["RouteTables"]) == 2
    check(ok, "policy allows DescribeRouteTables", r.stderr)
    r = env.aws("describe-network-interfaces", "--filters",
                f"Name=attachment.instance-id,Values={ids['vyos1']}")
    ok = aws_error(r) is None and sorted(
        n["NetworkInterfaceId"] for n in
        json.loads(r.stdout)["NetworkInterfaces"]) == sorted(
        [ids["vyos1_eni0"], ids["vyos1_eni"]])
    check(ok, "policy allows DescribeNetworkInterfaces (both ENIs listed)",
          r.stderr + r.stdout[:300])
    for t in (t1, t2):
        r = env.aws("replace-route", "--route-table-id", t,
                    "--destination-cidr-block", dest,
                    "--network-interface-id", ids["vyos2_eni"])
        check(aws_error(r) is None, f"policy allows ReplaceRoute on {t}",
              r.stderr)
        check(env.route_target(t, dest) == ids["vyos2_eni"],
              f"{t} {dest} now -> vyos-2 eth1")
    r = env.aws("replace-route", "--route-table-id", t1,
                "--destination-ipv6-cidr-block", ids["destination_v6"],
                "--network-interface-id", ids["vyos2_eni"])
    check(aws_error(r) is None and
          env.route_target(t1, ids["destination_v6"]) == ids["vyos2_eni"],
          "IPv6 ReplaceRoute allowed and applied", r.stderr)
    r = env.aws("replace-route", "--dry-run", "--route-table-id", t1,
                "--destination-cidr-block", dest,
                "--network-interface-id", ids["vyos1_eni"])
    check(aws_error(r) == "DryRunOperation" and
          env.route_target(t1, dest) == ids["vyos2_eni"],
          "DryRun on a named table -> DryRunOperation, nothing changed",
          r.stderr)

    # ... and nothing more.
    for what, args in [
        ("ReplaceRoute on a table the policy does not name",
         ["replace-route", "--route-table-id", other,
          "--destination-cidr-block", dest,
          "--network-interface-id", ids["vyos2_eni"]]),
        ("DryRun ReplaceRoute on that table",
         ["replace-route", "--dry-run", "--route-table-id", other,
          "--destination-cidr-block", dest,
          "--network-interface-id", ids["vyos2_eni"]]),
        ("DeleteRoute", ["delete-route", "--route-table-id", t1,
                         "--destination-cidr-block", dest]),
        ("CreateRoute", ["create-route", "--route-table-id", t1,
                         "--destination-cidr-block", "10.77.0.0/16",
                         "--network-interface-id", ids["vyos2_eni"]]),
        ("DescribeInstances", ["describe-instances"]),
    ]:
        r = env.aws(*args)
        check(aws_error(r) == "UnauthorizedOperation",
              f"policy denies {what} (UnauthorizedOperation)", r.stderr)
    check(env.route_target(other, dest) == ids["vyos1_eni"],
          "unlisted table untouched")
    check(env.route_target(t1, dest) == ids["vyos2_eni"],
          "denied DeleteRoute left the route in place")

    # AWS behaviours the harness adds to moto.
    r = env.aws("replace-route", "--route-table-id", t1,
                "--destination-cidr-block", dest, "--instance-id",
                ids["vyos1"])
    check(aws_error(r) == "InvalidInstanceID" and
          "multiple interfaces" in r.stderr,
          "InstanceId of a two-ENI instance -> InvalidInstanceID", r.stderr)
    r = env.aws("replace-route", "--route-table-id", t1,
                "--destination-cidr-block", "10.55.0.0/16",
                "--network-interface-id", ids["vyos1_eni"])
    check(aws_error(r) == "InvalidParameterValue",
          "ReplaceRoute of a missing route -> InvalidParameterValue", r.stderr)
    env.stop_instance(ids["vyos2"])
    check(env.route(t2, dest)["state"] == "blackhole",
          "route to a stopped instance's ENI is a blackhole")
    env.start_instance(ids["vyos2"])
    check(env.route(t2, dest)["state"] == "active", "active again on start")


def test_proxy(env):
    ids = env.ids
    t1 = ids["tables"][0]
    env.proxy_reset()
    env.fault("throttle", action="DescribeRouteTables", times=2)
    r = env.aws("describe-route-tables", "--route-table-ids", t1)
    counts = env.proxy_counts()
    check(aws_error(r) is None and counts.get("DescribeRouteTables") == 3,
          "throttled twice, awscli retried, third call answered", counts)
    log = env.proxy_log()
    check([e["status"] for e in log] == [503, 503, 200],
          "proxy log shows 503, 503, 200", log)

    env.proxy_reset()
    env.fault("error", action="ReplaceRoute", match={"RouteTableId": t1},
              status=400, code="InvalidInstanceID",
              message="There are multiple interfaces attached")
    r = env.aws("replace-route", "--route-table-id", t1,
                "--destination-cidr-block", ids["destinations"][0],
                "--network-interface-id", ids["vyos1_eni"])
    check(aws_error(r) == "InvalidInstanceID", "injected error by Action and "
          "parameter", r.stderr)
    check(env.proxy_counts() == {"ReplaceRoute": 1}, "one ReplaceRoute counted",
          env.proxy_counts())

    for status, code in ((500, "InternalError"), (503, "Unavailable")):
        env.proxy_reset()
        env.fault("status", status=status, times=-1)
        r = env.aws("describe-route-tables", "--route-table-ids", t1)
        check(aws_error(r) == code and
              env.proxy_counts()["DescribeRouteTables"] > 1,
              f"{status} {code} every time: awscli retried and gave up",
              r.stderr)

    env.proxy_reset()
    env.fault("drop", times=1)
    r = env.aws("describe-route-tables", "--route-table-ids", t1)
    check(aws_error(r) is None and
          [e["status"] for e in env.proxy_log()] == ["dropped", 200],
          "dropped connection, awscli retried", env.proxy_log())

    # The answer is lost after the change happened: awscli retries, the
    # replace is idempotent, two calls reach moto.
    env.proxy_reset()
    env.fault("drop", action="ReplaceRoute", after=True)
    r = env.aws("replace-route", "--route-table-id", t1,
                "--destination-cidr-block", ids["destinations"][0],
                "--network-interface-id", ids["vyos1_eni"])
    check(aws_error(r) is None and
          [e["status"] for e in env.proxy_log()] == ["dropped-after", 200] and
          env.route_target(t1, ids["destinations"][0]) == ids["vyos1_eni"],
          "answer dropped after the change, retried", env.proxy_log())

    # skip: the first matching call passes, the second is hit
    env.proxy_reset()
    env.fault("error", action="DescribeRouteTables", skip=1, status=400,
              code="InvalidRouteTableID.NotFound", message="gone")
    check(len(env._proxy_call("/__fault__/rules")) == 1, "rule listed")
    r1 = env.aws("describe-route-tables", "--route-table-ids", t1)
    r2 = env.aws("describe-route-tables", "--route-table-ids", t1)
    check(aws_error(r1) is None and
          aws_error(r2) == "InvalidRouteTableID.NotFound" and
          env._proxy_call("/__fault__/rules") == [],
          "skip=1 lets one call through, then the rule is used up")

    env.proxy_reset()
    env.fault("delay", delay_ms=1500)
    t0 = time.monotonic()
    r = env.aws("describe-route-tables", "--route-table-ids", t1)
    dt = time.monotonic() - t0
    check(aws_error(r) is None and dt >= 1.5, f"delay 1.5 s ({dt:.2f} s)")

    # Signatures survive the proxy (Host forwarded verbatim), and checks
    # still apply behind it.
    env.proxy_reset()
    bad = dict(env.keys, secret_access_key="B" * 40)
    r = env.aws("describe-route-tables", keys=bad)
    check(aws_error(r) == "AuthFailure", "bad signature refused through the "
          "proxy", r.stderr)


def test_tls():
    from ec2env import Ec2Env
    with Ec2Env(tables=1, ipv6=False, foreign=False, tls=True,
                proxy=True) as env:
        t1 = env.ids["tables"][0]
        check(env.endpoint.startswith("https://") and
              os.path.exists(env.ca_file), "TLS: moto on https with a CA")
        r = env.aws("describe-route-tables", "--route-table-ids", t1,
                    url=env.endpoint)
        check(aws_error(r) is None, "TLS: awscli with --ca-bundle", r.stderr)
        argv = ["/usr/bin/aws", "--endpoint-url", env.endpoint, "ec2",
                "describe-route-tables"]
        r = subprocess.run(argv, env=env.aws_env(url=env.endpoint),
                           capture_output=True, text=True, timeout=60)
        check(r.returncode != 0 and "SSL" in r.stderr,
              "TLS: refused without the CA", r.stderr[-300:])
        r = env.aws("describe-route-tables", "--route-table-ids", t1)
        check(aws_error(r) is None and
              env.proxy_counts().get("DescribeRouteTables") == 1,
              "TLS: plain proxy in front of https moto", r.stderr)
    check(not os.path.exists(env.ca_file), "TLS: CA removed on stop")


def test_cli():
    argv = [sys.executable, os.path.join(TOP, "t", "ec2env.py"), "up",
            "--tables", "3", "--no-foreign", "--proxy"]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline()
        ready = p.stdout.readline().strip()
        d = json.loads(line)
        check(ready == "READY" and len(d["ids"]["tables"]) == 3 and
              d["ids"]["foreign_destination"] is None and
              d["proxy_endpoint"] and d["keys"]["access_key_id"],
              "CLI: up --tables 3 --no-foreign --proxy prints the set-up")
        port = int(d["endpoint"].rsplit(":", 1)[1])
        with urllib.request.urlopen(d["endpoint"] + "/moto-api/",
                                    timeout=5) as r:
            check(r.status == 200, "CLI: moto answers while up")
    finally:
        p.send_signal(signal.SIGTERM)
        rc = p.wait(timeout=15)
        p.stdout.close()
    check(rc == 0, f"CLI: SIGTERM ends it with 0 (rc={rc})")
    s = socket.socket()
    try:
        gone = s.connect_ex(("127.0.0.1", port)) != 0
    finally:
        s.close()
    check(gone, "CLI: moto stopped with it")


def main():
    try:
        import moto.server  # noqa: F401
        import boto3  # noqa: F401
    except ImportError as e:
        no_ec2(f"moto[server] is not importable by {sys.executable} ({e})")
    if not os.access("/usr/bin/aws", os.X_OK):
        no_ec2("/usr/bin/aws (Debian awscli) is not installed")
    from ec2env import Ec2Env, fill_policy

    with open(os.path.join(TOP, "contrib", "iam",
                           "route-failover-policy.json")) as f:
        tmpl = f.read()
    pol = json.loads(fill_policy(tmpl, "eu-west-1", "111122223333",
                                 ["rtb-0123456789abcdef0"]))
    res = [s["Resource"] for s in pol["Statement"]
           if s["Action"] == "ec2:ReplaceRoute"][0]
    check(res == ["arn:aws:ec2:eu-west-1:111122223333:route-table/"
                  "rtb-0123456789abcdef0"] and "REPLACE_ME" not in
          json.dumps(pol), "policy template fills in", pol)

    with Ec2Env(tables=2, proxy=True) as env:
        test_env(env)
        test_proxy(env)
    test_tls()
    test_cli()
    print(f"{len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
