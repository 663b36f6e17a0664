# SPDX-License-Identifier: ISC
"""The lab with two monitoring masters (lab.py --ha): an Icinga 2 HA zone.

    PREFIX-mon1, PREFIX-mon2   one Icinga 2 master each, on the management
                               LAN (192.0.2.21, .22, a veth each into mon's
                               bridge), one zone "master" with both
                               endpoints, API connected with certificates
                               made by `icinga2 pki` (new-ca, new-cert,
                               sign-csr) in WORK/pki
    PREFIX-mon                 the EC2 endpoint, shared as AWS is: the fault
                               proxy listens on 192.0.2.1, moto behind it

mon1 is the config master: its zones.d holds the lab's hosts and services
(zone "master") and the shipped definitions (contrib/icinga2/*.conf) in the
global zone "global-templates"; mon2 starts with nothing but the zones and
receives both through Icinga's config sync (accept_config).  Each master
runs the handler with its own state dir and log (WORK/monN/handler/) and the
IAM user's keys in its environment.  The handler takes plain http:// only to
a loopback address, so each master reaches the shared endpoint through a
relay on its own 127.0.0.1 (a thread of the lab, in that namespace) that
connects across the management LAN to the proxy in mon.

Icinga 2 gives each checkable to one endpoint of the zone among those
connected (Object Authority, re-computed every 10 s in 2.13); the other pauses
it and skips its event handler.  A partition (nftables in mon1 dropping mon2)
is noticed when the API connection times out (about a minute), after which
each master owns everything.

Scenarios (lab.py run --ha --ha-scenario NAME; all by t/test_ha.py):
  connected   zone connected, vyos1 dies: one master fails over, each pair is
              replaced once; failback once
  partition   masters partitioned, vyos1 dies: both may act; final state
              right, no pair replaced more than twice each way, no sample of
              a route at vyos1 after its first switch until the restore
  owner-dies  the master owning vyos1 is killed at the cut: the other takes
              over, fails over and later fails back
  flap        masters partitioned, vyos1 down 3 s / up 3 s five times: routes
              end on vyos1, every ReplaceRoute is a switch some handler logged
              and the policy explains, the number of switches is reported
"""
import collections
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import threading
import time

import icinga as i2
import lab as labmod
import netlab
import netns

MASTERS = ("mon1", "mon2")
ADDR = {"mon1": "192.0.2.21", "mon2": "192.0.2.22"}
ZONE = "master"
GLOBAL_ZONE = "global-templates"
ZONE_FILES = ("vyos-ha.conf",)     # the example deployment's objects
API_PORT = 5665
SCENARIOS = ("connected", "partition", "owner-dies", "flap")
PROBE_SLACK = 0.5   # s: a failback this soon after the drop may predate it


def ns_names(prefix):
    return {m: f"{prefix}-{m}" for m in MASTERS}


def clean(prefix):
    """End what runs in the masters' namespaces, remove them and their
    veths (idempotent; lab.clean calls this)."""
    for m, name in ns_names(prefix).items():
        if os.path.exists(f"/run/netns/{name}"):
            _kill_ns(name)
            subprocess.run(["ip", "netns", "del", name],
                           stderr=subprocess.DEVNULL)
        link = f"{prefix}-h{m[-1]}"
        if os.path.exists(f"/sys/class/net/{link}"):
            subprocess.run(["ip", "link", "del", link],
                           stderr=subprocess.DEVNULL)


def _kill_ns(name, sig=signal.SIGKILL):
    """Signal every process in namespace `name` (the lab started them all)."""
    cp = subprocess.run(["ip", "netns", "pids", name], capture_output=True,
                        text=True)
    pids = [int(x) for x in cp.stdout.split() if x.isdigit()]
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
    return pids


def _sh(*argv, input=None):
    subprocess.run(argv, check=True, input=input, text=True, timeout=30,
                   stdout=subprocess.DEVNULL)


class Master(i2.Icinga):
    """One master of the zone: certificate from the lab's CA."""

    def __init__(self, workdir, ns, node, pki):
        super().__init__(workdir, ns, node)
        self.pki = pki

    def _make_cert(self):
        certs = os.path.join(self.data, "certs")
        for ext in ("key", "crt"):
            shutil.copy(os.path.join(self.pki, f"{self.node}.{ext}"), certs)
        self.cafile = os.path.join(certs, "ca.crt")
        shutil.copy(os.path.join(self.pki, "ca.crt"), self.cafile)

    def cluster_conf(self):
        text = ""
        for m in MASTERS:
            text += i2.obj("Endpoint", m, {"host": ADDR[m],
                                           "port": str(API_PORT)})
        text += i2.obj("Zone", ZONE, {"endpoints": list(MASTERS)})
        text += i2.obj("Zone", GLOBAL_ZONE, {"global": True})
        text += i2.obj("ApiListener", "api", {
            "bind_host": "0.0.0.0", "bind_port": str(API_PORT),
            "accept_config": True, "accept_commands": True})
        return text


def relay(ns, port, upstream):
    """Accept on 127.0.0.1:port in namespace ns; pipe each connection to
    upstream (host, port), connected from ns too (threads a namespace
    thread starts stay in its namespace)."""
    ready = threading.Event()
    err = []

    def serve():
        try:
            srv = socket.socket()
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind(("127.0.0.1", port))
            srv.listen(64)
        except OSError as e:
            err.append(e)
            ready.set()
            return
        ready.set()
        while True:
            c, _ = srv.accept()
            threading.Thread(target=_pipe, args=(c, upstream),
                             daemon=True).start()

    netns.thread(ns, serve)
    ready.wait(10)
    if err:
        raise RuntimeError(f"relay in {ns}: {err[0]}")


def _pipe(a, upstream):
    try:
        b = socket.create_connection(upstream, timeout=10)
    except OSError:
        a.close()
        return
    try:
        while True:
            ready, _, _ = select.select([a, b], [], [], 120)
            if not ready:
                return
            for s in ready:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        pass
    finally:
        a.close()
        b.close()


def make_pki(pki, env):
    """A CA and one certificate per master, with Icinga's own tools."""
    data = os.path.join(pki, "data")
    os.makedirs(data)
    d = f"-DDataDir={data}"
    _run_pki(["new-ca", d], env)
    for m in MASTERS:
        key, csr, crt = (os.path.join(pki, f"{m}.{x}")
                         for x in ("key", "csr", "crt"))
        _run_pki(["new-cert", "--cn", m, "--key", key, "--csr", csr, d], env)
        _run_pki(["sign-csr", "--csr", csr, "--cert", crt, d], env)
    shutil.copy(os.path.join(data, "ca", "ca.crt"),
                os.path.join(pki, "ca.crt"))


def _run_pki(args, env):
    r = subprocess.run(["icinga2", "pki"] + args, env=env, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=60)
    if r.returncode != 0 or "critical/" in r.stdout:
        raise RuntimeError(f"icinga2 pki {args[0]}: {r.stdout.strip()}")


class HaLab(labmod.Lab):
    def __init__(self, args):
        super().__init__(args)
        self.mns = ns_names(self.prefix)
        self.masters = {}
        self.dead = set()           # masters killed by a scenario
        self.mstates = {m: {} for m in MASTERS}
        self.mlines = {m: [] for m in MASTERS}
        self.partitioned = False

    # -- network and EC2 -----------------------------------------------------
    def _start_ec2(self):
        from ec2env import Ec2Env
        env = Ec2Env(tables=self.a.tables, destinations=(labmod.REMOTE_PREFIX,),
                     ipv6=False, foreign=False, proxy=True,
                     log_dir=os.path.join(self.work, "ec2"),
                     proxy_bind=self.net.mgmt["mon"])
        return env.start()

    def _ha_network(self):
        """monN: a namespace with a veth into mon's management bridge."""
        for m in MASTERS:
            ns, root = self.mns[m], f"{self.prefix}-h{m[-1]}"
            _sh("ip", "netns", "add", ns)
            _sh("ip", "-n", ns, "link", "set", "lo", "up")
            _sh("ip", "link", "add", root, "type", "veth", "peer", "name",
                root + "p")
            _sh("ip", "link", "set", root + "p", "netns", ns)
            _sh("ip", "-n", ns, "link", "set", root + "p", "name", "mgmt")
            _sh("ip", "-n", ns, "addr", "add", ADDR[m] + "/24", "dev",
                "mgmt")
            _sh("ip", "-n", ns, "link", "set", "mgmt", "up")
            _sh("ip", "link", "set", root, "netns", self.ns["mon"])
            _sh("ip", "-n", self.ns["mon"], "link", "set", root, "master",
                "mgmt", "up")

    def partition(self, on):
        """mon1 drops everything from and to mon2 (and so mon2 hears
        nothing from mon1): both connections time out."""
        ns, t = self.mns["mon1"], f"{self.prefix}_part"
        subprocess.run(["ip", "netns", "exec", ns, "nft", "delete", "table",
                        "inet", t], stderr=subprocess.DEVNULL)
        if on:
            peer = ADDR["mon2"]
            _sh("ip", "netns", "exec", ns, "nft", "-f", "-", input=(
                f"table inet {t} {{\n"
                f" chain in {{ type filter hook input priority -10; "
                f"policy accept; ip saddr {peer} drop; }}\n"
                f" chain out {{ type filter hook output priority -10; "
                f"policy accept; ip daddr {peer} drop; }}\n}}\n"))
        self.partitioned = on
        self.tl.add("PARTITION: mon1 and mon2 cut off from each other" if on
                    else "HEAL: mon1 and mon2 reach each other again")

    # -- Icinga 2 -------------------------------------------------------------
    def _endpoint_url(self):
        return f"http://127.0.0.1:{self._proxy_port()}"

    def _proxy_port(self):
        return int(self.ec2.proxy_endpoint.rsplit(":", 1)[1])

    def _aws_env(self):
        return self.ec2.aws_env(url=self._endpoint_url(), base={})

    def _handler_paths(self):
        for m in MASTERS:
            os.makedirs(os.path.join(self.work, m, "handler", "state"))
        return (i2.Raw('HandlerDir + "/state"'),
                i2.Raw('HandlerDir + "/handler.log"'))

    def handler_log_of(self, m):
        return os.path.join(self.work, m, "handler", "handler.log")

    def _start_icinga(self):
        if self.a.web or self.a.credentials != "keys":
            raise SystemExit("lab: --ha runs without --web and with "
                             "--credentials keys only")
        self._ha_network()
        for m in MASTERS:
            relay(self.mns[m], self._proxy_port(),
                  (self.net.mgmt["mon"], self._proxy_port()))
        env = dict(os.environ, ICINGA2_USER="root", ICINGA2_GROUP="root")
        pki = os.path.join(self.work, "pki")
        make_pki(pki, env)
        plugin_dir = self._plugin_dir()
        aws = self._aws_env_cached = self._aws_env()
        # The shipped definitions go to the global zone; the example
        # deployment and the lab's site file (its constant first) to the
        # master zone.
        shipped, zone = {}, {}
        for p in self._config_files():
            name = os.path.basename(p)
            text = open(p).read()
            if name.startswith("site."):
                zone["00-" + name] = text
            elif name in ZONE_FILES:
                zone[name] = text
            else:
                shipped[name] = text
        for m in MASTERS:
            ic = Master(os.path.join(self.work, m, "icinga2"), self.mns[m],
                        m, pki)
            ic.write_config(
                "", plugin_dir=plugin_dir, zone=ZONE, port=API_PORT,
                cluster=ic.cluster_conf(),
                consts={"HandlerDir": os.path.join(self.work, m, "handler")},
                zones_d=({ZONE: zone, GLOBAL_ZONE: shipped}
                         if m == "mon1" else None))
            ok, out = ic.validate(aws)
            if not ok:
                raise RuntimeError(f"{m}'s Icinga 2 configuration is invalid:"
                                   "\n" + "\n".join(out.splitlines()[-25:]))
            self.masters[m] = ic
        self.icinga = self.masters["mon1"]
        for m in MASTERS:
            self.masters[m].start(extra_env=aws)
        for m in MASTERS:
            self.masters[m].wait_api()
        self._say("waiting for mon2 to receive the zone's configuration")
        self.wait("mon2's synced configuration",
                  lambda: self._has_host("mon2", "vyos-1"), 90)
        for m in MASTERS:
            self.masters[m].watch(
                lambda ev, m=m: self._on_master_event(m, ev), interval=0.1)

    def _has_host(self, m, name):
        try:
            return bool(self.masters[m].get(
                f"/v1/objects/hosts/{name}?attrs=name", timeout=2)
                ["results"])
        except (OSError, ValueError, KeyError, i2.http.client.HTTPException):
            return False

    def _start_watchers(self):
        for m in MASTERS:
            threading.Thread(
                target=self._watch_handler_log, daemon=True,
                args=(self.handler_log_of(m), f"{m} ", self.mlines[m])
            ).start()
        for target in (self._watch_routes, self._watch_vgw):
            threading.Thread(target=target, daemon=True).start()

    def _on_master_event(self, m, ev):
        name = ev.get("host", "?") + (f"!{ev['service']}"
                                      if ev.get("service") else "")
        st = i2.state_name(ev)
        stype = "HARD" if ev.get("state_type") == 1 else "SOFT"
        prev = self.mstates[m].get(name)
        out = ((ev.get("check_result") or {}).get("output") or "").strip()
        self.mstates[m][name] = (st, stype, out)
        self.states[name] = (st, stype, out)
        t = ev.get("timestamp", ev["rx"])
        self.history.append((t, f"{m}:{name}", st, stype))
        if prev is not None:
            self.tl.add(f"{m}: {name} {st} {stype} - {out[:80]}", t=t)

    def all_ok(self):
        want = {"vyos-1": "UP", "vyos-2": "UP", "home-vpc": "UP",
                "vyos-1!bgp": "OK", "vyos-2!bgp": "OK", "vyos-1!aspath": "OK",
                "vyos-2!aspath": "OK", "home-vpc!routes": "OK"}
        return {f"{m}:{k}": self.mstates[m].get(k) for m in self.live()
                for k, v in want.items()
                if (self.mstates[m].get(k) or (None, None))[:2] !=
                (v, "HARD")}

    def live(self):
        return [m for m in MASTERS if m not in self.dead]

    def _alive(self):
        for m in self.live():
            p = self.masters[m].proc
            if p is not None and p.poll() is not None:
                raise RuntimeError(f"{m}'s icinga2 exited (status "
                                   f"{p.returncode}); see "
                                   f"{self.masters[m].log}/icinga2.log")

    def stop(self):
        for m, ic in self.masters.items():
            try:
                ic.stop()
            except Exception as e:
                print(f"lab: while stopping {m}: {e}")
        self.icinga = None
        super().stop()
        clean(self.prefix)

    # -- the zone -------------------------------------------------------------
    def owners(self, host="vyos-1"):
        """The live masters that run host's checks (not paused)."""
        out = []
        for m in self.live():
            try:
                r = self.masters[m].get(f"/v1/objects/hosts/{host}"
                                        "?attrs=paused", timeout=2)
                if not r["results"][0]["attrs"]["paused"]:
                    out.append(m)
            except (OSError, ValueError, KeyError, IndexError,
                    i2.http.client.HTTPException):
                pass
        return out

    def connected(self, m):
        try:
            r = self.masters[m].get("/v1/status/ApiListener", timeout=2)
            return r["results"][0]["status"]["api"]["num_conn_endpoints"] > 0
        except (OSError, ValueError, KeyError, IndexError,
                i2.http.client.HTTPException):
            return None

    def wait_zone(self, joined, timeout=150):
        """Until the live masters agree on the zone: joined -> connected and
        vyos1 owned by exactly one; else -> each on its own and owning
        vyos1."""
        n = len(self.live())
        what = ("the masters connected, one owning vyos1" if joined else
                "each master on its own, owning vyos1")
        self._say(f"waiting for {what}")
        t0 = time.time()

        def ok():
            conn = [self.connected(m) for m in self.live()]
            own = self.owners()
            if joined:
                return all(conn) and len(own) == 1
            return not any(conn) and len(own) == n
        self.wait(what, ok, timeout)
        self._say(f"zone: {what} after {time.time() - t0:.0f} s")

    def kill_master(self, m):
        """The master dies as a machine does: every process in its namespace
        SIGKILLed (icinga2, its plugins, a handler waiting for a failback)."""
        self.dead.add(m)
        _kill_ns(self.mns[m])
        self.masters[m].proc = None
        self.tl.add(f"KILL: master {m} (every process in its namespace)")

    # -- measurements ---------------------------------------------------------
    def replaces(self, since=0.0):
        """[(time, table, router)] of the ReplaceRoute calls the endpoint
        received since `since`."""
        log = self.mon_exec.submit(self.ec2.proxy_log).result(10)
        out = []
        for e in log:
            if e.get("action") != "ReplaceRoute" or e.get("t", 0) < since:
                continue
            p = e.get("params") or {}
            out.append((e["t"], p.get("RouteTableId"),
                        self.router_of(p.get("NetworkInterfaceId") or
                                       p.get("InstanceId"))))
        return out

    def per_pair(self, reps, router):
        c = collections.Counter(r for _, r, to in reps if to == router)
        return {rtb: c.get(rtb, 0) for rtb in self.ec2.ids["tables"]}

    def lines_since(self, m, since, word=None):
        return [(t, l) for t, l in list(self.mlines[m])
                if t >= since and (word is None or word in l)]

    def acted(self, since, word="action=failover"):
        """The masters whose handler decided `word` since `since`."""
        return [m for m in MASTERS if self.lines_since(m, since, word)]

    def switched(self, since, verb="failover", until=None):
        """The masters whose handler replaced routes (`verb` done with
        replaced > 0) between since and until."""
        out = []
        for m in MASTERS:
            for t, line in self.lines_since(m, since, f"{verb} done"):
                n = re.search(r" replaced=(\d+)", line)
                if (until is None or t < until) and n and int(n.group(1)):
                    out.append(m)
                    break
        return out

    def at_dead_after_switch(self, since, until, dead="vyos1"):
        """Samples (time, table) where a table pointed at `dead` after its
        first switch away from it, between since and until."""
        bad = []
        for rtb in self.ec2.ids["tables"]:
            moved = None
            for t, r, target in list(self.route_changes):
                if r != rtb or t < since or t > until:
                    continue
                who = self.router_of(target)
                if moved is None and who != dead:
                    moved = t
                elif moved is not None and who == dead:
                    bad.append((t, rtb))
        return bad

    def wait_routes(self, router, since, timeout):
        return max(self.wait(f"{rtb} on {router}",
                             lambda rtb=rtb: self._route_time(rtb, router,
                                                              since),
                             timeout)
                   for rtb in self.ec2.ids["tables"])

    def settle(self, seconds):
        """Let late handlers (the other master, a deferred failback) show."""
        time.sleep(seconds)

    # -- scenarios ------------------------------------------------------------
    def scenario(self, name):
        """Run one scenario; returns {"checks": [(ok, text)], ...}."""
        self.mon_exec.submit(self.ec2.proxy_reset).result(10)
        fn = {"connected": self.sc_connected, "partition": self.sc_partition,
              "owner-dies": self.sc_owner_dies, "flap": self.sc_flap}[name]
        try:
            return fn()
        finally:
            time.sleep(labmod.Timeline.LAG)
            self.tl.flush()

    def _cut(self):
        t = time.time()
        self.tl.reset(t)
        self.tl.add("CUT: vyos1 killed (daemons SIGKILLed, traffic dropped)",
                    mark="cut", t=t)
        self.net.kill("vyos1", drop=True)
        return t

    def _restore(self):
        t = time.time()
        self.tl.add("RESTORE: vyos1 restarted", mark="restore", t=t)
        self.net.restore("vyos1")
        return t

    def _failover_failback(self, res, on_cut=None):
        """Cut, (on_cut()), routes on vyos2, restore, routes back; fills res
        with times and the ReplaceRoute calls of each phase."""
        a = self.a
        tmo = a.step_timeout
        late = a.interval * a.attempts + a.retry + 3
        t_cut = res["cut"] = self._cut()
        if on_cut:
            on_cut()
        res["rto"] = self.wait_routes("vyos2", t_cut, tmo) - t_cut
        self.tl.add("ALL route tables on vyos2", mark="rto",
                    t=t_cut + res["rto"])
        self.settle(late)
        t_restore = res["restore"] = self._restore()
        res["out"] = [x for x in self.replaces(t_cut) if x[0] < t_restore]
        res["dead_samples"] = self.at_dead_after_switch(t_cut, t_restore)
        tmo_back = tmo + a.hold_down + 60
        res["failback"] = self.wait_routes("vyos1", t_restore,
                                           tmo_back) - t_restore
        self.tl.add("ALL route tables back on vyos1", mark="back",
                    t=t_restore + res["failback"])
        self.settle(late + a.hold_down)
        res["back"] = self.replaces(t_restore)
        res["end_on_vyos1"] = self.routes_on("vyos1")
        return res

    def _pair_checks(self, res, most, tag):
        chk = res["checks"]
        for phase, router in (("out", "vyos2"), ("back", "vyos1")):
            pp = self.per_pair(res[phase], router)
            res[f"{phase}_per_pair"] = pp
            if most == 1:
                chk.append((all(v == 1 for v in pp.values()),
                            f"[{tag}] each pair replaced once to {router} "
                            f"({pp})"))
            else:
                chk.append((all(1 <= v <= most for v in pp.values()),
                            f"[{tag}] each pair replaced 1..{most} times to "
                            f"{router} ({pp})"))
            other = [x for x in res[phase] if x[2] != router]
            chk.append((not other, f"[{tag}] no ReplaceRoute away from "
                        f"{router} while it should win ({other})"))
        chk.append((res["end_on_vyos1"],
                    f"[{tag}] routes end on vyos1 ({self.routes})"))

    def sc_connected(self):
        self.wait_zone(True)
        owner = self.owners()[0]
        res = {"scenario": "connected", "owner": owner, "checks": []}
        self._failover_failback(res)
        # With the safety policy's wiring the handler also runs on events of
        # checkables another master may own (vyos1's BGP, vyos2): those
        # runs find the pairs already-set.  One master moves the routes.
        res["acted"] = self.acted(res["cut"])
        res["switched"] = sw = self.switched(res["cut"], until=res["restore"])
        res["checks"].append((sw == [owner], f"[connected] exactly one "
                              f"master ran the failover: {sw} (owner of "
                              f"vyos1 {owner}; handler ran on "
                              f"{res['acted']})"))
        self._pair_checks(res, 1, "connected")
        return res

    def sc_partition(self):
        if not self.partitioned:
            self.partition(True)
        self.wait_zone(False)
        res = {"scenario": "partition", "checks": []}
        self._failover_failback(res)
        res["acted"] = self.acted(res["cut"])
        self._pair_checks(res, 2, "partition")
        res["checks"].append((not res["dead_samples"], "[partition] no "
                              "sample with a route at vyos1 after its first "
                              f"switch ({res['dead_samples']})"))
        return res

    def sc_owner_dies(self):
        if self.partitioned:
            self.partition(False)
        self.wait_zone(True)
        owner = self.owners()[0]
        other = [m for m in self.live() if m != owner][0]
        res = {"scenario": "owner-dies", "owner": owner, "other": other,
               "checks": []}
        self._failover_failback(res, on_cut=lambda: self.kill_master(owner))
        res["acted"] = self.acted(res["cut"])
        res["switched"] = sw = self.switched(res["cut"], until=res["restore"])
        res["checks"].append((sw == [other], f"[owner-dies] {other} took "
                              f"over from {owner} and failed over ({sw})"))
        fb = self.switched(res["restore"], "failback")
        res["checks"].append((fb == [other], f"[owner-dies] {other} failed "
                              f"back ({fb})"))
        self._pair_checks(res, 1, "owner-dies")
        return res

    def sc_flap(self, times=5, down=3.0, up=3.0):
        a = self.a
        if not self.partitioned:
            self.partition(True)
        self.wait_zone(False)
        res = {"scenario": "flap", "checks": []}
        t0 = res["cut"] = time.time()
        self.tl.reset(t0)
        windows = []
        for i in range(times):
            t = time.time()
            self.tl.add(f"FLAP {i + 1}/{times}: vyos1 drops all traffic")
            self.net.drop("vyos1")
            time.sleep(down)
            windows.append((t, time.time()))
            self.tl.add(f"FLAP {i + 1}/{times}: vyos1 passes traffic again")
            self.net.undrop("vyos1")
            time.sleep(up)
        res["restore"] = t_end = time.time()
        self.wait("routes back on vyos1 after the flapping",
                  lambda: self.routes_on("vyos1"),
                  a.step_timeout + a.hold_down + 60)
        self.settle(a.interval * a.attempts + a.retry + 3 + a.hold_down)
        reps = res["reps"] = self.replaces(t0)
        res["switches"] = len(reps)
        res["switches_out"] = sum(1 for x in reps if x[2] == "vyos2")
        res["switches_back"] = sum(1 for x in reps if x[2] == "vyos1")
        chk = res["checks"]
        chk.append((self.routes_on("vyos1"),
                    f"[flap] routes end on vyos1 ({self.routes})"))
        logged = 0
        why = []
        for m in MASTERS:
            n, bad = explain(self.lines_since(m, t0), a.hold_down)
            logged += n
            why += [f"{m}: {b}" for b in bad]
        res["logged_switches"] = logged
        chk.append((not why, f"[flap] every switch logged is explained by "
                    f"the policy ({why or 'all'})"))
        chk.append((logged == len(reps), f"[flap] the endpoint saw "
                    f"{len(reps)} ReplaceRoute, the handlers' logs account "
                    f"for {logged}"))
        late = [x for x in reps if x[2] == "vyos2" and not any(
            w0 <= x[0] <= w1 + a.interval * a.attempts + a.retry + 3
            for w0, w1 in windows)]
        chk.append((not late, f"[flap] every switch to vyos2 while or just "
                    f"after vyos1 was down ({late})"))
        # A failback while vyos1 drops everything, later than a probe burst
        # after the drop began: only the safety policy's own probe (issue 9)
        # can refuse it; a deferred failback fires on the hold-down alone.
        into_dead = [x for x in reps if x[2] == "vyos1" and any(
            w0 + PROBE_SLACK < x[0] < w1 for w0, w1 in windows)]
        res["failbacks_into_down"] = len(into_dead)
        probe = self.a.confirm and handler_probes(self.builddir)
        chk.append((not into_dead or not probe,
                    f"[flap] no failback to vyos1 while it was down "
                    f"({len(into_dead)}" + ("" if probe else
                                            "; not asserted: the handler does "
                                            "not probe (--no-confirm)")
                    + ")"))
        return res


def handler_probes(builddir):
    """Whether the handler confirms by its own probe (the safety policy)."""
    r = subprocess.run([os.path.join(builddir, "handlers",
                                     "handle_route_failover"), "--help"],
                       capture_output=True, text=True, timeout=10)
    return "--primary-address" in r.stdout


_DONE = re.compile(r"handle_route_failover\[(\d+)\]: (failover|failback) "
                   r"done .*replaced=(\d+)")
_EVENT = re.compile(r"handle_route_failover\[(\d+)\]: event state=(\S+) "
                    r"type=(\S+) attempt=(\d+) action=(\S+)"
                    r"(?: reason=(\S+))?")
# Why a run may switch: the safety policy's reasons (it probes both routers,
# whatever the event), or the event alone (--no-confirm, and the handler
# before the safety policy, which logged no reason).
FAILOVER_WHY = ("primary-down", "hard-problem", "early-attempt", None)
FAILBACK_WHY = ("primary-healthy", "secondary-down", "recovery", None)


def explain(lines, hold_down):
    """(switches, problems) of one master's log lines [(t, line)]: every
    "failover done" must follow the same run's decision action=failover for
    a reason the policy switches for (with the safety policy: primary-down,
    by its own probe; without it: a HARD problem event); every "failback
    done" a decision action=failback, or a deferred failback whose hold-down
    ran out (which the safety policy decides again, probing)."""
    runs = {}
    n, bad = 0, []
    for t, line in lines:
        m = _EVENT.search(line)
        if m:
            runs[m.group(1)] = (m.group(2), m.group(5), m.group(6))
            continue
        if "failback deferred: hold-down over" in line:
            pid = re.search(r"\[(\d+)\]", line).group(1)
            runs[pid] = ("UP", "failback", None)
            continue
        m = _DONE.search(line)
        if not m:
            continue
        pid, verb, replaced = m.group(1), m.group(2), int(m.group(3))
        n += replaced
        ev = runs.get(pid)
        if verb == "failover":
            ok = ev is not None and ev[1] == "failover" and (
                ev[2] in FAILOVER_WHY[:-1] or
                (ev[2] is None and ev[0] in ("DOWN", "CRITICAL")))
        else:
            ok = ev is not None and ev[1] == "failback" and \
                ev[2] in FAILBACK_WHY
        if not ok:
            bad.append(f"{verb} replaced={replaced} by [{pid}] after {ev}")
    return n, bad


def report(res, quiet=False):
    """Print a scenario's figures and checks; returns the failed checks."""
    print(f"\nScenario {res['scenario']}")
    for k in ("owner", "other", "acted", "switched", "rto", "failback", "out_per_pair",
              "back_per_pair", "switches", "switches_out", "switches_back",
              "logged_switches", "failbacks_into_down", "dead_samples"):
        if k in res:
            v = res[k]
            print(f"  {k:16s} {v:.2f} s" if isinstance(v, float) else
                  f"  {k:16s} {v}")
    bad = []
    for ok, text in res["checks"]:
        print(("  ok     " if ok else "  FAILED ") + text)
        if not ok:
            bad.append(text)
    return bad


def main(a):
    """lab.py run|bench --ha: start the HA lab, run the scenarios asked for
    (run: --ha-scenario, default all in an order that needs one partition;
    bench: connected and partition, --runs times each)."""
    lab = HaLab(a)
    rc = 1
    try:
        lab.start()
        lab.wait_all_ok()
        lab._say("every check is OK on both masters; routes on vyos1")
        results, failed = [], []
        if a.cmd == "bench":
            plan = ["connected"] * a.runs + ["partition"] * a.runs
        else:
            plan = a.ha_scenario or ["connected", "partition", "flap",
                                     "owner-dies"]
        for name in plan:
            if not a.quiet:
                print(f"\nTimeline of {name} (seconds since the cut)",
                      flush=True)
            res = lab.scenario(name)
            results.append(res)
            failed += report(res)
            if name != "owner-dies":
                lab.wait_all_ok()
        if a.cmd == "bench":
            import statistics
            print(f"\nRTO over {a.runs} runs (check interval {a.interval} s, "
                  f"retry {a.retry} s, max_check_attempts {a.attempts}, "
                  f"{a.tables} route tables)")
            for name in ("connected", "partition"):
                v = [r["rto"] for r in results if r["scenario"] == name]
                print(f"  HA {name:10s} median {statistics.median(v):5.2f} s"
                      f"  worst {max(v):5.2f} s  best {min(v):5.2f} s")
        if a.json:
            import json
            with open(a.json, "w") as f:
                json.dump({"ha": True, "runs": results,
                           "timeline": lab.tl.lines}, f, indent=1,
                          default=str)
        print("\nPASS" if not failed else
              f"\nFAILED: {len(failed)} check(s)")
        rc = 0 if not failed else 1
    except KeyboardInterrupt:
        print("\nlab: interrupted; cleaning up")
        rc = 130
    except (TimeoutError, AssertionError, RuntimeError, OSError,
            netlab.LabError) as e:
        print(f"\nlab: FAILED: {e}")
        rc = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            lab.stop()
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    return rc

