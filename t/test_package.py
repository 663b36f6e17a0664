#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Integration test of the Debian package, on the test machine itself.

Builds the .deb with `dpkg-buildpackage -us -uc -b` from a copy of the source
tree (in a temporary directory), runs lintian on it, installs it with
`dpkg -i`, then checks: every program's -V and --help from
/usr/lib/nagios/plugins, `man -w` for each, cap_net_raw on check_vyos_alive,
the state dir, the installed Icinga 2 file with `icinga2 daemon -C` and the
installed Nagios files with `nagios4 -v`, and finally `dpkg --purge`.

Icinga 2 and Nagios only validate private configuration files in a temporary
directory (private paths for everything they would write); no daemon is
started, stopped or reconfigured and the system's configuration is not read.

Exit 0 pass, 1 fail, 77 skip: not root, the Debian build tools missing, or
vyos-ha-plugins already installed here (the test does not replace a real
installation).
"""
import fcntl
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vhatest import TOP, main  # noqa: E402

PKG = "vyos-ha-plugins"
PLUGIN_DIR = "/usr/lib/nagios/plugins"
PROGRAMS = ("check_vyos_alive", "check_vyos_bgp", "check_vyos_aspath",
            "check_ec2_route", "handle_route_failover")
ICINGA2_FILE = f"/usr/share/icinga2/include/plugins-contrib.d/{PKG}.conf"
DOC = f"/usr/share/doc/{PKG}"
STATE_DIR = f"/var/lib/{PKG}"
# Two engineers (or two t/run) must not install and purge under each other.
LOCK = "/tmp/vha-test_package.lock"
BUILD_TOOLS = ("dpkg-buildpackage", "dh", "lintian", "fakeroot")


def run(argv, timeout=120, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True,
                          timeout=timeout, **kw)


def installed_status():
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", PKG],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       text=True)
    status = r.stdout.strip() if r.returncode == 0 else ""
    return "" if status.endswith("not-installed") else status


def dpkg(*args):
    """dpkg ARGS, waiting (up to 5 min) while apt or dpkg elsewhere holds
    the lock."""
    end = time.monotonic() + 300
    while True:
        r = run(["dpkg", *args], timeout=300)
        if r.returncode == 0 or "lock" not in r.stdout or \
                time.monotonic() > end:
            return r
        time.sleep(2)


def source_files():
    """The files of the source tree (git's view when it is a checkout:
    tracked and new, not ignored; else everything but build trees)."""
    r = subprocess.run(["git", "-C", TOP, "ls-files", "-co",
                        "--exclude-standard", "-z"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    if r.returncode == 0 and r.stdout:
        return [p for p in r.stdout.decode().split("\0")
                if p and os.path.isfile(os.path.join(TOP, p))]
    out = []
    for d, dirs, files in os.walk(TOP):
        dirs[:] = [x for x in dirs if not x.startswith(("_build", ".git",
                                                        "_venv", "autom4te"))]
        out += [os.path.relpath(os.path.join(d, f), TOP) for f in files]
    return out


def build_env():
    """The environment without what `make check` exported (a jobserver in
    MAKEFLAGS, our test variables): the package builds as by hand."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
                        "top_srcdir", "top_builddir", "shared_dir")}
    env["DEB_BUILD_OPTIONS"] = "parallel=2"
    return env


class Package(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lock = open(LOCK, "w")
        fcntl.flock(cls.lock, fcntl.LOCK_EX)
        # Checked again under the lock: another run may have installed it.
        if installed_status():
            cls.lock.close()
            raise unittest.SkipTest(
                f"{PKG} is installed on this machine ({installed_status()}):"
                " the test installs and purges it, so it leaves it alone")
        cls.tmp = tempfile.mkdtemp(prefix="test_package.")
        version = run(["dpkg-parsechangelog", "-l",
                       os.path.join(TOP, "debian", "changelog"), "-S",
                       "Version"]).stdout.strip()
        cls.upstream = version.split("-")[0]
        src = os.path.join(cls.tmp, f"{PKG}-{cls.upstream}")
        for p in source_files():
            os.makedirs(os.path.join(src, os.path.dirname(p)), exist_ok=True)
            shutil.copy2(os.path.join(TOP, p), os.path.join(src, p))
        r = run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=src,
                env=build_env(), timeout=1800)
        with open(os.path.join(cls.tmp, "build.log"), "w") as f:
            f.write(r.stdout)
        if r.returncode != 0:
            raise AssertionError(f"dpkg-buildpackage failed (log: {cls.tmp}"
                                 "/build.log):\n" +
                                 "\n".join(r.stdout.splitlines()[-30:]))
        debs = glob.glob(os.path.join(cls.tmp, f"{PKG}_{version}_*.deb"))
        if len(debs) != 1:
            raise AssertionError(f"expected one {PKG} .deb, found {debs}")
        cls.deb = debs[0]
        cls.changes = glob.glob(os.path.join(cls.tmp, "*.changes"))[0]
        r = dpkg("-i", cls.deb)
        cls.install_out = r.stdout
        if r.returncode != 0:
            dpkg("--purge", PKG)
            raise AssertionError(f"dpkg -i failed:\n{r.stdout}")

    @classmethod
    def tearDownClass(cls):
        try:
            r = dpkg("--purge", PKG)
            left = [p for p in [STATE_DIR, ICINGA2_FILE, DOC] +
                    [os.path.join(PLUGIN_DIR, p) for p in PROGRAMS]
                    if os.path.exists(p)]
            shutil.rmtree(cls.tmp, ignore_errors=True)
            if r.returncode != 0 or installed_status():
                raise AssertionError(f"dpkg --purge failed:\n{r.stdout}")
            if left:
                raise AssertionError(f"left after the purge: {left}")
        finally:
            cls.lock.close()

    def test_lintian(self):
        r = run(["lintian", self.changes], timeout=600)
        bad = [ln for ln in r.stdout.splitlines()
               if ln.startswith(("E:", "W:"))]
        self.assertEqual(bad, [], r.stdout)
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_layout(self):
        for p in PROGRAMS:
            self.assertTrue(os.access(os.path.join(PLUGIN_DIR, p), os.X_OK),
                            f"{PLUGIN_DIR}/{p}")
        for p in ("README.md.gz", "copyright", "iam/route-failover-policy.json",
                  "vyos/standby-prepend.txt", "vyos/frr-standby-prepend.conf",
                  "icinga2/examples/site.conf", "icinga2/examples/vyos-ha.conf",
                  "nagios/examples/site.cfg", "nagios/examples/vyos-ha.cfg"):
            self.assertTrue(os.path.isfile(os.path.join(DOC, p)), p)
        # Prose is compressed once it is over 4 kB (dh_compress), or not.
        self.assertTrue(any(os.path.isfile(os.path.join(DOC, "iam", f))
                            for f in ("README.md", "README.md.gz")), "iam/README.md")
        self.assertTrue(os.path.isfile(ICINGA2_FILE))
        # Nothing landed in the multiarch libdir or under /usr/local.
        listing = run(["dpkg", "-L", PKG]).stdout
        self.assertNotIn("-linux-gnu", listing)
        self.assertNotIn("/usr/local", listing)

    def test_version_and_help(self):
        for p in PROGRAMS:
            with self.subTest(program=p):
                path = os.path.join(PLUGIN_DIR, p)
                r = run([path, "-V"], timeout=10)
                self.assertEqual(r.returncode, 0, r.stdout)
                self.assertIn(self.upstream, r.stdout)
                r = run([path, "--help"], timeout=10)
                self.assertEqual(r.returncode, 0, r.stdout)
                self.assertIn("Usage", r.stdout)

    def test_man_pages(self):
        for p in PROGRAMS:
            with self.subTest(program=p):
                r = run(["man", "-w", p], timeout=30)
                self.assertEqual(r.returncode, 0, f"man -w {p}: {r.stdout}")
                self.assertTrue(r.stdout.strip().startswith("/usr/share/man/"),
                                r.stdout)

    def test_capability(self):
        # the handler's confirmation probe pings, as check_vyos_alive does
        for p in ("check_vyos_alive", "handle_route_failover"):
            with self.subTest(program=p):
                r = run(["getcap", os.path.join(PLUGIN_DIR, p)])
                self.assertIn("cap_net_raw=ep", r.stdout,
                              f"getcap: {r.stdout}\npostinst said:\n"
                              f"{self.install_out}")

    def test_state_dir(self):
        st = os.stat(STATE_DIR)
        self.assertEqual(st.st_mode & 0o777, 0o750)
        try:
            import pwd
            uid = pwd.getpwnam("nagios").pw_uid
        except KeyError:
            self.assertEqual(st.st_uid, 0)
            self.assertIn("no user nagios", self.install_out)
        else:
            self.assertEqual(st.st_uid, uid)

    def test_icinga2(self):
        if not shutil.which("icinga2"):
            self.skipTest("icinga2 is not installed")
        d = tempfile.mkdtemp(dir=self.tmp, prefix="icinga2.")
        for sub in ("data", "log", "cache", "spool", "run", "zones.d"):
            os.makedirs(os.path.join(d, sub))
        conf = os.path.join(d, "icinga2.conf")
        # The ITL and <plugins-contrib>, which loads the installed file;
        # objects that use every command and the template it defines.
        with open(conf, "w") as f:
            f.write(f'''const PluginDir = "{PLUGIN_DIR}"
const ManubulonPluginDir = PluginDir
const PluginContribDir = PluginDir
const NodeName = "pkgtest"
const ZoneName = NodeName
const TicketSalt = ""
include <itl>
include <plugins>
include <plugins-contrib>
object Host "vyos-1" {{
  import "vyos-router"
  address = "192.0.2.1"
  event_command = "route-failover"
  vars.failover_route_tables = [ "rtb-0a1b2c3d" ]
  vars.failover_destinations = [ "10.0.0.0/16" ]
  vars.failover_primary = "eni-0123456789abcdef0"
  vars.failover_secondary = "eni-0fedcba9876543210"
}}
object Service "bgp" {{
  host_name = "vyos-1"
  check_command = "vyos_bgp"
  event_command = "route-failover-service"
}}
object Service "aspath" {{
  host_name = "vyos-1"
  check_command = "vyos_aspath"
}}
object Service "routes" {{
  host_name = "vyos-1"
  check_command = "ec2_route"
}}
''')
        defines = [f"-DConfigDir={d}", f"-DDataDir={d}/data",
                   f"-DLogDir={d}/log", f"-DCacheDir={d}/cache",
                   f"-DSpoolDir={d}/spool", f"-DInitRunDir={d}/run",
                   f"-DZonesDir={d}/zones.d", "-DRunAsUser=root",
                   "-DRunAsGroup=root"]
        env = dict(os.environ, ICINGA2_USER="root", ICINGA2_GROUP="root")
        r = run(["icinga2", "daemon", "-C", "-c", conf] + defines, env=env,
                timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout[-3000:])

    def test_nagios4(self):
        nagios = shutil.which("nagios4") or (
            "/usr/sbin/nagios4" if os.access("/usr/sbin/nagios4", os.X_OK)
            else None)
        if not nagios:
            self.skipTest("nagios4 is not installed (Debian nagios4-core)")
        # nagios4 -v reads the object files and checks that it may write
        # its temp and check result paths as the nagios user.
        d = tempfile.mkdtemp(dir=self.tmp, prefix="nagios4.")
        os.chmod(self.tmp, 0o755)
        os.chmod(d, 0o755)
        for sub in ("tmp", "checkresults"):
            os.makedirs(os.path.join(d, sub))
            shutil.chown(os.path.join(d, sub), "nagios", "nagios")
        cfgs = sorted(glob.glob(os.path.join(DOC, "nagios", "*.cfg")))
        self.assertEqual(len(cfgs), 5, cfgs)
        with open(os.path.join(d, "resource.cfg"), "w") as f:
            f.write(f"$USER1$={PLUGIN_DIR}\n")
        # What the shipped files expect from a Nagios configuration
        # (generic-host, a time period, a contact) and objects that use
        # every command they define.
        with open(os.path.join(d, "objects.cfg"), "w") as f:
            f.write("""define timeperiod {
    timeperiod_name 24x7
    alias           always
    sunday 00:00-24:00
    monday 00:00-24:00
    tuesday 00:00-24:00
    wednesday 00:00-24:00
    thursday 00:00-24:00
    friday 00:00-24:00
    saturday 00:00-24:00
}
define command {
    command_name    notify-none
    command_line    /bin/true
}
define contact {
    contact_name                    admin
    host_notifications_enabled      0
    service_notifications_enabled   0
    host_notification_period        24x7
    service_notification_period     24x7
    host_notification_options       n
    service_notification_options    n
    host_notification_commands      notify-none
    service_notification_commands   notify-none
}
define host {
    name                    generic-host
    check_period            24x7
    notification_period     24x7
    contacts                admin
    register                0
}
define service {
    name                    generic-service
    check_period            24x7
    notification_period     24x7
    contacts                admin
    max_check_attempts      3
    check_interval          1
    retry_interval          1
    register                0
}
define host {
    use                     vyos-router
    host_name               vyos-1
    address                 192.0.2.1
    event_handler           route-failover!rtb-0a1b2c3d!rtb-0e5f6a7b!10.0.0.0/16!eni-0123456789abcdef0!eni-0fedcba9876543210!ap-southeast-1
}
define host {
    use                     vyos-router
    host_name               vyos-2
    address                 192.0.2.2
    check_command           check_vyos_alive!200.0,40%!500.0,80%
}
define service {
    use                     generic-service
    host_name               vyos-1
    service_description     BGP
    check_command           check_vyos_bgp!169.254.12.1!169.254.13.1
    event_handler           route-failover-service!rtb-0a1b2c3d!rtb-0e5f6a7b!10.0.0.0/16!eni-0123456789abcdef0!eni-0fedcba9876543210!ap-southeast-1
}
define service {
    use                     generic-service
    host_name               vyos-2
    service_description     BGP-all
    check_command           check_vyos_bgp_all
}
define service {
    use                     generic-service
    host_name               vyos-2
    service_description     ASPATH
    check_command           check_vyos_aspath!standby!169.254.14.1!169.254.15.1!65000!3
}
define service {
    use                     generic-service
    host_name               vyos-1
    service_description     ASPATH
    check_command           check_vyos_aspath_expect!active!169.254.12.1!169.254.13.1!65000!3!172.31.0.0/16
}
define service {
    use                     generic-service
    host_name               vyos-1
    service_description     vpc-routes
    check_command           check_ec2_route!rtb-0a1b2c3d!rtb-0e5f6a7b!10.0.0.0/16!eni-0123456789abcdef0!eni-0fedcba9876543210!ap-southeast-1
}
""")
        main_cfg = os.path.join(d, "nagios.cfg")
        with open(main_cfg, "w") as f:
            f.write("".join(f"cfg_file={p}\n" for p in cfgs) + f"""\
cfg_file={d}/objects.cfg
resource_file={d}/resource.cfg
log_file={d}/nagios.log
status_file={d}/status.dat
temp_file={d}/nagios.tmp
temp_path={d}/tmp
nagios_user=nagios
nagios_group=nagios
lock_file={d}/nagios.lock
command_file={d}/nagios.cmd
check_result_path={d}/checkresults
object_cache_file={d}/objects.cache
precached_object_file={d}/objects.precache
state_retention_file={d}/retention.dat
log_archive_path={d}
debug_file={d}/debug.log
query_socket={d}/nagios.qh
check_external_commands=0
enable_event_handlers=1
illegal_macro_output_chars=`~$&|'"<>
""")
        r = run([nagios, "-v", main_cfg], timeout=60)
        errors = [ln for ln in r.stdout.splitlines()
                  if ln.lstrip().startswith("Error:")]
        self.assertEqual(errors, [], r.stdout[-3000:])
        self.assertRegex(r.stdout, r"Total Errors:\s+0\b", r.stdout[-3000:])
        self.assertEqual(r.returncode, 0, r.stdout[-3000:])


def preconditions():
    if os.geteuid() != 0:
        return "needs root (dpkg -i and dpkg --purge on this machine)"
    missing = [t for t in BUILD_TOOLS if not shutil.which(t)]
    if missing:
        return (f"{', '.join(missing)} not installed (Debian: dpkg-dev "
                "debhelper lintian fakeroot)")
    if not os.path.isfile(os.path.join(TOP, "debian", "control")):
        return "no debian/ in the source tree"
    if installed_status():
        return (f"{PKG} is installed on this machine ({installed_status()}):"
                " the test installs and purges it, so it leaves it alone")
    return None


if __name__ == "__main__":
    why = preconditions()
    if why:
        print(f"SKIP: test_package: {why}")
        sys.exit(77)
    main()
