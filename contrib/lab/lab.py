#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The vyos-ha-plugins lab: two FRR routers, an AWS-like VGW, a monitoring
server running Icinga 2 or Nagios 4 with our checks and event handler, and a
local EC2 endpoint, all in network namespaces; then a failover and a
failback, timed.

    lab.py run  [--scenario host|bgp] [options]   one failover + failback,
                                                  timeline and summary
    lab.py up   [options]                         start, wait until every
                                                  check is OK, stay up
                                                  until Ctrl-C
    lab.py bench [--runs N] [options]             N failovers/failbacks,
                                                  median and worst RTO
    lab.py clean [--prefix P]                     remove what a killed run
                                                  left behind
    lab.py run|bench --ha [--ha-scenario NAME]    two Icinga 2 masters in
                                                  one HA zone (ha.py)

Run as root.  Builds nothing: --builddir names a configured and built tree
(contrib/lab/demo does the building).  The namespaces are netlab's
(PREFIX-vgw, -vyos1, -vyos2, -mon; contrib/lab/netlab.py).  In PREFIX-mon run
the EC2 endpoint (t/ec2env.py: moto with signature and IAM checks behind
t/servers/fault_proxy.py, two route tables whose 10.0.0.0/16 routes target
vyos1's ENI, an IAM user holding only contrib/iam/route-failover-policy.json)
and the monitoring (--monitor): a private Icinga 2 (icinga.py) or Nagios 4
(nagios.py) that loads the shipped command definitions (contrib/icinga2/*.conf
or contrib/nagios/*.cfg) and the deployment an operator copies
(contrib/icinga2/examples/vyos-ha.conf or contrib/nagios/examples/vyos-ha.cfg)
as they are; only the site file (site.conf / site.cfg) is the lab's own:
hosts vyos-1 and vyos-2 (host check check_vyos_alive), services bgp and
aspath on both, home-vpc's routes (check_ec2_route), handle_route_failover as
the event handler.  Check and retry interval 1 s, max_check_attempts 2.  The
handler and check_ec2_route get the IAM user's keys from the monitoring's
environment, or with --credentials imds role credentials from an IMDSv2
endpoint (t/servers/imds_server.py) in mon.  Every process is
tracked and stopped and the namespaces removed, on success, error and Ctrl-C
alike; a run first removes what a killed run with its prefix left behind.

Timeline sources: Icinga's hosts and services polled over its REST API every
0.1 s (times are Icinga's last_state_change / last_hard_state_change), or
Nagios' log and status.dat (read every 0.05 s; its times are whole seconds),
the
route tables (DescribeRouteTables every 0.1 s, straight to moto), the VGW's
best path for 172.31.0.0/16 (vtysh), the handler's --log-file.  The fault
proxy counts the ReplaceRoute calls: exactly one per table each way, or the
run fails.

Scenarios (what kills vyos1, and what tells the monitoring to move the
routes):
  host  vyos1's daemons are killed and all its traffic dropped (an instance
        failure as AWS sees it).  The trigger is vyos-1's HOST state
        (check_vyos_alive): handle_route_failover is the host's event
        handler, with its state and state type.
  bgp   both of vyos1's tunnels stop passing traffic while the router lives
        (host stays UP).  The trigger is vyos-1's bgp SERVICE (CRITICAL when
        fewer than --min-up tunnels are Established), the handler its event
        handler.
The site's failover setting picks the triggers: by default ("confirm")
every trigger of the examples (both routers' host and bgp events) runs the
handler, which confirms with its own probes and the BGP states; with
--no-confirm the scenario's trigger alone ("host" or "bgp"; Nagios: host
only), as a handler that acts on the event's state alone needs.
"""
import argparse
import glob
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(TOP, "t"))
import icinga as i2  # noqa: E402
import nagios as n4  # noqa: E402
import netns  # noqa: E402
import netlab  # noqa: E402
import safety  # noqa: E402
import web as webui  # noqa: E402

# The shipped definitions and the example deployment, loaded as they are;
# the site file (the last name) is written by the lab.
SHIPPED = {
    "icinga2": ("check_vyos_alive.conf", "check_vyos_bgp.conf",
                "check_vyos_aspath.conf", "check_ec2_route.conf",
                "handle_route_failover.conf", "examples/site.conf",
                "examples/vyos-ha.conf"),
    "nagios4": ("check_vyos_alive.cfg", "check_vyos_bgp.cfg",
                "check_vyos_aspath.cfg", "check_ec2_route.cfg",
                "handle_route_failover.cfg", "examples/site.cfg",
                "examples/vyos-ha.cfg"),
}
CONTRIB = {"icinga2": "icinga2", "nagios4": "nagios"}
PROGRAMS = ("plugins/check_vyos_alive", "plugins/check_vyos_bgp",
            "plugins/check_vyos_aspath", "plugins/check_ec2_route",
            "handlers/handle_route_failover")
REMOTE_PREFIX = "10.0.0.0/16"      # the remote VPC, what the routes carry
HOME_PREFIX = "172.31.0.0/16"      # the home VPC, what the VGW learns


def _on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


class Timeline:
    """Milestones with their time since the cut, printed as they happen.

    Sources report with a little lag (the Icinga and EC2 pollers, 0.1 s), so
    lines wait LAG seconds and come out sorted by the time of the event."""
    LAG = 0.4

    def __init__(self, quiet=False):
        self.t0 = time.time()
        self.marks = {}
        self.lines = []
        self.pending = []
        self.lock = threading.Lock()
        self.quiet = quiet
        self.stop = threading.Event()
        threading.Thread(target=self._printer, daemon=True).start()

    def reset(self, t0):
        self.flush()
        with self.lock:
            self.t0 = t0
            self.marks = {}

    def add(self, text, mark=None, t=None):
        t = time.time() if t is None else t
        with self.lock:
            if mark is not None:
                if mark in self.marks:
                    return
                self.marks[mark] = t
            self.pending.append((t, len(self.lines) + len(self.pending),
                                 text))

    def _emit(self, upto):
        with self.lock:
            self.pending.sort()
            out = [p for p in self.pending if p[0] <= upto]
            self.pending = [p for p in self.pending if p[0] > upto]
            for t, _n, text in out:
                line = f"  {t - self.t0:+8.3f} s  {text}"
                self.lines.append(line)
                if not self.quiet:
                    print(line, flush=True)

    def _printer(self):
        while not self.stop.wait(0.1):
            self._emit(time.time() - self.LAG)

    def flush(self):
        self._emit(float("inf"))

    def at(self, mark):
        with self.lock:
            return self.marks.get(mark)


class Lab:
    def __init__(self, args):
        self.a = args
        self.prefix = args.prefix
        self.work = os.path.abspath(args.workdir or f"/tmp/{self.prefix}-lab")
        self.builddir = os.path.abspath(args.builddir)
        self.net = netlab.Lab(self.prefix, os.path.join(self.work, "net"),
                              vrf=False, ipv6=False, log=self._netlog)
        self.ns = self.net.ns
        self.imds = None
        self.ec2 = None
        self.mon_exec = None
        self.monitor = None     # icinga.Icinga or nagios.Nagios
        self.icinga = None      # the same, when it is Icinga 2
        self.ec2_client = None
        self.tl = Timeline(quiet=args.quiet)
        self.stop_ev = threading.Event()
        self.threads = []
        self.routes = {}        # rtb -> target of REMOTE_PREFIX
        self.route_changes = []  # (time, rtb, target)
        self.route_samples = []  # (time, {rtb: target}) every --poll
        self.vgw_best = None    # "vyos1" / "vyos2" / None
        self.vgw_changes = []   # (time, best)
        self.states = {}        # object name -> (state name, HARD/SOFT, output)
        self.history = []       # (time, object name, state name, HARD/SOFT)
        self.handler_lines = []
        self.handler_log = os.path.join(self.work, "handler.log")
        self.web = None         # webui.Web with --web
        self.web_phases = {}    # phase -> {"states": ..., "png": ...}
        self.phase_hooks = []   # fn(lab, phase name) after each capture

    # -- life cycle --------------------------------------------------------
    def start(self):
        self._check_programs()
        clean(self.prefix, self.work, quiet=True)
        if os.path.exists(self.work):
            shutil.rmtree(self.work)
        # netlab's SSH user must reach its keys and vtysh wrapper below here.
        os.makedirs(self.work, mode=0o755)
        os.chmod(self.work, 0o755)
        self._say("starting the network: FRR vgw/vyos1/vyos2, sshd, mon")
        self.net.up(timeout=90)
        self.mon_exec = netns.executor(self.ns["mon"], 4)
        self._say("starting the EC2 endpoint (moto + fault proxy) in "
                  f"{self.ns['mon']}")
        self.ec2 = self.mon_exec.submit(self._start_ec2).result()
        self.ec2_client = self.mon_exec.submit(
            self.ec2.client, self.ec2.admin_keys, self.ec2.endpoint).result()
        if self.a.web:
            self._say("starting PostgreSQL for the IDO (unix socket only)")
            self.web = webui.Web(os.path.join(self.work, "web"), self._say)
            self.web.start_db()
        if self.a.monitor == "icinga2":
            self._say("starting Icinga 2 in " + self.ns["mon"])
            self._start_icinga()
        else:
            self._say("starting Nagios 4 in " + self.ns["mon"])
            self._start_nagios()
        self._start_watchers()
        if self.web:
            self.web.wait_ido(3, 5)
            self._say("Icinga Web 2 at " + self.web.start_web() +
                      self.web.dashboard_path())

    def _stop_imds(self):
        p, self.imds = self.imds, None
        if p is not None and p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)

    def _netlog(self, msg):
        if self.a.verbose:
            print(f"netlab: {msg}", flush=True)

    def _start_ec2(self):
        from ec2env import Ec2Env
        env = Ec2Env(tables=self.a.tables, destinations=(REMOTE_PREFIX,),
                     ipv6=False, foreign=False, proxy=True,
                     log_dir=os.path.join(self.work, "ec2"))
        return env.start()

    def stop(self):
        self.stop_ev.set()
        errors = []
        for what, fn in (("monitoring",
                          lambda: self.monitor and self.monitor.stop()),
                         ("web", lambda: self.web and self.web.stop()),
                         ("imds", self._stop_imds),
                         ("ec2env", lambda: self.ec2 and self.ec2.stop())):
            try:
                fn()
            except Exception as e:  # keep cleaning; report at the end
                errors.append(f"{what}: {e}")
        if self.mon_exec:
            self.mon_exec.shutdown(wait=False)
        # netlab ends whatever still runs in the lab's namespaces (FRR, sshd,
        # and what Icinga left: a deferred failback of the handler, a
        # plugin), then removes the namespaces and veths.
        try:
            self.net.cleanup()
        except Exception as e:
            errors.append(f"netlab: {e}")
        for e in errors:
            print(f"lab: while stopping: {e}", file=sys.stderr)

    def _say(self, text):
        if not self.a.quiet:
            print(f"lab: {text}", flush=True)

    def _check_programs(self):
        missing = [p for p in PROGRAMS
                   if not os.access(os.path.join(self.builddir, p), os.X_OK)]
        if self.a.monitor == "nagios4" and not n4.binary():
            raise SystemExit("lab: --monitor nagios4 needs nagios4 (Debian "
                             "package nagios4-core)")
        if self.a.web and self.a.monitor != "icinga2":
            raise SystemExit("lab: --web needs --monitor icinga2")
        if self.a.web and webui.missing():
            raise SystemExit("lab: --web needs " + ", ".join(webui.missing())
                             + " (contrib/lab/demo --web installs them)")
        if missing:
            raise SystemExit(f"lab: not built in {self.builddir}: "
                             f"{', '.join(missing)}")

    # -- Icinga 2 ----------------------------------------------------------
    def _plugin_dir(self):
        """PluginDir for the private Icinga: the stock plugins and our
        freshly built programs side by side, as after `make install`."""
        d = os.path.join(self.work, "plugins")
        os.makedirs(d)
        for p in glob.glob("/usr/lib/nagios/plugins/*"):
            os.symlink(p, os.path.join(d, os.path.basename(p)))
        for p in PROGRAMS:
            dst = os.path.join(d, os.path.basename(p))
            if os.path.lexists(dst):
                os.unlink(dst)
            os.symlink(os.path.join(self.builddir, p), dst)
        return d

    def _config_files(self):
        """The shipped definitions and the example deployment, as they are,
        with the site file replaced by the lab's (written into the work
        dir); --monitor-conf FILE replaces the shipped file of its name."""
        m = self.a.monitor
        extra = {os.path.basename(p): os.path.abspath(p)
                 for p in (self.a.monitor_conf or [])}
        found, missing = [], []
        for rel in SHIPPED[m]:
            name = os.path.basename(rel)
            p = os.path.join(TOP, "contrib", CONTRIB[m], rel)
            if name in extra:
                found.append(extra.pop(name))
            elif name.startswith("site."):
                found.append(self._write_site(name))
            elif os.path.exists(p):
                found.append(p)
            else:
                missing.append(rel)
        if missing:
            raise SystemExit(f"lab: missing in contrib/{CONTRIB[m]}/: "
                             f"{', '.join(missing)}")
        return found + list(extra.values())

    def _write_site(self, name):
        path = os.path.join(self.work, name)
        text = (self.site_icinga() if name.endswith(".conf")
                else self.site_nagios())
        with open(path, "w") as f:
            f.write(text)
        return path

    def _start_icinga(self):
        self.icinga = self.monitor = i2.Icinga(
            os.path.join(self.work, "icinga2"), self.ns["mon"])
        aws = self._aws_env_cached = self._aws_env()
        self.icinga.write_config(self.web.ido_config() if self.web else "",
                                 includes=self._config_files(),
                                 plugin_dir=self._plugin_dir())
        ok, out = self.icinga.validate(aws)
        if not ok:
            raise RuntimeError("the Icinga 2 configuration is invalid:\n"
                               + "\n".join(out.splitlines()[-25:]))
        self.icinga.start(extra_env=aws)
        self.icinga.wait_api()
        self.icinga.watch(self._on_event, interval=0.1)

    def _start_nagios(self):
        self.monitor = n4.Nagios(os.path.join(self.work, "nagios4"),
                                 self.ns["mon"])
        aws = self._aws_env_cached = self._aws_env()
        self.monitor.write_config(self._config_files(), self._plugin_dir())
        ok, out = self.monitor.validate()
        if not ok:
            raise RuntimeError("the Nagios 4 configuration is invalid:\n"
                               + "\n".join(out.splitlines()[-25:]))
        self.monitor.start(extra_env=aws)
        self.monitor.wait_ready()
        self.monitor.watch(self._on_event)

    def _aws_env(self):
        """What Icinga 2 (and so every plugin and the handler) inherits: the
        IAM user's keys (--credentials keys), or nothing but the address of
        an IMDSv2 endpoint in mon that hands out the role's session
        credentials (--credentials imds), as on an EC2 monitoring server."""
        env = self.ec2.aws_env(base={})
        if self.a.credentials == "keys":
            return env
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                  "AWS_SESSION_TOKEN", "AWS_EC2_METADATA_DISABLED"):
            env.pop(k, None)
        keys = self.mon_exec.submit(self.ec2.session_keys).result(30)
        path = os.path.join(self.work, "imds-credentials.json")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"AccessKeyId": keys["access_key_id"],
                       "SecretAccessKey": keys["secret_access_key"],
                       "Token": keys["session_token"],
                       "Expiration": keys["expiration"]}, f)
        keys.clear()
        self.imds, port = self.mon_exec.submit(self._start_imds, path).result(30)
        env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = f"http://127.0.0.1:{port}/"
        return env

    def _start_imds(self, creds):
        log = open(os.path.join(self.work, "imds.log"), "ab")
        p = subprocess.Popen(
            [sys.executable, os.path.join(TOP, "t", "servers",
                                          "imds_server.py"),
             "--credentials-file", creds, "--region", self.ec2.region,
             "--role", "route-failover-role",
             "--log", os.path.join(self.work, "imds-requests.log")],
            stdout=subprocess.PIPE, stderr=log, start_new_session=True)
        log.close()
        line = p.stdout.readline().decode(errors="replace").strip()
        if not line.startswith("READY port="):
            p.kill()
            raise RuntimeError("imds_server.py did not start; see "
                               f"{self.work}/imds.log")
        return p, int(line.split("=", 1)[1])

    def failover_mode(self):
        """The site's failover setting (see the examples' site file)."""
        if self.a.confirm:
            return "confirm"
        # Without confirmation the handler acts on the event's state alone:
        # one trigger only (a restored vyos-1's bgp would otherwise go
        # UNKNOWN -> CRITICAL after the failback and move the routes again).
        return self.a.scenario

    def _site(self):
        """The lab's site values, shared by both monitoring cores."""
        n, a, ids = self.net, self.a, self.ec2.ids
        state_dir, log_file = self._handler_paths()
        return {
            "addresses": [n.mgmt["vyos1"], n.mgmt["vyos2"]],
            "ids": [ids["vyos1_eni"], ids["vyos2_eni"]],
            "tunnels": [n.neighbors("vyos1"), n.neighbors("vyos2")],
            "tables": ids["tables"], "destinations": [REMOTE_PREFIX],
            "region": self.ec2.region, "endpoint_url": self._endpoint_url(),
            "state_dir": state_dir, "log_file": log_file,
            "ssh": self._ssh_vars(), "alive": self._alive_vars(),
        }

    def _endpoint_url(self):
        """The EC2 endpoint as the monitoring server reaches it."""
        return self.ec2.url

    def _handler_paths(self):
        """The handler's --state-dir (created here, unless
        --broken-state-dir names one that cannot be) and --log-file."""
        d = os.path.join(self.work, "handler")
        os.makedirs(d, exist_ok=True)
        if self.a.broken_state_dir:
            # /proc takes no directories, not even root's
            d = "/proc/vha-lab-no-state-dir"
        return d, self.handler_log

    def site_icinga(self):
        """contrib/icinga2/examples/site.conf with the lab's values."""
        v, a = self._site(), self.a
        null = i2.Raw("null")
        aws = self._aws_env_cached
        alive = {f"vyos_alive_{k}": val for k, val in v["alive"].items()}
        alive.setdefault("vyos_alive_ssh_port", 0)    # ICMP only
        site = {
            "primary_address": v["addresses"][0],
            "secondary_address": v["addresses"][1],
            "primary_id": v["ids"][0], "secondary_id": v["ids"][1],
            "route_tables": v["tables"], "destinations": v["destinations"],
            "region": v["region"],
            "primary_tunnels": v["tunnels"][0],
            "secondary_tunnels": v["tunnels"][1],
            "asn": 65000, "advertised_prefixes": [HOME_PREFIX],
            "ssh_user": v["ssh"]["user"],
            "ssh_identity": v["ssh"]["identity"],
            "ssh_known_hosts": v["ssh"]["known_hosts"],
            "ssh_timeout": a.ssh_timeout,
            "failover": self.failover_mode(),
            **({"act_on_attempt": a.act_on_attempt} if a.act_on_attempt
               else {}),
            "hold_down": a.hold_down, "probe_ssh_port": 22,
            "state_dir": v["state_dir"], "log_file": v["log_file"],
            "aws": {
                "aws_profile": null,
                "aws_config_file": aws.get("AWS_CONFIG_FILE") or null,
                "aws_shared_credentials_file":
                    aws.get("AWS_SHARED_CREDENTIALS_FILE") or null,
                "https_proxy": null, "no_proxy": null,
                "endpoint_url": v["endpoint_url"], "ca_file": null},
            "check_interval": a.interval, "retry_interval": a.retry,
            "max_check_attempts": a.attempts,
            "slow_check_interval": a.interval,
            "alive": alive,
            "bgp": {"vyos_bgp_min_up": len(v["tunnels"][0])},
        }
        body = "\n".join(f"  {k} = {i2.value(val)}"
                         for k, val in site.items())
        return ("// SPDX-License-Identifier: ISC\n"
                "// The lab's site values (contrib/lab/lab.py), in place of\n"
                "// contrib/icinga2/examples/site.conf.  failover = \"confirm\"\n"
                "// requires handle_route_failover with --primary-address\n"
                "// (vyos-ha-plugins >= 0.2).\n"
                f"const VyosHa = {{\n{body}\n}}\n")

    def site_nagios(self):
        """contrib/nagios/examples/site.cfg with the lab's values."""
        v, a = self._site(), self.a
        mode = self.failover_mode()
        if mode == "bgp":
            raise SystemExit("lab: --monitor nagios4 --scenario bgp needs "
                             "the confirmation (drop --no-confirm)")

        def define(kind, attrs):
            return (f"define {kind} {{\n" +
                    "".join(f"    {k:<24}{'' if x is None else ' ' + str(x)}"
                            f"\n" for k, x in attrs.items()) + "}\n\n")
        timing = {"check_interval": a.interval, "retry_interval": a.retry,
                  "max_check_attempts": a.attempts}
        al = v["alive"]
        site = dict(
            name="vyos-ha-site", check_period="24x7", contact_groups="admins",
            **timing,
            _ROUTE_TABLES=",".join(v["tables"]),
            _DESTINATIONS=",".join(v["destinations"]),
            _PRIMARY_ID=v["ids"][0], _SECONDARY_ID=v["ids"][1],
            _REGION=v["region"], _HOLD_DOWN=a.hold_down,
            _STATE_DIR=v["state_dir"], _PROBE_SSH_PORT=22,
            _FAILOVER_OPTIONS=f"--log-file {v['log_file']}" + (
                f" --act-on-attempt {a.act_on_attempt}"
                if a.act_on_attempt else ""),
            _AWS_OPTIONS=f"--endpoint-url {v['endpoint_url']}",
            _VYOS_ASN=65000, _ADVERTISED_PREFIXES=HOME_PREFIX,
            _SSH_USER=v["ssh"]["user"], _SSH_IDENTITY=v["ssh"]["identity"],
            _SSH_KNOWN_HOSTS=v["ssh"]["known_hosts"],
            _SSH_TIMEOUT=a.ssh_timeout,
            _BGP_MIN_UP=len(v["tunnels"][0]), _BGP_MIN_UPTIME=0,
            _BGP_CRITICAL="0:",
            _ALIVE_PACKETS=al["packets"], _ALIVE_INTERVAL=al["interval"],
            _ALIVE_WARNING=f"{al['wrta']},{al['wpl']}%",
            _ALIVE_CRITICAL=f"{al['crta']},{al['cpl']}%",
            _ALIVE_TIMEOUT=al["timeout"],
            _ALIVE_SSH_PORT=al.get("ssh_port", 22),
            register=0)
        if "ssh_port" not in al:
            site["check_command"] = "check_vyos_alive"
        out = ("# SPDX-License-Identifier: ISC\n"
               "# The lab's site values (contrib/lab/lab.py), in place of\n"
               "# contrib/nagios/examples/site.cfg.  vyos-ha-confirm requires\n"
               "# handle_route_failover with --primary-address\n"
               "# (vyos-ha-plugins >= 0.2).\n\n")
        out += define("host", site)
        for r, i in (("vyos-1", 0), ("vyos-2", 1)):
            h = {"name": f"{r}-site"}
            if r == "vyos-1":
                h["use"] = ("vyos-ha-confirm" if mode == "confirm"
                            else "vyos-ha-unconfirmed")
            h.update(address=v["addresses"][i],
                     _VGW_TUNNELS=",".join(v["tunnels"][i]), register=0)
            out += define("host", h)
        for name in ("vyos-ha-service", "vyos-ha-slow-service"):
            out += define("service", dict(name=name, use="generic-service",
                                          **timing, register=0))
        return out

    def _alive_vars(self):
        """check_vyos_alive as the host check: 3 echoes 50 ms apart, a dead
        router is CRITICAL in about 0.3 s.  --ssh-banner adds the SSH banner
        test, bounded by -t 1: a dead router's check then lasts ~0.9 s."""
        v = {"packets": self.a.packets, "interval": self.a.ping_ms,
             "wrta": 100, "wpl": 40, "crta": 200, "cpl": 60, "timeout": 2}
        if self.a.ssh_banner:
            v.update(ssh_port=22, timeout=1)
        return v

    def _ssh_vars(self):
        """How the BGP plugins reach a router (netlab's sshd, key only)."""
        return {"user": self.net.user, "identity": self.net.client_key,
                "known_hosts": self.net.known_hosts}

    def tunnels_drop(self, router, on):
        """Both tunnels of `router` stop passing traffic (nftables in the
        router's namespace) while its daemons live: as when the IPsec path
        fails, each BGP side notices by its hold timer, not by a link
        going down."""
        table = f"{self.prefix}_tun"
        ns = self.ns[router]
        subprocess.run(["ip", "netns", "exec", ns, "nft", "delete", "table",
                        "inet", table], stderr=subprocess.DEVNULL)
        if on:
            rules = (f"table inet {table} {{\n"
                     " chain in { type filter hook input priority -10; "
                     "policy accept; iifname { \"tun1\", \"tun2\" } drop; }\n"
                     " chain out { type filter hook output priority -10; "
                     "policy accept; oifname { \"tun1\", \"tun2\" } drop; }\n"
                     "}\n")
            subprocess.run(["ip", "netns", "exec", ns, "nft", "-f", "-"],
                           input=rules, text=True, check=True, timeout=5)

    # -- watchers ----------------------------------------------------------
    def _on_event(self, ev):
        name = ev.get("host", "?") + (f"!{ev['service']}"
                                      if ev.get("service") else "")
        st = i2.state_name(ev)
        cr = ev.get("check_result") or {}
        stype = "HARD" if ev.get("state_type", (cr.get("vars_after") or {})
                                 .get("state_type")) == 1 else "SOFT"
        prev = self.states.get(name)
        self.states[name] = (st, stype, (cr.get("output") or "").strip())
        t = ev.get("timestamp", ev["rx"])
        if ev.get("type") == "StateChange" or prev is None or \
                prev[:2] != (st, stype):
            self.history.append((t, name, st, stype))
        if ev.get("type") == "StateChange" and prev is not None:
            att = (cr.get("vars_after") or {}).get("attempt", "")
            who = "Icinga" if self.a.monitor == "icinga2" else "Nagios"
            self.tl.add(f"{who}: {name} {st} {stype}"
                        f"{f' (attempt {att})' if stype == 'SOFT' else ''}"
                        f" - {self.states[name][2][:90]}", t=t)

    def _start_watchers(self):
        for target, name in ((self._watch_routes, "routes"),
                             (self._watch_vgw, "vgw"),
                             (self._watch_handler_log, "handler")):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self.threads.append(t)

    def _read_routes(self):
        ids = self.ec2.ids
        r = self.ec2_client.describe_route_tables(RouteTableIds=ids["tables"])
        out = {}
        for t in r["RouteTables"]:
            for rt in t["Routes"]:
                d = rt.get("DestinationCidrBlock")
                if d == REMOTE_PREFIX:
                    out[t["RouteTableId"]] = (rt.get("NetworkInterfaceId") or
                                              rt.get("InstanceId"))
        return out

    def router_of(self, target):
        ids = self.ec2.ids
        return {ids["vyos1_eni"]: "vyos1", ids["vyos2_eni"]: "vyos2",
                ids["vyos1"]: "vyos1", ids["vyos2"]: "vyos2"}.get(
                    target, target)

    def _watch_routes(self):
        while not self.stop_ev.is_set():
            try:
                now = self.mon_exec.submit(self._read_routes).result(10)
            except Exception:
                if self.stop_ev.is_set():
                    return
                time.sleep(0.2)
                continue
            t = time.time()
            self.route_samples.append((t, dict(now)))
            for rtb, target in now.items():
                if self.routes.get(rtb) != target:
                    self.route_changes.append((t, rtb, target))
                    if rtb in self.routes:
                        self.tl.add(f"EC2: {rtb} {REMOTE_PREFIX} -> {target} "
                                    f"({self.router_of(target)})", t=t)
                    self.routes[rtb] = target
            self.stop_ev.wait(self.a.poll)

    def _watch_vgw(self):
        while not self.stop_ev.is_set():
            try:
                best = self.net.bestpath(HOME_PREFIX)
            except Exception:
                best = None
            t = time.time()
            if best != self.vgw_best:
                self.vgw_changes.append((t, best))
                if self.vgw_best is not None or best is not None:
                    self.tl.add(f"VGW: best path to {HOME_PREFIX} via "
                                f"{best or 'nothing'}", t=t)
                self.vgw_best = best
            self.stop_ev.wait(0.1)

    def _watch_handler_log(self, path=None, tag="", sink=None):
        """Follow the handler's log (default self.handler_log) into
        handler_lines and the timeline; with sink, into that list too and
        each timeline line starts with tag."""
        pos = 0
        path = path or self.handler_log
        while not self.stop_ev.is_set():
            try:
                with open(path) as f:
                    f.seek(pos)
                    data = f.read()
                    pos = f.tell()
            except FileNotFoundError:
                data = ""
            t = time.time()
            for line in data.splitlines():
                self.handler_lines.append((t, line))
                if sink is not None:
                    sink.append((t, line))
                # "2026-...Z handle_route_failover[PID]: msg" -> "handler[PID]: msg"
                m = re.match(r"\S+ handle_route_failover(\[\d+\]): (.*)", line)
                shown = f"handler{m.group(1)}: {m.group(2)}" if m else line
                # The instance behind each ENI is in the log; not needed here.
                shown = re.sub(r" \(i-[0-9a-f]+\)", "", shown)
                for r in ("vyos1", "vyos2"):
                    eni = self.ec2.ids[f"{r}_eni"]
                    shown = shown.replace(eni, f"{eni}({r})")
                self.tl.add(tag + shown.strip()[:200], t=t)
            self.stop_ev.wait(0.01)

    # -- conditions ----------------------------------------------------------
    def routes_on(self, router):
        return (len(self.routes) == self.a.tables and
                all(self.router_of(t) == router
                    for t in self.routes.values()))

    def state(self, name):
        return self.states.get(name, (None, None, ""))

    def all_ok(self):
        want = {"vyos-1": "UP", "vyos-2": "UP", "home-vpc": "UP",
                "vyos-1!bgp": "OK", "vyos-2!bgp": "OK",
                "vyos-1!aspath": "OK", "vyos-2!aspath": "OK",
                "home-vpc!routes": "OK"}
        bad = {k: self.state(k) for k, v in want.items()
               if self.state(k)[:2] != (v, "HARD")}
        return bad

    def wait(self, what, cond, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            v = cond()
            if v:
                return v
            self._alive()
            time.sleep(0.02)
        raise TimeoutError(f"timed out after {timeout} s waiting for {what}")

    def _alive(self):
        """The monitoring must still run: a dead one explains any
        timeout."""
        p = self.monitor.proc if self.monitor else None
        if p is not None and p.poll() is not None:
            raise RuntimeError(f"{self.a.monitor} exited (status "
                               f"{p.returncode}); see {self.monitor.log}")

    def wait_all_ok(self, timeout=90):
        self._say("waiting until every check is OK and the VGW prefers vyos1")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.all_ok() and self.vgw_best == "vyos1" and \
               self.routes_on("vyos1"):
                return
            self._alive()
            time.sleep(0.1)
        raise TimeoutError("not every check is OK after "
                           f"{timeout} s: {self.all_ok()} vgw={self.vgw_best}"
                           f" routes={self.routes}; watching "
                           f"{self.a.monitor}: "
                           f"{self.monitor.watch_error or 'no error'}")

    def web_phase(self, phase):
        """With --web: wait until the web shows what Icinga's API shows (the
        IDO lags by up to a second), keep that view and a screenshot of the
        dashboard as WORK/web-N-PHASE.png, then run the phase hooks."""
        if not self.web:
            return
        t0 = time.time()
        shown = self.wait(f"the web to show the {phase} states",
                          self._web_agrees, 60)
        png = os.path.join(self.work, f"web-{len(self.web_phases) + 1}-"
                           f"{phase}.png")
        self.web.screenshot(self.web.dashboard_path(), png)
        self.web_phases[phase] = {"states": shown, "png": png}
        for fn in self.phase_hooks:
            fn(self, phase)
        text = (f"WEB: {phase} shown, screenshot {os.path.basename(png)} "
                f"({time.time() - t0:.1f} s)")
        if phase == "ok":   # before the cut: not part of the timeline
            self._say(text)
        else:
            self.tl.add(text)

    def _web_agrees(self):
        """The web's {name: (state, output)} once every object shows the
        state Icinga's API reports, else None."""
        api = {k: v[0] for k, v in list(self.states.items())}
        try:
            shown = self.web.states()
        except (OSError, ValueError):
            return None
        if api and all(shown.get(k, (None,))[0] == v for k, v in api.items()):
            return shown
        return None

    def replace_count(self):
        return self.mon_exec.submit(self.ec2.proxy_counts).result(10).get(
            "ReplaceRoute", 0)

    # -- the scenario --------------------------------------------------------
    def trigger(self):
        return "vyos-1" if self.a.scenario == "host" else "vyos-1!bgp"

    def failover_failback(self):
        """One cut and one restore; returns the measurements, raises when a
        step did not happen."""
        try:
            return self._failover_failback()
        finally:
            time.sleep(Timeline.LAG)
            self.tl.flush()

    def _failover_failback(self):
        a = self.a
        trig = self.trigger()
        down = "DOWN" if a.scenario == "host" else "CRITICAL"
        up = "UP" if a.scenario == "host" else "OK"
        self.mon_exec.submit(self.ec2.proxy_reset).result(10)
        self.web_phase("ok")
        base_lines = len(self.handler_lines)
        t_cut = time.time()
        self.tl.reset(t_cut)
        if a.scenario == "host":
            self.tl.add("CUT: vyos1 killed (bgpd and zebra SIGKILLed, all its "
                        "traffic dropped)", mark="cut", t=t_cut)
            self.net.kill("vyos1", drop=True)
        else:
            self.tl.add("CUT: vyos1's two tunnels drop all traffic (router "
                        "alive)", mark="cut", t=t_cut)
            self.tunnels_drop("vyos1", True)
        got = {}
        tmo = a.step_timeout
        got["soft"] = self._wait_state(trig, down, "SOFT", tmo,
                                       optional=a.attempts == 1)
        got["hard"] = self._wait_state(trig, down, "HARD", tmo)
        got["handler"] = self.wait(
            "the handler's failover",
            lambda: self._handler_line(base_lines, "action=failover"), tmo)
        for rtb in self.ec2.ids["tables"]:
            got[rtb] = self.wait(f"{rtb} on vyos2",
                                 lambda rtb=rtb: self._route_time(
                                     rtb, "vyos2", t_cut),
                                 tmo)
        got["rto"] = max(got[r] for r in self.ec2.ids["tables"])
        self.tl.add(f"ALL {a.tables} route tables on vyos2", mark="rto",
                    t=got["rto"])
        got["vgw"] = self.wait("the VGW's best path via vyos2",
                               lambda: self._vgw_time("vyos2", t_cut),
                               tmo + 10)
        got["ec2warn"] = self._wait_state("home-vpc!routes", "WARNING",
                                          None, tmo)
        failover_replaces = self.replace_count()
        self.web_phase("failover")
        if a.dwell:
            # Let the failed-over state show (vyos1's SSH checks time out).
            self.tl.add(f"(vyos1 stays down {a.dwell:g} s more)")
            time.sleep(a.dwell)

        # -- restore ---------------------------------------------------------
        t_restore = time.time()
        self.tl.add("RESTORE: vyos1 " + ("restarted, traffic passes again"
                                         if a.scenario == "host" else
                                         "tunnels pass traffic again"),
                    mark="restore", t=t_restore)
        if a.scenario == "host":
            self.net.restore("vyos1")
        else:
            self.tunnels_drop("vyos1", False)
        tmo_back = tmo + a.hold_down + 60
        got["up"] = self._wait_state(trig, up, "HARD", tmo_back,
                                     since=t_restore)
        got["vgw_back"] = self.wait("the VGW's best path back via vyos1",
                                    lambda: self._vgw_time("vyos1",
                                                           t_restore),
                                    tmo_back)
        got["back"] = max(self.wait(f"{rtb} back on vyos1",
                                    lambda rtb=rtb: self._route_time(
                                        rtb, "vyos1", t_restore), tmo_back)
                          for rtb in self.ec2.ids["tables"])
        self.tl.add(f"ALL {a.tables} route tables back on vyos1 "
                    f"(hold-down {a.hold_down} s)", mark="back",
                    t=got["back"])
        got["ec2ok"] = self._wait_state("home-vpc!routes", "OK", None,
                                        tmo_back, since=t_restore)
        got["handler_back"] = self.wait(
            "the handler's failback",
            lambda: self._handler_line(base_lines, "failback done",
                                       last=True), tmo_back)
        time.sleep(2 * a.interval + 1)   # a late duplicate would show now
        total = self.replace_count()
        if self.web:
            self.wait_all_ok()
            self.web_phase("failback")
        pairs = a.tables
        res = {
            "cut": t_cut, "restore": t_restore,
            "soft": (got["soft"] - t_cut) if got["soft"] else None,
            "detect": got["hard"] - t_cut,
            "handler": got["handler"] - t_cut,
            "rto": got["rto"] - t_cut,
            "vgw": got["vgw"] - t_cut,
            "failback": got["back"] - t_restore,
            "vgw_back": got["vgw_back"] - t_restore,
            "replace_failover": failover_replaces,
            "replace_total": total,
            "pairs": pairs,
        }
        if failover_replaces != pairs or total != 2 * pairs:
            raise AssertionError(
                f"ReplaceRoute calls: {failover_replaces} on failover, "
                f"{total} in all; expected {pairs} and {2 * pairs} (a route "
                f"was switched twice, or not at all)")
        return res

    def _wait_state(self, name, st, stype, timeout, optional=False,
                    since=None):
        """Time of the first change of `name` to st/stype since `since`
        (default: the cut)."""
        since = self.tl.t0 if since is None else since

        def cond():
            for t, n, s, ty in list(self.history):
                if n == name and t >= since and s == st and \
                        (stype is None or ty == stype):
                    return t
            if optional and self.state(name)[0] == st:
                return time.time()
            return None
        return self.wait(f"{name} {st} {stype or ''}".strip(), cond, timeout)

    def _handler_line(self, start, word, last=False):
        lines = self.handler_lines[start:]
        for t, line in (reversed(lines) if last else lines):
            if word in line:
                return t
        return None

    def _vgw_time(self, router, since):
        for t, best in list(self.vgw_changes):
            if t >= since and best == router:
                return t
        return None

    def _route_time(self, rtb, router, since):
        """When rtb's route last moved to router (since `since`), provided it
        is still there."""
        if self.router_of(self.routes.get(rtb)) != router:
            return None
        for t, r, target in reversed(list(self.route_changes)):
            if r == rtb:
                return t if t >= since else None
        return None


def _ha():
    """contrib/lab/ha.py, which builds on this module (as `lab`)."""
    sys.modules.setdefault("lab", sys.modules[__name__])
    import ha
    return ha


def clean(prefix, workdir=None, quiet=False):
    """Remove what a killed run with this prefix left behind: netlab ends
    every process in the lab's namespaces (all started by a lab run) and
    removes the namespaces and veths; so does ha.py for the HA masters."""
    work = workdir or f"/tmp/{prefix}-lab"
    _ha().clean(prefix)
    ended = webui.clean(os.path.join(work, "web"))
    if ended and not quiet:
        print(f"lab: ended the web's {', '.join(ended)}")
    net = netlab.Lab.load(os.path.join(work, "net"), None)
    if net.prefix != prefix:
        net = netlab.Lab(prefix, os.path.join(work, "net"))
    left = [n for n in net.ns.values() if os.path.exists(f"/run/netns/{n}")]
    net.cleanup()
    if left and not quiet:
        print(f"lab: removed {', '.join(left)}")


def summary(res, scenario, shots=()):
    print("\nSummary")
    print(f"  scenario            {scenario}")
    if res.get("soft") is not None:
        print(f"  first failed check  {res['soft']:6.2f} s after the cut "
              "(SOFT)")
    print(f"  detection (HARD)    {res['detect']:6.2f} s after the cut")
    print(f"  handler fired       {res['handler']:6.2f} s")
    print(f"  RTO (all routes)    {res['rto']:6.2f} s")
    print(f"  VGW on vyos2        {res['vgw']:6.2f} s")
    print(f"  failback            {res['failback']:6.2f} s after the restore "
          f"(routes; VGW back after {res['vgw_back']:.2f} s)")
    print(f"  ReplaceRoute calls  {res['replace_failover']} on failover, "
          f"{res['replace_total']} in all, for {res['pairs']} route(s): "
          "none switched twice")
    for png in shots:
        print(f"  screenshot          {png}")


def parser():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("cmd", choices=["run", "up", "bench", "clean",
                                    "safety", "soak"])
    ap.add_argument("--minutes", type=float, default=10,
                    help="soak: how long (default 10)")
    ap.add_argument("--loss", type=int, default=5,
                    help="soak: %% random loss on vyos1's links (default 5)")
    ap.add_argument("--case", choices=safety.CASES,
                    help="safety: the scenario (contrib/lab/safety.py)")
    ap.add_argument("--scenario", choices=["host", "bgp"], default="host")
    ap.add_argument("--prefix", default="vha",
                    help="namespace name prefix (default vha)")
    ap.add_argument("--builddir", default=os.path.join(TOP, "_build"),
                    help="a built tree (default TOP/_build)")
    ap.add_argument("--workdir", help="default /tmp/PREFIX-lab")
    ap.add_argument("--tables", type=int, default=2)
    ap.add_argument("--credentials", choices=["keys", "imds"],
                    default="keys",
                    help="how the handler and check_ec2_route get AWS "
                    "credentials: the IAM user's keys in the environment "
                    "(default), or role credentials from an IMDSv2 endpoint")
    ap.add_argument("--interval", type=float, default=1.0,
                    help="check interval, s (default 1)")
    ap.add_argument("--retry", type=float, default=1.0,
                    help="retry interval, s (default 1)")
    ap.add_argument("--attempts", type=int, default=2,
                    help="max_check_attempts (default 2: one retry)")
    ap.add_argument("--packets", type=int, default=3,
                    help="host check: echo requests (default 3)")
    ap.add_argument("--ping-ms", type=int, default=50,
                    help="host check: ms between them (default 50)")
    ap.add_argument("--ssh-banner", action="store_true",
                    help="host check: also require vyos1's SSH banner")
    ap.add_argument("--no-confirm", dest="confirm", action="store_false",
                    help="the handler's old wiring: the trigger's events "
                    "only, believed (--no-confirm); default: it confirms "
                    "with its own probes and the BGP states, on the events "
                    "of both routers' hosts and BGP services")
    ap.add_argument("--act-on-attempt", type=int, default=None,
                    metavar="N",
                    help="the handler acts on SOFT problems from attempt N "
                    "(safe with the confirmation: its own probe is the "
                    "second opinion the retries were for)")
    ap.add_argument("--broken-state-dir", action="store_true",
                    help="give the handler a state dir it cannot create")
    ap.add_argument("--hold-down", type=int, default=10,
                    help="handler hold-down before failback, s (default 10)")
    ap.add_argument("--ssh-timeout", type=int, default=5,
                    help="-t of the BGP checks (SSH to the routers), s")
    ap.add_argument("--step-timeout", type=float, default=30)
    ap.add_argument("--poll", type=float, default=0.1,
                    help="route table polling period, s")
    ap.add_argument("--runs", type=int, default=5, help="bench: runs")
    ap.add_argument("--dwell", type=float, default=None,
                    help="keep vyos1 down this long once failed over, s "
                    "(default 4 for run, 0 for bench)")
    ap.add_argument("--monitor", choices=["icinga2", "nagios4"],
                    default="icinga2",
                    help="the monitoring core in mon (default icinga2)")
    ap.add_argument("--monitor-conf", "--icinga-conf", action="append",
                    metavar="FILE", dest="monitor_conf",
                    help="an extra definitions file to load (replaces the "
                    "shipped or example file of the same name)")
    ap.add_argument("--web", action="store_true",
                    help="also Icinga Web 2 on 127.0.0.1 (IDO on a private "
                    "PostgreSQL) with the VyOS HA dashboard; run takes a "
                    "screenshot at each phase into the work dir")
    ap.add_argument("--ha", action="store_true",
                    help="two Icinga 2 masters in one HA zone (ha.py): run "
                    "and bench take the HA scenarios instead")
    ap.add_argument("--ha-scenario", action="append",
                    choices=["connected", "partition", "owner-dies", "flap"],
                    help="with --ha, run: this scenario (repeatable; "
                    "default all four, see ha.py)")
    ap.add_argument("--json", metavar="FILE",
                    help="write the measurements as JSON")
    ap.add_argument("-q", "--quiet", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also show what netlab does")
    return ap


def main(argv=None):
    a = parser().parse_args(argv)
    if a.dwell is None:
        a.dwell = 4.0 if a.cmd == "run" else 0.0
    if a.cmd == "safety":
        if a.case is None:
            raise SystemExit("lab: safety needs --case "
                             + "|".join(safety.CASES))
        a.broken_state_dir = a.broken_state_dir or a.case == "state-dir"
    if os.geteuid() != 0:
        raise SystemExit("lab: run as root (namespaces, FRR, monitoring)")
    if a.cmd == "clean":
        clean(a.prefix, a.workdir)
        return 0
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, _on_signal)
    if a.ha:
        if a.cmd == "up":
            raise SystemExit("lab: --ha takes run or bench")
        return _ha().main(a)
    try:
        lab = Lab(a)
    except netlab.LabError as e:
        raise SystemExit(f"lab: {e}")
    rc = 1
    try:
        lab.start()
        lab.wait_all_ok()
        lab._say("every check is OK; routes and VGW on vyos1")
        if a.cmd == "safety":
            res = safety.Safety(lab).run(a.case)
            lab.tl.flush()
            bad = [w for ok, w in res if not ok]
            print(f"\n{'FAIL' if bad else 'PASS'}: safety {a.case}: "
                  f"{len(res) - len(bad)}/{len(res)} assertions")
            return 1 if bad else 0
        if a.cmd == "soak":
            res = safety.soak(lab, a.minutes, a.loss)
            print(json.dumps(res, indent=1))
            if a.json:
                with open(a.json, "w") as f:
                    json.dump(res, f, indent=1)
            ok = res["replace_route"] == 0 and res["routes_on_vyos1"]
            print(f"{'PASS' if ok else 'FAIL'}: soak: {res['failovers']} "
                  f"false failovers, {res['replace_route']} ReplaceRoute in "
                  f"{a.minutes:g} min of {a.loss}% loss on vyos1")
            return 0 if ok else 1
        if a.cmd == "up":
            lab._say("up.  Try:\n" +
                     (f"  ip netns exec {lab.ns['mon']} curl -s -K "
                      f"{lab.icinga.curl_conf} 'https://127.0.0.1:"
                      f"{lab.icinga.port}/v1/objects/services?attrs=state'\n"
                      if lab.icinga else
                      f"  less {lab.monitor.workdir}/status.dat "
                      f"{lab.monitor.workdir}/nagios.log\n") +
                     f"  python3 {HERE}/netlab.py --prefix {a.prefix} "
                     f"--state-dir {lab.net.state_dir} status\n"
                     f"  tail -f {lab.handler_log}\n" +
                     (f"  the web: {lab.web.url}{lab.web.dashboard_path()}"
                      "\n" if lab.web else "") +
                     "Ctrl-C stops everything.")
            while True:
                time.sleep(3600)
        results = []
        for i in range(1 if a.cmd == "run" else a.runs):
            if a.cmd == "bench":
                lab._say(f"run {i + 1}/{a.runs}")
            lab.tl.flush()
            if not a.quiet:
                print("\nTimeline (seconds since the cut)", flush=True)
            res = lab.failover_failback()
            results.append(res)
            if a.cmd == "run":
                summary(res, a.scenario, lab.web.shots if lab.web else ())
                print("\nPASS: every step happened (cut, SOFT and HARD "
                      "state, handler, each route table, VGW best path, "
                      "check_ec2_route WARNING, restore, failback, OK)")
            else:
                print(f"  run {i + 1}: RTO {res['rto']:.2f} s, detection "
                      f"{res['detect']:.2f} s, failback {res['failback']:.2f}"
                      " s", flush=True)
                lab.wait_all_ok()
        if a.cmd == "bench":
            print(f"\n{len(results)} failovers and failbacks ({a.scenario}, "
                  f"check interval {a.interval} s, retry {a.retry} s, "
                  f"max_check_attempts {a.attempts}, hold-down "
                  f"{a.hold_down} s, {a.tables} route tables)")
            for key, what in (("rto", "RTO (cut -> all routes on vyos2)"),
                              ("detect", "detection (HARD state)"),
                              ("vgw", "VGW best path on vyos2"),
                              ("failback", "failback (restore -> routes "
                               "back)")):
                v = [r[key] for r in results]
                print(f"  {what:34s} median {statistics.median(v):5.2f} s  "
                      f"worst {max(v):5.2f} s  best {min(v):5.2f} s")
        if a.json:
            with open(a.json, "w") as f:
                json.dump({"scenario": a.scenario, "runs": results,
                           "timeline": lab.tl.lines,
                           "handler": [l for _, l in lab.handler_lines]},
                          f, indent=1)
        rc = 0
    except KeyboardInterrupt:
        print("\nlab: interrupted; cleaning up", file=sys.stderr)
        rc = 130
    except (TimeoutError, AssertionError, RuntimeError, OSError,
            netlab.LabError) as e:
        print(f"\nlab: FAILED: {e}", file=sys.stderr)
        rc = 1
    finally:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            lab.stop()
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    return rc


if __name__ == "__main__":
    sys.exit(main())
