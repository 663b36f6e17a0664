# SPDX-License-Identifier: ISC
"""A private Icinga 2 (Debian 12's 2.13) for the lab: no system configuration,
no systemd, every path under one work directory, run in a network namespace.

    icinga2 daemon -c WORK/etc/icinga2.conf -DConfigDir=WORK/etc -DDataDir=...

2.13 accepts the path constants on the command line (ConfigDir, DataDir,
LogDir, CacheDir, SpoolDir, InitRunDir, ZonesDir, RunAsUser, RunAsGroup); it
still drops privileges to ICINGA2_USER/ICINGA2_GROUP from the environment, so
both are set to root (the lab's plugins need no more than the daemon has).

States are observed through the REST API on the namespace's loopback: an
ApiListener with a self-signed certificate (generated with openssl), one
ApiUser with a random password kept in a 0600 file.  watch() polls
`/v1/objects/hosts` and `/v1/objects/services` over one keep-alive connection
(every 0.1 s by default) and reports each change of state or state type with
Icinga's own time of it (last_state_change, last_hard_state_change).  The
`/v1/events` stream (stream()) would be the natural choice, but 2.13 delivered
its events in bursts up to 5 s late here once checks ran as processes (curl
saw the same), which is useless for a failover timeline.  The compat log
(HOST ALERT / HOST EVENT HANDLER lines, as Nagios writes them) is kept too.

Command-line use (a smoke test with stock plugins, in a throw-away namespace):
    python3 icinga.py selftest [--prefix tlab]
"""
import base64
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns  # noqa: E402

STATE_NAMES_HOST = {0: "UP", 1: "DOWN", 2: "UNREACHABLE"}
STATE_NAMES_SVC = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"}


def value(v):
    """Render a Python value in the Icinga 2 configuration language."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, str):
        esc = (v.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("$", "$$")
               if not getattr(v, "macro", False) else
               v.replace("\\", "\\\\").replace('"', '\\"'))
        return f'"{esc}"'
    if isinstance(v, (list, tuple)):
        return "[ " + ", ".join(value(x) for x in v) + " ]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {value(x)}"
                                for k, x in v.items()) + " }"
    raise TypeError(f"no Icinga 2 form for {type(v).__name__}")


class Raw:
    """An expression written verbatim (a constant, a macro string)."""

    def __init__(self, text):
        self.text = text


class Macro(str):
    """A string whose $...$ macros Icinga 2 must resolve (not escaped)."""
    macro = True


def _key(k):
    ident = k.replace("_", "a").replace(".", "a")
    if ident.isalnum() and not k[0].isdigit():
        return k
    return value(str(k))


def obj(kind, name, attrs, imports=()):
    """One `object Kind "name" { ... }` block."""
    lines = [f"object {kind} {value(name)} {{"]
    lines += [f'  import "{i}"' for i in imports]
    for k, v in attrs.items():
        lines.append(f"  {k} = {value(v)}")
    lines.append("}")
    return "\n".join(lines) + "\n"


class Icinga:
    """A private Icinga 2 instance in network namespace `ns`."""

    def __init__(self, workdir, ns, node="mon"):
        self.workdir = os.path.abspath(workdir)
        self.ns = ns
        self.node = node
        self.etc = os.path.join(self.workdir, "etc")
        self.data = os.path.join(self.workdir, "data")
        self.log = os.path.join(self.workdir, "log")
        self.proc = None
        self.port = None
        self.user = "lab"
        self.password = None
        self._stop_streams = threading.Event()
        self.watch_error = None

    # -- configuration -----------------------------------------------------
    def defines(self):
        w = self.workdir
        return [f"-DConfigDir={self.etc}", f"-DDataDir={self.data}",
                f"-DLogDir={self.log}", f"-DCacheDir={w}/cache",
                f"-DSpoolDir={w}/spool", f"-DInitRunDir={w}/run",
                f"-DZonesDir={self.etc}/zones.d",
                "-DRunAsUser=root", "-DRunAsGroup=root"]

    def write_config(self, body, includes=(), plugin_dir=None, consts=None,
                     cluster=None, zone=None, port=None, zones_d=None):
        """Write WORK/etc/icinga2.conf: private constants, the ITL, the given
        include files (absolute paths, in order) and `body` (objects).

        A cluster member (contrib/lab/ha.py) gives its own `cluster` text
        (Endpoint, Zone and ApiListener objects) instead of the lone node's,
        its `zone` name (ZoneName), a fixed API `port`, and `zones_d`
        ({zone: {file name: text}}) for the config master's zones.d."""
        if os.path.exists(self.workdir):
            shutil.rmtree(self.workdir)
        for d in ("etc", "data/certs", "log/compat", "cache", "spool", "run"):
            os.makedirs(os.path.join(self.workdir, d))
        os.chmod(self.workdir, 0o700)
        self.port = port or netns.call(self.ns, _free_port)
        self.password = secrets.token_urlsafe(18)
        self._make_cert()
        consts = dict(consts or {})
        head = [
            "// Generated by contrib/lab; private instance, see icinga.py.",
            f"const PluginDir = {value(plugin_dir or '/usr/lib/nagios/plugins')}",
            "const ManubulonPluginDir = PluginDir",
            "const PluginContribDir = PluginDir",
            f"const NodeName = {value(self.node)}",
            f"const ZoneName = {value(zone) if zone else 'NodeName'}",
            "const TicketSalt = \"\"",
        ]
        head += [f"const {k} = {value(v)}" for k, v in consts.items()]
        # Not <plugins-contrib>: with the package installed it would load
        # the installed vyos-ha-plugins.conf next to the given includes.
        head += [
            'include "secret.conf"',
            "include <itl>", "include <plugins>",
        ]
        head += [f"include {value(p)}" for p in includes]
        features = [
            obj("IcingaApplication", "app", {}),
            obj("CheckerComponent", "checker", {}),
            obj("FileLogger", "main-log", {
                "severity": "information",
                "path": Raw('LogDir + "/icinga2.log"')}),
            obj("CompatLogger", "compatlog", {
                "log_dir": Raw('LogDir + "/compat"'),
                "rotation_method": "DAILY"}),
            cluster if cluster is not None else
            "object Endpoint NodeName { }\n"
            "object Zone ZoneName { endpoints = [ NodeName ] }\n" +
            obj("ApiListener", "api", {
                "bind_host": "127.0.0.1", "bind_port": str(self.port),
                "accept_config": False, "accept_commands": False}),
            "object ApiUser \"lab\" { password = LabApiPassword; "
            "permissions = [ \"*\" ] }\n",
        ]
        # curl -K file for people poking at the API by hand (see lab.py up).
        self.curl_conf = os.path.join(self.workdir, "curl.conf")
        fd = os.open(self.curl_conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                     0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f'user = "{self.user}:{self.password}"\n'
                    f'cacert = "{self.cafile}"\n')
        secret = os.path.join(self.etc, "secret.conf")
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f"const LabApiPassword = {value(self.password)}\n")
        for zname, files in (zones_d or {}).items():
            d = os.path.join(self.etc, "zones.d", zname)
            os.makedirs(d)
            for fname, text in files.items():
                with open(os.path.join(d, fname), "w") as f:
                    f.write(text)
        with open(os.path.join(self.etc, "icinga2.conf"), "w") as f:
            f.write("\n".join(head) + "\n\n" + "".join(features) + "\n" +
                    body)

    def _make_cert(self):
        certs = os.path.join(self.data, "certs")
        key = os.path.join(certs, f"{self.node}.key")
        crt = os.path.join(certs, f"{self.node}.crt")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-keyout", key, "-out", crt, "-days", "2",
                        "-subj", f"/CN={self.node}", "-addext",
                        f"subjectAltName=DNS:{self.node},IP:127.0.0.1"],
                       check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        shutil.copy(crt, os.path.join(certs, "ca.crt"))
        self.cafile = os.path.join(certs, "ca.crt")

    def _env(self, extra_env):
        env = dict(os.environ)
        env.update(ICINGA2_USER="root", ICINGA2_GROUP="root")
        env.update(extra_env or {})
        return env

    def validate(self, extra_env=None):
        """`icinga2 daemon -C`: returns (ok, output)."""
        r = subprocess.run(["icinga2", "daemon", "-C", "-c",
                            os.path.join(self.etc, "icinga2.conf")] +
                           self.defines(), env=self._env(extra_env),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=60)
        return r.returncode == 0, r.stdout

    # -- process -----------------------------------------------------------
    def start(self, extra_env=None, track=None):
        """Start the daemon in the namespace (environment `extra_env` is
        inherited by every plugin and event handler it runs)."""
        out = open(os.path.join(self.log, "stdout.log"), "w")
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, "icinga2", "daemon", "-c",
             os.path.join(self.etc, "icinga2.conf")] + self.defines(),
            env=self._env(extra_env), stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
        out.close()
        if track is not None:
            track(self.proc, "icinga2")
        return self.proc

    def wait_api(self, timeout=60):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError("icinga2 exited with status "
                                   f"{self.proc.returncode}; see "
                                   f"{self.log}/stdout.log")
            try:
                return self.get("/v1/status/IcingaApplication", timeout=2)
            except (OSError, http.client.HTTPException) as e:
                last = e
                time.sleep(0.2)
        raise TimeoutError(f"Icinga 2 API not up after {timeout} s: {last}")

    def stop(self):
        self._stop_streams.set()
        p, self.proc = self.proc, None
        if p is None or p.poll() is not None:
            return
        # SIGTERM to the umbrella process; it stops its worker and plugins.
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)

    # -- API ---------------------------------------------------------------
    def _conn(self, timeout):
        ctx = ssl.create_default_context(cafile=self.cafile)
        ctx.check_hostname = False  # the certificate names the node, not 127.0.0.1
        return http.client.HTTPSConnection("127.0.0.1", self.port,
                                           context=ctx, timeout=timeout)

    def _headers(self):
        tok = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return {"Authorization": f"Basic {tok}", "Accept": "application/json"}

    def _request(self, method, path, body, timeout):
        c = self._conn(timeout)
        try:
            h = self._headers()
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                h["Content-Type"] = "application/json"
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            raw = r.read()
            if r.status >= 300:
                raise OSError(f"Icinga API {method} {path}: {r.status} "
                              f"{raw[:200]!r}")
            return json.loads(raw)
        finally:
            c.close()

    def get(self, path, timeout=5):
        return netns.call(self.ns, self._request, "GET", path, None, timeout)

    def post(self, path, body, timeout=5):
        return netns.call(self.ns, self._request, "POST", path, body, timeout)

    def objects(self, kind, attrs=("state", "state_type", "last_check_result",
                                   "check_attempt", "last_check")):
        """{name: attrs} of every Host or Service."""
        q = urllib.parse.urlencode([("attrs", a) for a in attrs])
        r = self.get(f"/v1/objects/{kind}?{q}")
        return {o["name"]: o["attrs"] for o in r["results"]}

    def check_now(self, kind, names=None):
        """Ask for an immediate check of every object of `kind` (Host or
        Service); used to converge quickly after start-up."""
        self.post("/v1/actions/reschedule-check",
                  {"type": kind, "force": True,
                   **({"filter": " || ".join(
                       f'{kind.lower()}.__name == "{n}"' for n in names)}
                      if names else {})})

    def stream(self, callback, types=("StateChange", "CheckResult"),
               queue=None):
        """Follow /v1/events in a thread inside the namespace; callback(event)
        for each event with `rx` (local receive time, time.time()) added.
        Returns when the stream is open, so no event after it is lost."""
        ready = threading.Event()
        err = []
        q = urllib.parse.urlencode(
            [("queue", queue or f"lab-{secrets.token_hex(4)}")] +
            [("types", t) for t in types])

        def run():
            try:
                c = self._conn(None)
                c.request("POST", f"/v1/events?{q}", headers=self._headers())
                r = c.getresponse()
                if r.status != 200:
                    raise OSError(f"event stream: HTTP {r.status}")
            except Exception as e:  # reported to the caller below
                err.append(e)
                ready.set()
                return
            ready.set()
            while not self._stop_streams.is_set():
                try:
                    line = r.readline()
                except (OSError, http.client.HTTPException):
                    break
                if not line:
                    break
                if line.strip():
                    ev = json.loads(line)
                    ev["rx"] = time.time()
                    callback(ev)
            c.close()

        netns.thread(self.ns, run)
        if not ready.wait(30) or err:
            raise OSError(f"cannot open Icinga event stream: {err}")


    def watch(self, callback, interval=0.1):
        """Poll every host and service in a thread inside the namespace;
        callback(ev) for each change of (state, state type), ev shaped like
        an event of /v1/events (type StateChange, host, service, state,
        state_type, timestamp = Icinga's time of the change, check_result
        with output and vars_after.attempt) plus rx.  The first poll reports
        every object once."""
        attrs = ["state", "state_type", "last_state_change",
                 "last_hard_state_change", "check_attempt",
                 "last_check_result"]
        q = {"hosts": urllib.parse.urlencode([("attrs", a) for a in attrs]),
             "services": urllib.parse.urlencode(
                 [("attrs", a) for a in attrs + ["host_name"]])}
        seen = {}
        ready = threading.Event()

        def poll(conn):
            out = []
            for kind in ("hosts", "services"):
                conn.request("GET", f"/v1/objects/{kind}?{q[kind]}",
                             headers=self._headers())
                r = conn.getresponse()
                body = r.read()
                if r.status != 200:
                    raise OSError(f"GET /v1/objects/{kind}: {r.status} "
                                  f"{body[:200]!r}")
                for o in json.loads(body)["results"]:
                    out.append((kind, o["name"], o["attrs"]))
            return out

        def run():
            conn = None
            while not self._stop_streams.is_set():
                try:
                    if conn is None:
                        conn = self._conn(5)
                    objs = poll(conn)
                except (OSError, http.client.HTTPException, ValueError) as e:
                    self.watch_error = e
                    if conn is not None:
                        conn.close()
                    conn = None
                    self._stop_streams.wait(interval)
                    continue
                rx = time.time()
                for kind, name, at in objs:
                    cr = at.get("last_check_result")
                    if not cr:
                        continue   # pending: never checked yet
                    key = (int(at["state"]), int(at["state_type"]))
                    if seen.get(name) == key:
                        continue
                    old = seen.get(name)
                    seen[name] = key
                    hard_now = key[1] == 1 and (old is None or old[1] == 0 or
                                                old[0] != key[0])
                    t = (at["last_hard_state_change"] if hard_now
                         else at["last_state_change"]) or rx
                    ev = {"type": "StateChange", "timestamp": t, "rx": rx,
                          "state": key[0], "state_type": key[1],
                          "check_result": {
                              "output": cr.get("output", ""),
                              "vars_after": {"attempt":
                                             at.get("check_attempt")}}}
                    if kind == "hosts":
                        ev["host"] = name
                    else:
                        ev["host"] = at.get("host_name") or name.split("!")[0]
                        ev["service"] = name.split("!", 1)[1]
                    try:
                        callback(ev)
                    except Exception as e:  # keep watching; say what broke
                        self.watch_error = e
                ready.set()
                self._stop_streams.wait(interval)
            if conn is not None:
                conn.close()

        netns.thread(self.ns, run)
        ready.wait(10)


def validate_files(workdir, includes, plugin_dir="/usr/lib/nagios/plugins"):
    """`icinga2 daemon -C` on the ITL, <plugins> and `includes` (in order)
    in a private configuration under `workdir` (no API, no namespace);
    returns (ok, output): ok needs exit 0 and no critical/ line.  It also
    leaves the objects for `icinga2 object list` (object_list())."""
    for d in ("data", "log", "cache", "spool", "run", "zones.d"):
        os.makedirs(os.path.join(workdir, d), exist_ok=True)
    conf = os.path.join(workdir, "icinga2.conf")
    with open(conf, "w") as f:
        f.write("\n".join([
            f"const PluginDir = {value(plugin_dir)}",
            "const ManubulonPluginDir = PluginDir",
            "const PluginContribDir = PluginDir",
            'const NodeName = "wiring"', "const ZoneName = NodeName",
            'const TicketSalt = ""', "include <itl>", "include <plugins>"] +
            [f"include {value(os.path.abspath(p))}" for p in includes]) +
            "\n")
    r = subprocess.run(["icinga2", "daemon", "-C", "-c", conf] +
                       _private_defines(workdir),
                       env=dict(os.environ, ICINGA2_USER="root",
                                ICINGA2_GROUP="root"),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=120)
    ok = r.returncode == 0 and "critical/" not in r.stdout
    return ok, r.stdout


def object_list(workdir, kind):
    """{name: attrs} of every object of `kind` that validate_files()
    left, read with `icinga2 object list` (its JSON lines are
    not offered, so the text form is parsed for the attributes asked)."""
    r = subprocess.run(["icinga2", "object", "list", "--type", kind] +
                       _private_defines(workdir), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=60)
    out, cur = {}, None
    for line in r.stdout.splitlines():
        m = re.match(r"^Object '(.*)' of type '(\w+)':", line)
        if m:
            cur = out.setdefault(m.group(1), {})
            continue
        m = re.match(r"^  \* (\S+) = (.*)$", line)
        if m and cur is not None:
            cur[m.group(1)] = m.group(2)
        m = re.match(r"^    \* (\S+) = (.*)$", line)
        if m and cur is not None:
            cur["vars." + m.group(1)] = m.group(2)
    return out


def _private_defines(w):
    return [f"-DConfigDir={w}", f"-DDataDir={w}/data", f"-DLogDir={w}/log",
            f"-DCacheDir={w}/cache", f"-DSpoolDir={w}/spool",
            f"-DInitRunDir={w}/run", f"-DZonesDir={w}/zones.d",
            "-DRunAsUser=root", "-DRunAsGroup=root"]


def _free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def state_name(ev):
    """UP/DOWN or OK/WARNING/... of an event.  A host's check result carries
    a service-like state (0-3) that Icinga maps to UP (0, 1) or DOWN (2, 3);
    a StateChange event has the object's own state at the top."""
    svc = ev.get("service")
    if "state" in ev:
        state = int(ev["state"])
        return (STATE_NAMES_SVC if svc else STATE_NAMES_HOST).get(state, "?")
    state = int(((ev.get("check_result") or {}).get("vars_after") or {})
                .get("state", -1))
    if svc:
        return STATE_NAMES_SVC.get(state, "?")
    return "UP" if state in (0, 1) else "DOWN"


def describe(ev):
    """A short human line for a StateChange/CheckResult event."""
    cr = ev.get("check_result") or {}
    after = cr.get("vars_after") or {}
    svc = ev.get("service")
    st = state_name(ev)
    stype = "HARD" if after.get("state_type", ev.get("state_type")) == 1 \
        else "SOFT"
    who = ev.get("host", "?") + (f"!{svc}" if svc else "")
    return (f"{who} {st} {stype} attempt "
            f"{after.get('attempt', '?')}: {cr.get('output', '').strip()}")


# -- self-test with stock plugins ------------------------------------------
def _selftest(prefix):
    """A throw-away namespace pair, Icinga 2 with check_ping as host check
    and an event handler; cut the link with nftables, expect SOFT then HARD
    DOWN, the handler on each, then recovery."""
    mon, peer = f"{prefix}i2mon", f"{prefix}i2peer"
    work = f"/tmp/{prefix}-icinga-selftest"
    sh = lambda *a: subprocess.run(a, check=True)  # noqa: E731
    for n in (mon, peer):
        subprocess.run(["ip", "netns", "del", n], stderr=subprocess.DEVNULL)
    i2 = None
    try:
        sh("ip", "netns", "add", mon)
        sh("ip", "netns", "add", peer)
        sh("ip", "link", "add", f"{prefix}i2a", "netns", mon, "type", "veth",
           "peer", "name", f"{prefix}i2b", "netns", peer)
        sh("ip", "-n", mon, "addr", "add", "192.0.2.1/24", "dev", f"{prefix}i2a")
        sh("ip", "-n", peer, "addr", "add", "192.0.2.2/24", "dev", f"{prefix}i2b")
        for n, d in ((mon, f"{prefix}i2a"), (peer, f"{prefix}i2b")):
            sh("ip", "-n", n, "link", "set", "lo", "up")
            sh("ip", "-n", n, "link", "set", d, "up")
        handler_log = os.path.join(work + "-eh.log")
        if os.path.exists(handler_log):
            os.unlink(handler_log)
        i2 = Icinga(work, mon)
        body = obj("EventCommand", "selftest-eh", {
            "command": ["/bin/sh", "-c",
                        Macro('echo "$$(date +%s.%N) $host.state$ '
                              '$host.state_type$ $host.check_attempt$ '
                              '$$LAB_MARK" >> ' + handler_log)]})
        body += obj("Host", "peer", {
            "address": "192.0.2.2", "check_command": "ping4",
            "vars.ping_packets": 3, "vars.ping_timeout": 1,
            "vars.ping_wrta": 100, "vars.ping_crta": 200,
            "vars.ping_wpl": 40, "vars.ping_cpl": 60,
            "check_interval": 1, "retry_interval": 1,
            "max_check_attempts": 2, "event_command": "selftest-eh"})
        body += obj("Service", "dummy", {
            "host_name": "peer", "check_command": "dummy",
            "check_interval": 1, "retry_interval": 1})
        i2.write_config(body)
        ok, out = i2.validate()
        if not ok:
            print(out)
            return 1
        i2.start(extra_env={"LAB_MARK": "env-inherited"})
        i2.wait_api()
        events = []
        i2.stream(lambda e: events.append(e), types=("StateChange",))
        t0 = time.time()
        while time.time() - t0 < 20:
            hs = i2.objects("hosts")
            if hs.get("peer", {}).get("last_check", 0) > 0 and \
               hs["peer"]["state"] == 0:
                break
            time.sleep(0.2)
        print("host UP:", i2.objects("hosts")["peer"]["state"] == 0)
        cut = time.time()
        sh("ip", "netns", "exec", peer, "nft", "add table inet x; "
           "add chain inet x in { type filter hook input priority 0; "
           "policy drop; }")
        while time.time() - cut < 20 and not any(
                e.get("state_type") == 1 and e.get("state") == 1
                for e in events):
            time.sleep(0.1)
        sh("ip", "netns", "exec", peer, "nft", "delete table inet x")
        back = time.time()
        while time.time() - back < 20 and not (
                events and events[-1].get("state") == 0):
            time.sleep(0.1)
        for e in events:
            print(f"+{e['rx'] - cut:6.2f}s {describe(e)}")
        lines = open(handler_log).read().splitlines() \
            if os.path.exists(handler_log) else []
        print("handler runs:", *lines, sep="\n  ")
        want = [("DOWN", "SOFT"), ("DOWN", "HARD"), ("UP", "HARD")]
        seen = [tuple(ln.split()[1:3]) for ln in lines]
        good = all(w in seen for w in want) and \
            all(ln.endswith("env-inherited") for ln in lines)
        print("selftest", "PASSED" if good else "FAILED")
        return 0 if good else 1
    finally:
        if i2:
            i2.stop()
        for n in (mon, peer):
            subprocess.run(["ip", "netns", "del", n], stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cmd", choices=["selftest"])
    ap.add_argument("--prefix", default="tlab")
    a = ap.parse_args()
    sys.exit(_selftest(a.prefix))
