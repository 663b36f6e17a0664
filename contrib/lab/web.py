# SPDX-License-Identifier: ISC
"""Icinga Web 2 beside the lab's Icinga 2, on loopback, all under one run
directory, no systemd and nothing written under /etc.

    PostgreSQL 15 (private cluster, unix socket only)  <- Icinga 2's IDO
    php -S 127.0.0.1:PORT (Icinga Web 2 + monitoring)   -> that database
    chromium --headless --screenshot                    -> PNGs of the web

Everything runs in the root network namespace: the lab's Icinga 2 in its
`mon` namespace reaches the database through the socket file, which works
across namespaces, and the web is reachable as http://127.0.0.1:PORT/ from
the machine (ssh -L PORT:127.0.0.1:PORT to look from elsewhere).

No login: Icinga Web 2 trusts REMOTE_USER ("external" authentication), which
php's built-in server takes from its environment.  The router script is
Icinga's webrouter.php (what `icingacli web serve` uses): public/index.php as
the router serves the static files as empty text/html.

Each daemon runs in its own session and is stopped by signalling its process
group (php -S forks workers that outlive a signal to the master alone); the
process group ids are kept in RUN/pids so clean() can end what a killed run
left behind.
"""
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request

PG_BIN = "/usr/lib/postgresql/15/bin"
IDO_SCHEMA = "/usr/share/icinga2-ido-pgsql/schema/pgsql.sql"
WEB_ROOT = "/usr/share/icingaweb2"
WEB_SCHEMA = WEB_ROOT + "/schema/pgsql.schema.sql"
WEB_ROUTER = "/usr/share/php/Icinga/Application/webrouter.php"
PG_PORT = 5432           # only names the socket file; no TCP listener
WEB_USER = "labadmin"
HERE = os.path.dirname(os.path.abspath(__file__))
DASHBOARD = os.path.join(os.path.dirname(HERE), "icingaweb2",
                         "dashboard.ini")
PANE = "VyOS HA"

HOST_STATES = {0: "UP", 1: "DOWN", 2: "UNREACHABLE", 99: "PENDING"}
SERVICE_STATES = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN",
                  99: "PENDING"}


def missing():
    """What this module needs and the machine lacks (program paths)."""
    need = [os.path.join(PG_BIN, "initdb"), os.path.join(PG_BIN, "postgres"),
            "/usr/bin/psql", IDO_SCHEMA, WEB_SCHEMA, WEB_ROUTER,
            os.path.join(WEB_ROOT, "modules", "monitoring"),
            "/usr/bin/php", "/usr/bin/chromium"]
    return [p for p in need if not os.path.exists(p)]


class Web:
    def __init__(self, workdir, say=print):
        self.run = os.path.abspath(workdir)
        self.say = say
        self.pgdata = os.path.join(self.run, "pg", "data")
        self.pgsock = os.path.join(self.run, "pgsock")
        self.conf = os.path.join(self.run, "etc")
        self.procs = {}
        self.port = None
        self.url = None
        self.shots = []

    # -- PostgreSQL ----------------------------------------------------------
    def start_db(self):
        """A private cluster owned by `postgres` (initdb refuses root), with
        the IDO schema and Icinga Web's own (user preferences live in a
        database since 2.11); returns when it answers."""
        if os.path.exists(self.run):
            shutil.rmtree(self.run)
        pg = pwd.getpwnam("postgres")
        os.makedirs(self.run, mode=0o755)
        for d in (os.path.join(self.run, "pg"), self.pgsock):
            os.makedirs(d, mode=0o700)
            os.chown(d, pg.pw_uid, pg.pw_gid)
        as_pg = dict(user=pg.pw_uid, group=pg.pw_gid, extra_groups=[],
                     cwd=self.pgsock)
        subprocess.run([os.path.join(PG_BIN, "initdb"), "-N", "-A", "trust",
                        "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                        "-D", self.pgdata], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       **as_pg)
        self._spawn("postgres", [
            os.path.join(PG_BIN, "postgres"), "-D", self.pgdata,
            "-c", "listen_addresses=", "-c", f"port={PG_PORT}",
            "-c", f"unix_socket_directories={self.pgsock}",
            "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "shared_buffers=16MB"],
            **as_pg)
        deadline = time.monotonic() + 30
        while self.psql("postgres", "SELECT 1", check=False).returncode:
            if time.monotonic() > deadline or \
                    self.procs["postgres"].poll() is not None:
                raise RuntimeError("PostgreSQL did not start; see "
                                   f"{self.run}/postgres.log")
            time.sleep(0.1)
        self.psql("postgres", "CREATE ROLE icinga LOGIN",
                  "CREATE DATABASE icinga_ido OWNER icinga",
                  "CREATE DATABASE icingaweb OWNER icinga")
        self.psql("icinga_ido", None, user="icinga",
                  extra=["-f", IDO_SCHEMA])
        self.psql("icingaweb", None, user="icinga",
                  extra=["-f", WEB_SCHEMA])

    def psql(self, db, *sql, user="postgres", extra=(), check=True):
        cmd = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
               "-h", self.pgsock, "-p", str(PG_PORT), "-U", user, "-d", db]
        for s in sql:
            if s:
                cmd += ["-c", s]
        r = subprocess.run(cmd + list(extra), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=60)
        if check and r.returncode:
            raise RuntimeError(f"psql {db}: {r.stderr.strip()[:300]}")
        return r

    def ido_config(self):
        """The Icinga 2 object that writes the IDO into this database (host
        is the socket *directory*)."""
        return ('object IdoPgsqlConnection "ido-pgsql" {\n'
                f'  host = "{self.pgsock}"\n  port = {PG_PORT}\n'
                '  user = "icinga"\n  password = ""\n'
                '  database = "icinga_ido"\n}\n')

    def wait_ido(self, nhosts, nservices, timeout=60):
        """Until Icinga 2 has written the status of every object."""
        deadline = time.monotonic() + timeout
        q = ("SELECT (SELECT count(*) FROM icinga_hoststatus) || ' ' || "
             "(SELECT count(*) FROM icinga_servicestatus)")
        got = None
        while time.monotonic() < deadline:
            r = self.psql("icinga_ido", q, user="icinga", check=False)
            if r.returncode == 0:
                got = [int(x) for x in r.stdout.split()]
                if got[0] >= nhosts and got[1] >= nservices:
                    return
            time.sleep(0.2)
        raise TimeoutError(f"the IDO has {got} host/service states after "
                           f"{timeout} s, expected {nhosts}/{nservices}")

    # -- Icinga Web 2 --------------------------------------------------------
    def _write(self, rel, text):
        path = os.path.join(self.conf, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def start_web(self, dashboard=DASHBOARD):
        """Icinga Web 2 with the monitoring module on the IDO, the lab user
        logged in by REMOTE_USER, the VyOS HA dashboard installed."""
        r = self.run
        for d in ("storage", "tmp", "chrome"):
            os.makedirs(os.path.join(r, d), exist_ok=True)
        self._write("config.ini",
                    '[global]\nconfig_backend = "db"\n'
                    'config_resource = "icingaweb_db"\n'
                    f'module_path = "{WEB_ROOT}/modules"\n\n'
                    '[logging]\nlog = "file"\nlevel = "ERROR"\n'
                    f'file = "{r}/icingaweb2.log"\n')
        self._write("authentication.ini",
                    '[lab-external]\nbackend = "external"\n')
        self._write("roles.ini", f'[lab-admins]\nusers = "{WEB_USER}"\n'
                    'permissions = "*"\n')
        self._write("resources.ini", "".join(
            f'[{name}]\ntype = "db"\ndb = "pgsql"\nhost = "{self.pgsock}"\n'
            f'port = "{PG_PORT}"\ndbname = "{db}"\nusername = "icinga"\n'
            'password = ""\ncharset = "utf8"\n\n'
            for name, db in (("icinga_ido", "icinga_ido"),
                             ("icingaweb_db", "icingaweb"))))
        self._write("modules/monitoring/backends.ini",
                    '[icinga]\ntype = "ido"\nresource = "icinga_ido"\n')
        self._write("modules/monitoring/config.ini",
                    '[security]\nprotected_customvars = '
                    '"*pw*,*pass*,community,*secret*,*key*"\n')
        os.makedirs(os.path.join(self.conf, "enabledModules"))
        os.symlink(os.path.join(WEB_ROOT, "modules", "monitoring"),
                   os.path.join(self.conf, "enabledModules", "monitoring"))
        dst = os.path.join(self.conf, "dashboards", WEB_USER, "dashboard.ini")
        os.makedirs(os.path.dirname(dst))
        shutil.copy(dashboard, dst)
        self.port = _free_port()
        env = dict(os.environ, PHP_CLI_SERVER_WORKERS="4",
                   ICINGAWEB_CONFIGDIR=self.conf,
                   ICINGAWEB_STORAGEDIR=os.path.join(r, "storage"),
                   TMPDIR=os.path.join(r, "tmp"), REMOTE_USER=WEB_USER)
        self._spawn("php", [
            "php", "-d", f"session.save_path={r}/tmp",
            "-d", "date.timezone=UTC", "-d", "error_log=" + r + "/php.log",
            "-S", f"127.0.0.1:{self.port}", "-t", f"{WEB_ROOT}/public",
            WEB_ROUTER], env=env, cwd=r)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                self.get("/monitoring/list/hosts?limit=1&format=json")
                return self.url
            except (OSError, ValueError) as e:
                if time.monotonic() > deadline or \
                        self.procs["php"].poll() is not None:
                    raise RuntimeError(f"Icinga Web 2 did not answer: {e}; "
                                       f"see {r}/php.log")
                time.sleep(0.1)

    def get(self, path, timeout=10):
        """GET a path of the web; JSON for a `format=json` path."""
        with urllib.request.urlopen(self.url + path, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if "format=json" in path else body

    def states(self):
        """{object name: state name} as the web shows them: hosts by name,
        services as host!service (the names Icinga's API uses), with the
        output of each."""
        out = {}
        for h in self.get("/monitoring/list/hosts?format=json&limit=100"):
            out[h["host_name"]] = (HOST_STATES.get(int(h["host_state"]), "?"),
                                   h.get("host_output") or "")
        for s in self.get("/monitoring/list/services?format=json&limit=500"):
            out[f"{s['host_name']}!{s['service_description']}"] = (
                SERVICE_STATES.get(int(s["service_state"]), "?"),
                s.get("service_output") or "")
        return out

    def screenshot(self, path, png, size=(1400, 1000)):
        """One PNG of `path` (e.g. /dashboard?pane=...) by headless
        Chromium.  The virtual time budget lets the page load its dashlets
        and is kept short: it also fast-forwards the "x s ago" counters."""
        out = os.path.abspath(png)
        if os.path.exists(out):
            os.unlink(out)
        p = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--hide-scrollbars", "--no-first-run", "--disable-extensions",
             "--disable-dev-shm-usage",
             f"--user-data-dir={self.run}/chrome",
             f"--window-size={size[0]},{size[1]}",
             "--virtual-time-budget=2500", f"--screenshot={out}",
             self.url + path],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            pass
        _killpg(p, signal.SIGKILL)
        if not os.path.exists(out) or os.path.getsize(out) == 0:
            raise RuntimeError(f"chromium wrote no screenshot of {path}")
        self.shots.append(out)
        return out

    def dashboard_path(self):
        return "/dashboard?" + urllib.parse.urlencode({"pane": PANE})

    # -- processes -------------------------------------------------------------
    def _spawn(self, name, cmd, **kw):
        log = open(os.path.join(self.run, f"{name}.log"), "ab")
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True,
                             **kw)
        log.close()
        self.procs[name] = p
        with open(os.path.join(self.run, "pids"), "a") as f:
            f.write(f"{p.pid} {name}\n")
        return p

    def stop(self):
        """php first (it holds database connections), then PostgreSQL's fast
        shutdown (SIGINT); each by its process group."""
        for name, sig in (("php", signal.SIGTERM), ("postgres", signal.SIGINT)):
            p = self.procs.pop(name, None)
            if p is None:
                continue
            _killpg(p, sig)
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                pass
            _killpg(p, signal.SIGKILL)
            p.wait(5)
            _wait_group_gone(p.pid, 5)


def _wait_group_gone(pgid, timeout):
    """Until no member of the group lives (SIGKILLed workers of a gone
    leader still take a moment to exit), at most timeout seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def _killpg(p, sig):
    """Signal p's process group (each daemon leads its own session).  The
    group can outlive its leader (php's workers), so stop() signals it once
    more after the leader is gone; the group id stays taken while any
    member lives."""
    try:
        os.killpg(p.pid, sig)
    except ProcessLookupError:
        pass


def clean(workdir):
    """End what a killed run left behind: the process groups listed in
    RUN/pids whose leader still runs the program recorded there."""
    path = os.path.join(os.path.abspath(workdir), "pids")
    try:
        lines = open(path).read().split("\n")
    except FileNotFoundError:
        return []
    ended = []
    for line in lines:
        if not line.strip():
            continue
        pid, name = line.split()
        pid = int(pid)
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv0 = f.read().split(b"\0")[0].decode(errors="replace")
            sid = os.getsid(pid)
        except (FileNotFoundError, ProcessLookupError):
            continue
        if sid == pid and os.path.basename(argv0) == name:
            os.killpg(pid, signal.SIGKILL)
            ended.append(name)
    os.unlink(path)
    return ended


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
