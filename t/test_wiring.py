#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The wiring an operator copies: the shipped command definitions and the
example deployments (contrib/{icinga2,nagios}/examples) load and mean what
they say, on Icinga 2 (`icinga2 daemon -C` in a private configuration
directory, then `icinga2 object list`) and on Nagios 4 (`nagios4 -v` and
`-pv`'s precached objects, with Debian's stock templates as a Debian
nagios.cfg reads them).  Nagios 4.4.6 prints errors yet may exit 0, so a
pass needs `Total Errors: 0`, `Total Warnings: 0` and no `Error:` line;
Icinga 2 needs exit 0 and no critical/ line.

Beyond syntax: every service of the examples exists on both routers (the
apply rules match), no Icinga var is null (Icinga passes a null var as an
empty argument: the vpc-routes bug), every Nagios custom variable a command
reads is defined on each host using it (an undefined one reaches the plugin
as literal text), every on-demand macro names an object that exists, and
the three failover triggers are wired.  Each check is also run on a broken
copy, which it must reject.  Finally every path the files name exists after
`make install` (staged into a temporary DESTDIR with Debian's prefixes) or
belongs to Debian's icinga2 / nagios4 packages.
"""
import glob
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__))))
import vhatest  # noqa: E402

TOP, BUILD = vhatest.TOP, vhatest.BUILD
sys.path.insert(0, os.path.join(TOP, "contrib", "lab"))
import icinga  # noqa: E402
import nagios  # noqa: E402

I2 = os.path.join(TOP, "contrib", "icinga2")
NG = os.path.join(TOP, "contrib", "nagios")
I2_PARTS = [os.path.join(I2, n) for n in (
    "check_vyos_alive.conf", "check_vyos_bgp.conf", "check_vyos_aspath.conf",
    "check_ec2_route.conf", "handle_route_failover.conf")]
I2_EXAMPLES = [os.path.join(I2, "examples", n)
               for n in ("site.conf", "vyos-ha.conf")]
NG_PARTS = sorted(glob.glob(os.path.join(NG, "*.cfg")))
NG_EXAMPLES = [os.path.join(NG, "examples", n)
               for n in ("site.cfg", "vyos-ha.cfg")]
SERVICES = {"vyos-1!bgp", "vyos-2!bgp", "vyos-1!aspath", "vyos-2!aspath",
            "home-vpc!routes"}


def broken_copy(tmp, path, old, new):
    """A copy of `path` with `old` replaced by `new` (which must occur)."""
    with open(path) as f:
        text = f.read()
    if old not in text:
        raise AssertionError(f"{old!r} not in {path}")
    out = os.path.join(tmp, os.path.basename(path))
    with open(out, "w") as f:
        f.write(text.replace(old, new, 1))
    return out


# -- Icinga 2 ----------------------------------------------------------------
def icinga_problems(work, files):
    """What is wrong with these Icinga 2 files as a deployment: [] when
    they validate, every example service exists, no var of a host or
    service is null, and vyos-1's host, vyos-1's bgp and vyos-2's host run
    the failover handler."""
    ok, out = icinga.validate_files(work, files)
    if not ok:
        return ["icinga2 daemon -C: " + " | ".join(
            ln for ln in out.splitlines()
            if "critical/" in ln or "Error" in ln)[-800:]]
    bad = []
    hosts = icinga.object_list(work, "Host")
    svcs = icinga.object_list(work, "Service")
    if not SERVICES <= set(svcs):
        bad.append(f"services missing: {sorted(SERVICES - set(svcs))}")
    for name, attrs in list(hosts.items()) + list(svcs.items()):
        nulls = [k for k, v in attrs.items()
                 if k.startswith("vars.") and v == "null"]
        if nulls:
            bad.append(f"{name}: null vars (passed as empty arguments): "
                       f"{nulls}")
    for name, cmd in (("vyos-1", "route-failover"),
                      ("vyos-2", "route-failover"),
                      ("vyos-1!bgp", "route-failover-service")):
        a = hosts.get(name) or svcs.get(name) or {}
        if a.get("event_command") != f'"{cmd}"' or \
                a.get("enable_event_handler") != "true":
            bad.append(f"{name}: not wired to {cmd} "
                       f"({a.get('event_command')}, "
                       f"{a.get('enable_event_handler')})")
    return bad


# -- Nagios 4 ------------------------------------------------------------------
def parse_objects(path):
    """Nagios' precached objects -> [(kind, {directive: value})]."""
    out, cur = [], None
    with open(path) as f:
        for line in f:
            line = line.strip()
            m = re.match(r"^define (\w+) \{$", line)
            if m:
                cur = {}
                out.append((m.group(1), cur))
            elif line == "}":
                cur = None
            elif cur is not None and line:
                k, _, v = line.partition("\t")
                cur[k.strip()] = v.strip()
    return out


def nagios_problems(work, files):
    """What is wrong with these Nagios files as a deployment: [] when
    `nagios4 -v` finds no error and no warning, every example service
    exists, every custom variable a command line reads is defined on the
    host that runs it, every on-demand macro names an existing object, and
    the three failover triggers are wired."""
    shutil.rmtree(work, ignore_errors=True)
    main = nagios.main_config(work, files, "/usr/lib/nagios/plugins",
                              user="nagios", group="nagios")
    # -v checks, and -pv writes objects.precache, as the nagios user.
    for d in ("", "tmp", "checkresults"):
        shutil.chown(os.path.join(work, d), "nagios", "nagios")
    ok, out = nagios.validate(main)
    if not ok or not re.search(r"^Total Warnings:\s+0\s*$", out, re.M):
        return ["nagios4 -v: " + " | ".join(
            ln.strip() for ln in out.splitlines()
            if "Error" in ln or "Warning" in ln)[-800:]]
    subprocess.run([nagios.binary(), "-pv", main], stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, timeout=60)
    objs = parse_objects(os.path.join(work, "objects.precache"))
    cmds = {o["command_name"]: o["command_line"] for k, o in objs
            if k == "command"}
    hosts = {o["host_name"]: o for k, o in objs if k == "host"}
    svcs = {f"{o['host_name']}!{o['service_description']}": o
            for k, o in objs if k == "service"}
    bad = []
    if not SERVICES <= set(svcs):
        bad.append(f"services missing: {sorted(SERVICES - set(svcs))}")
    for name, o in list(hosts.items()) + list(svcs.items()):
        host = hosts.get(o["host_name"], {})
        for what in ("check_command", "event_handler"):
            if what not in o:
                continue
            cmd, *args = o[what].split("!")
            for m in re.finditer(r"\$_HOST(\w+)\$", cmds.get(cmd, "")):
                if "_" + m.group(1) not in host:
                    bad.append(f"{name}: {cmd} reads _{m.group(1)}, "
                               "which it does not define")
            for m in re.finditer(r"\$\w+?:([^:$]+)(?::([^$]+))?\$",
                                 "!".join(args)):
                ref = m.group(1) + (f"!{m.group(2)}" if m.group(2) else "")
                if ref not in hosts and ref not in svcs:
                    bad.append(f"{name}: {what} names {ref}, which does "
                               "not exist")
    for name, cmd in (("vyos-1", "route-failover-confirm"),
                      ("vyos-2", "route-failover-confirm"),
                      ("vyos-1!bgp", "route-failover-service-confirm")):
        o = hosts.get(name) or svcs.get(name) or {}
        if not o.get("event_handler", "").startswith(cmd + "!") or \
                o.get("event_handler_enabled") != "1":
            bad.append(f"{name}: not wired to {cmd} "
                       f"({o.get('event_handler')})")
    return bad


# -- paths ---------------------------------------------------------------------
PACKAGE_ROOTS = ("/usr/lib/nagios/plugins", "/var/lib/vyos-ha-plugins",
                 "/usr/share/doc/vyos-ha-plugins",
                 "/usr/share/icinga2/include/plugins-contrib.d")


def named_paths(files):
    """Absolute paths named in these files, with their file."""
    out = []
    for p in files:
        with open(p) as f:
            for m in re.finditer(r"(?<![\w.$/-])(/(?:etc|usr|var)/[\w./-]*"
                                 r"[\w/])", f.read()):
                out.append((m.group(1).rstrip("/") or "/", p))
    return out


class Wiring(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="vha-wiring.")
        os.chmod(cls.tmp, 0o755)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def work(self, name):
        d = os.path.join(self.tmp, name)
        os.makedirs(d, exist_ok=True)
        os.chmod(d, 0o755)
        return d

    def need(self, what):
        if what == "icinga2" and not shutil.which("icinga2"):
            self.skipTest("icinga2 is not installed")
        if what == "nagios4":
            if not nagios.binary():
                self.skipTest("nagios4 is not installed (nagios4-core)")
            if os.geteuid() != 0:
                self.skipTest("nagios4 -v checks its paths as the nagios "
                              "user: needs root to hand them over")
            try:
                pwd.getpwnam("nagios")
            except KeyError:
                self.skipTest("no user nagios")

    def test_icinga2_examples(self):
        self.need("icinga2")
        # The file `make install` installs when built, else its parts.
        gen = os.path.join(BUILD, "vyos-ha-plugins.conf")
        parts = [gen] if os.path.exists(gen) else I2_PARTS
        self.assertEqual(icinga_problems(self.work("i2"),
                                         parts + I2_EXAMPLES), [])

    def test_icinga2_itl_style(self):
        """As the ITL's plugins-contrib.d: a description on every argument,
        PluginContribDir, $check_address$ through ipv4-or-ipv6, and the AWS
        and proxy variables in env where AWS is asked."""
        for path in I2_PARTS:
            with open(path) as f:
                text = f.read()
            name = os.path.basename(path)
            with self.subTest(file=name):
                args = re.findall(r'^ {4}"(-[-\w]*)" = \{(.*?)^ {4}\}',
                                  text, re.M | re.S)
                self.assertTrue(args)
                self.assertEqual([a for a, body in args
                                  if "description = " not in body], [])
                self.assertNotRegex(  # an argument without a block
                    text, re.compile(r'^ {4}"-[-\w]*" = "', re.M))
                self.assertNotIn("PluginDir +", text)
                self.assertIn("PluginContribDir +", text)
                if "$check_address$" in text:
                    self.assertIn('import "ipv4-or-ipv6"', text)
                if "AWS" in text:
                    for var in ("AWS_PROFILE", "AWS_CONFIG_FILE",
                                "AWS_SHARED_CREDENTIALS_FILE", "https_proxy",
                                "no_proxy"):
                        self.assertRegex(text, rf'"{var}" = "\$\w+\$"')

    def test_icinga2_rejects_broken(self):
        self.need("icinga2")
        cases = {
            "syntax": (I2_PARTS[-1], 'object EventCommand "route-failover" {',
                       'object EventCommand "route-failover" {{'),
            "service reads host vars": (
                I2_EXAMPLES[1], "vars.ec2_route_tables = VyosHa.route_tables",
                "vars.ec2_route_tables = host.vars.failover_route_tables"),
            "no role": (I2_EXAMPLES[1], 'vars.vyos_role = "standby"', ""),
            "unwired standby": (
                I2_EXAMPLES[1],
                'enable_event_handler = VyosHa.failover == "confirm"',
                "enable_event_handler = false"),
        }
        for case, (path, old, new) in cases.items():
            with self.subTest(case=case):
                w = self.work(f"i2-bad-{len(os.listdir(self.tmp))}")
                bad = broken_copy(w, path, old, new)
                files = [bad if p == path else p
                         for p in I2_PARTS + I2_EXAMPLES]
                self.assertNotEqual(icinga_problems(w, files), [])

    def test_nagios4_examples(self):
        self.need("nagios4")
        self.assertEqual(nagios_problems(self.work("n4"),
                                         NG_PARTS + NG_EXAMPLES), [])

    def test_nagios4_rejects_broken(self):
        self.need("nagios4")
        site, deploy = NG_EXAMPLES
        cases = {
            "service without a template": (
                deploy, "    use                     vyos-ha-slow-service\n"
                "    host_name               home-vpc\n",
                "    host_name               home-vpc\n"),
            "undefined custom variable": (
                site, "    _REGION                 ap-southeast-1\n", ""),
            "macro names no object": (
                deploy, "$SERVICESTATE:vyos-1:bgp$!$SERVICESTATE:vyos-2",
                "$SERVICESTATE:vyos-1:BGP$!$SERVICESTATE:vyos-2"),
            "unwired primary": (site, "use                     "
                                "vyos-ha-confirm", "use                     "
                                "vyos-ha-unconfirmed"),
        }
        for case, (path, old, new) in cases.items():
            with self.subTest(case=case):
                w = self.work(f"n4-bad-{len(os.listdir(self.tmp))}")
                bad = broken_copy(w, path, old, new)
                files = [bad if p == path else p
                         for p in NG_PARTS + NG_EXAMPLES]
                self.assertNotEqual(nagios_problems(w, files), [])

    def test_paths_exist_after_install(self):
        if not os.path.exists(os.path.join(BUILD, "Makefile")):
            self.skipTest(f"no configured build in {BUILD}")
        dest = self.work("destdir")
        r = subprocess.run(
            ["make", "-s", "-C", BUILD, "install", f"DESTDIR={dest}",
             "prefix=/usr", "localstatedir=/var", "sysconfdir=/etc",
             "plugindir=/usr/lib/nagios/plugins"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout[-2000:])
        files = I2_PARTS + I2_EXAMPLES + NG_PARTS + NG_EXAMPLES
        paths = named_paths(files)
        self.assertGreater(len(paths), 10)
        try:
            home = pwd.getpwnam("nagios").pw_dir
        except KeyError:
            home = None
        for path, where in paths:
            with self.subTest(path=path, file=os.path.relpath(where, TOP)):
                if path.startswith(PACKAGE_ROOTS):
                    self.assertTrue(os.path.exists(dest + path),
                                    f"{path} is not installed")
                elif path.startswith("/var/lib/nagios/"):
                    # The nagios user's own files (its SSH key, known
                    # hosts, AWS files), made as README says, in its home.
                    if home is None:
                        self.skipTest("no user nagios")
                    self.assertEqual(home, "/var/lib/nagios")
                else:
                    pkg = ("icinga2" if "icinga2" in path else "nagios4"
                           if "nagios4" in path else None)
                    if pkg and not shutil.which(pkg) and \
                            not os.path.exists(f"/usr/sbin/{pkg}"):
                        self.skipTest(f"{pkg} is not installed")
                    self.assertTrue(os.path.exists(path),
                                    f"{path} does not exist here")


if __name__ == "__main__":
    vhatest.main()
