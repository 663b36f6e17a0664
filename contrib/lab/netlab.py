#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The lab's network: the deployment of CONTEXT.md in network namespaces.

    PREFIX-vgw    AS 10124, the AWS virtual private gateway; originates the
                  remote VPC 10.0.0.0/16 (and 2001:db8:10::/48)
    PREFIX-vyos1  AS 65000, the active customer gateway
    PREFIX-vyos2  AS 65000, the standby: route-map routemap-vyos2tokyo-out
                  prepends "65000 65000 65000" towards the VGW
    PREFIX-mon    the monitoring server, on a management LAN to both routers
    PREFIX-blue   (optional) the namespace behind vyos1's VRF PREFIX-blue

Each router has two tunnels to the VGW, as an AWS VPN connection has: /30
links in 169.254.0.0/16 with one IPv4 BGP session each, plus one IPv6 session
on its first tunnel (fd00::/126 link addresses).  Both routers originate
172.31.0.0/16 (and 2001:db8:172::/48) from a prefix on lo (this kernel has
no dummy interfaces).  Every namespace runs its own FRR zebra + bgpd (user
frr) with private sockets under the state directory; the routers also run
OpenSSH's sshd on their management address (ports 22 and 2222), key-only,
for one user (vyos by default, created when missing) whose PATH holds a
`vtysh` wrapper bound to that router's daemons, so
`ssh vyos@192.0.2.11 vtysh -c '...'` answers for vyos1, as on a VyOS.

The VRF uses FRR's netns backend (zebra -n), since this kernel has no VRF
devices: vyos1's VRF is the namespace PREFIX-blue, with one BGP session to
the VGW that carries 192.168.100.0/24 only.  (That zebra also lists the
host's other namespaces as VRFs; they have no BGP instance.)

Every process is recorded (pid and start time) in STATE/lab.json, and
stopped by `down`; `up` first removes what a crashed run with the same prefix
left behind (processes in its namespaces, the namespaces, stray veths).

Command line:
    netlab.py up [--prefix vha] [--state-dir DIR] [--no-vrf] [--no-ipv6]
    netlab.py down | status | bestpath [--prefix vha] [--state-dir DIR]
    netlab.py kill|freeze|thaw|drop|undrop|restore ROUTER
    netlab.py cut ROUTER TUNNEL | uncut ROUTER TUNNEL     (TUNNEL 1 or 2)
    netlab.py shutdown ROUTER NEIGHBOR | noshutdown ROUTER NEIGHBOR
    netlab.py prepend off|on
    netlab.py vtysh ROUTER 'show ip bgp summary'
Default state directory: /tmp/netlab-PREFIX.  As a module:
    lab = netlab.Lab("tssh", "/tmp/x"); lab.up(); ...; lab.down()
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

FRR_DIR = "/usr/lib/frr"
VTYSH = "/usr/bin/vtysh"
SSHD = "/usr/sbin/sshd"
ROUTE_MAP = "routemap-vyos2tokyo-out"
PREPEND = "65000 65000 65000"
LOCAL_AS = 65000
VGW_AS = 10124
HOME_NET = "172.31.0.0/16"
HOME_NET6 = "2001:db8:172::/48"
REMOTE_NET = "10.0.0.0/16"
REMOTE_NET6 = "2001:db8:10::/48"
VRF_NET = "192.168.100.0/24"
LAB_USER_HOME = "/var/lib/vyos-ha-lab"
ROUTERS = ("vyos1", "vyos2")
CALL_TIMEOUT = 5.0
# sshd also listens here (known_hosts has "[addr]:port" lines for it), to
# exercise -p; the namespaces are private, so fixed ports cannot collide.
ALT_SSH_PORT = 2222


class LabError(Exception):
    """Something the lab could not do; the message says what."""


def _run(argv, timeout=CALL_TIMEOUT, check=True, input=None):
    """Run argv (never through a shell), bounded; returns CompletedProcess."""
    try:
        cp = subprocess.run(argv, capture_output=True, text=True,
                            timeout=timeout, input=input)
    except subprocess.TimeoutExpired as e:
        raise LabError(f"timed out after {timeout} s: {' '.join(argv)}") from e
    if check and cp.returncode != 0:
        raise LabError(f"{' '.join(argv)}: exit {cp.returncode}: "
                       f"{(cp.stderr or cp.stdout).strip()}")
    return cp


def _proc_starttime(pid):
    """The kernel's start time of pid (field 22 of /proc/pid/stat), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    if fields[0] == "Z":
        return None
    return int(fields[19])


def _netns_exists(name):
    return os.path.exists(f"/run/netns/{name}")


def _netns_pids(name):
    if not _netns_exists(name):
        return []
    cp = _run(["ip", "netns", "pids", name], check=False)
    return [int(x) for x in cp.stdout.split() if x.isdigit()]


def _signal_pids(pids, sig):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def _wait_gone(pids, timeout):
    end = time.monotonic() + timeout
    left = list(pids)
    while left and time.monotonic() < end:
        left = [p for p in left if _proc_starttime(p) is not None]
        if left:
            time.sleep(0.05)
    return left


class Lab:
    """One lab instance, named by its prefix, with its state directory."""

    def __init__(self, prefix="vha", state_dir=None, user="vyos", vrf=True,
                 ipv6=True, log=None):
        if not re.fullmatch(r"[a-z][a-z0-9]{0,7}", prefix):
            raise LabError(f"invalid prefix '{prefix}': 1-8 lower-case "
                           "letters or digits, starting with a letter")
        self.prefix = prefix
        self.state_dir = os.path.abspath(state_dir or f"/tmp/netlab-{prefix}")
        self.user = user
        self.vrf = vrf
        self.ipv6 = ipv6
        self.log = log or (lambda msg: None)
        self.procs = {}      # "vyos1/bgpd" -> {"pid", "start", "argv", "out"}
        self._popen = {}     # same keys -> Popen, when started by this object
        self.frozen = []
        self.ns = {n: f"{prefix}-{n}"
                   for n in ("vgw", "vyos1", "vyos2", "mon", "blue")}
        self.vrf_name = self.ns["blue"]
        # Addresses.  Tunnel t of router r: 169.254.<10r+t>.0/30, VGW .1.
        self.mgmt = {"mon": "192.0.2.1", "vyos1": "192.0.2.11",
                     "vyos2": "192.0.2.12"}
        self.tunnels = {}
        for r, rn in (("vyos1", 1), ("vyos2", 2)):
            for t in (1, 2):
                net = 10 * rn + t
                self.tunnels[(r, t)] = {
                    "vgw": f"169.254.{net}.1", "router": f"169.254.{net}.2",
                    "vgw6": f"fd00:{net}::1", "router6": f"fd00:{net}::2",
                }
        self.blue = {"vgw": "169.254.13.1", "router": "169.254.13.2"}

    # ---- paths --------------------------------------------------------
    def dir(self, node, *parts):
        return os.path.join(self.state_dir, node, *parts)

    @property
    def state_file(self):
        return os.path.join(self.state_dir, "lab.json")

    @property
    def client_key(self):
        """The SSH private key the plugins use (-i)."""
        return os.path.join(self.state_dir, "ssh", "id_ed25519")

    @property
    def known_hosts(self):
        """known_hosts holding both routers' host keys (--known-hosts)."""
        return os.path.join(self.state_dir, "ssh", "known_hosts")

    def vty_dir(self, node):
        return self.dir(node, "run")

    def host_key(self, router):
        return self.dir(router, "ssh", "ssh_host_ed25519_key")

    def neighbors(self, router, afi="ipv4"):
        """The VGW addresses router peers with (default VRF)."""
        if afi == "ipv6":
            return [self.tunnels[(router, 1)]["vgw6"]] if self.ipv6 else []
        return [self.tunnels[(router, t)]["vgw"] for t in (1, 2)]

    def peer_router(self, addr):
        """Which router owns a tunnel address as seen from the VGW."""
        for (r, _t), a in self.tunnels.items():
            if addr in (a["router"], a["router6"]):
                return r
        if addr == self.blue["router"]:
            return "vyos1-vrf"
        return None

    # ---- state file ---------------------------------------------------
    def save(self):
        data = {"prefix": self.prefix, "user": self.user, "vrf": self.vrf,
                "ipv6": self.ipv6, "procs": self.procs, "frozen": self.frozen,
                "ns": self.ns}
        tmp = self.state_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(data, f, indent=1)
        os.replace(tmp, self.state_file)

    @classmethod
    def load(cls, state_dir, prefix=None, log=None):
        """The lab recorded in state_dir (by `up`), or a bare one when none."""
        path = os.path.join(os.path.abspath(state_dir), "lab.json")
        try:
            with open(path) as f:
                data = json.load(f)
        except FileNotFoundError:
            return cls(prefix or "vha", state_dir, log=log)
        except (OSError, ValueError) as e:
            raise LabError(f"cannot read {path}: {e}") from e
        if prefix is not None and prefix != data["prefix"]:
            raise LabError(f"{path} belongs to prefix {data['prefix']}, "
                           f"not {prefix}")
        lab = cls(data["prefix"], state_dir, user=data["user"],
                  vrf=data["vrf"], ipv6=data["ipv6"], log=log)
        lab.procs = data.get("procs", {})
        lab.frozen = data.get("frozen", [])
        return lab

    # ---- processes ----------------------------------------------------
    def _start(self, key, node, argv, env=None):
        out = self.dir(node, key.split("/")[1] + ".out")
        full = ["ip", "netns", "exec", self.ns[node]] + argv
        with open(out, "ab") as f:
            p = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=f,
                                 stderr=subprocess.STDOUT, env=env,
                                 start_new_session=True)
        # `ip netns exec` execs the daemon itself: p.pid is the daemon.
        time.sleep(0.01)
        self._popen[key] = p
        self.procs[key] = {"pid": p.pid, "start": _proc_starttime(p.pid),
                           "argv": full, "out": out}
        self.save()
        return p

    def alive(self, key):
        rec = self.procs.get(key)
        if rec is None:
            return False
        p = self._popen.get(key)
        if p is not None and p.poll() is not None:
            return False
        st = _proc_starttime(rec["pid"])
        return st is not None and st == rec["start"]

    def _stop(self, keys, timeout=3.0):
        """SIGTERM (after SIGCONT: a stopped process ignores it), then KILL."""
        pids = []
        for key in keys:
            if self.alive(key):
                pids.append(self.procs[key]["pid"])
        _signal_pids(pids, signal.SIGCONT)
        _signal_pids(pids, signal.SIGTERM)
        left = _wait_gone(pids, timeout)
        _signal_pids(left, signal.SIGKILL)
        _wait_gone(left, 2.0)
        for key in keys:
            p = self._popen.pop(key, None)
            if p is not None:
                try:
                    p.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
            self.procs.pop(key, None)

    def _daemon_keys(self, node, with_sshd=True):
        keys = [f"{node}/zebra", f"{node}/bgpd"]
        if with_sshd and node in ROUTERS:
            keys.append(f"{node}/sshd")
        return keys

    # ---- cleanup ------------------------------------------------------
    def _links(self):
        """Root-namespace names of every veth end the lab creates (the
        prefix has no '-', so PREFIX- never matches another prefix)."""
        p = self.prefix
        names = []
        for r in ("1", "2"):
            names += [f"{p}-v{r}a", f"{p}-g{r}a", f"{p}-v{r}b",
                      f"{p}-g{r}b", f"{p}-m{r}", f"{p}-mm{r}"]
        names += [f"{p}-bl", f"{p}-gbl"]
        return names

    def cleanup(self):
        """Remove everything of this prefix: idempotent, also after a crash."""
        keys = list(self.procs)
        if keys:
            self._stop(keys)
        for name in self.ns.values():
            pids = _netns_pids(name)
            if pids:
                self.log(f"stopping {len(pids)} leftover process(es) in {name}")
                _signal_pids(pids, signal.SIGCONT)
                _signal_pids(pids, signal.SIGTERM)
                _signal_pids(_wait_gone(pids, 2.0), signal.SIGKILL)
                _wait_gone(pids, 2.0)
        for name in self.ns.values():
            if _netns_exists(name):
                _run(["ip", "netns", "del", name], check=False)
        for link in self._links():
            if os.path.exists(f"/sys/class/net/{link}"):
                _run(["ip", "link", "del", link], check=False)
        self.procs = {}
        self.frozen = []
        if os.path.isdir(self.state_dir):
            self.save()

    def down(self):
        self.cleanup()
        self.log("lab down")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.down()
        return False

    # ---- build --------------------------------------------------------
    @staticmethod
    def preflight():
        """None when the lab can run here, else why not (for test skips)."""
        if os.geteuid() != 0:
            return "not root"
        for path in (f"{FRR_DIR}/zebra", f"{FRR_DIR}/bgpd", VTYSH, SSHD,
                     "/usr/bin/ssh-keygen"):
            if not os.access(path, os.X_OK):
                return f"{path} is missing"
        if shutil.which("ip") is None or shutil.which("nft") is None:
            return "ip or nft is missing"
        probe = f"netlab-probe-{os.getpid()}"
        cp = subprocess.run(["ip", "netns", "add", probe],
                            capture_output=True, text=True)
        if cp.returncode != 0:
            return f"cannot create network namespaces: {cp.stderr.strip()}"
        subprocess.run(["ip", "netns", "del", probe], capture_output=True)
        return None

    def _ensure_user(self):
        import grp
        import pwd
        try:
            pw = pwd.getpwnam(self.user)
        except KeyError:
            self.log(f"creating system user {self.user} (home {LAB_USER_HOME})")
            cp = _run(["useradd", "--system", "--create-home", "--home-dir",
                       LAB_USER_HOME, "--shell", "/bin/sh", "--groups",
                       "frrvty", "--comment", "vyos-ha-plugins lab",
                       self.user], check=False)
            try:
                # Another lab starting at the same time may have won.
                pw = pwd.getpwnam(self.user)
            except KeyError:
                raise LabError(f"cannot create user {self.user}: "
                               f"{cp.stderr.strip()}") from None
        # useradd locks the account ("!"), and sshd without PAM refuses a
        # locked account even for key auth; "*" means "no password" only.
        cp = _run(["getent", "shadow", self.user], check=False)
        if cp.stdout.split(":")[1:2] and cp.stdout.split(":")[1].startswith(
                "!"):
            self.log(f"unlocking {self.user} for key-only login")
            _run(["usermod", "-p", "*", self.user])
        members = grp.getgrnam("frrvty").gr_mem
        if self.user not in members and pw.pw_gid != grp.getgrnam(
                "frrvty").gr_gid:
            self.log(f"adding {self.user} to group frrvty (vtysh access)")
            _run(["usermod", "-aG", "frrvty", self.user])
        if not os.path.isdir(pw.pw_dir):
            raise LabError(f"home directory {pw.pw_dir} of {self.user} is "
                           "missing (sshd would complain on every command)")
        return pw

    def _check_searchable(self):
        """The SSH user must reach its authorized_keys and vtysh wrapper."""
        path = self.state_dir
        while path != "/":
            path = os.path.dirname(path)
            if not os.stat(path).st_mode & 0o001:
                raise LabError(f"{path} is not searchable by others; the lab "
                               f"user {self.user} must reach {self.state_dir}")

    def _netns(self):
        for name in self.ns.values():
            if name == self.vrf_name and not self.vrf:
                continue
            _run(["ip", "netns", "add", name])
            _run(["ip", "-n", name, "link", "set", "lo", "up"])
            if self.ipv6:
                # No DAD delay; and keep IPv6 addresses over a link cut
                # (Linux drops them on link down by default).
                for k in ("all", "default"):
                    _run(["ip", "netns", "exec", name, "sysctl", "-q", "-w",
                          f"net.ipv6.conf.{k}.accept_dad=0",
                          f"net.ipv6.conf.{k}.keep_addr_on_down=1"])

    def _veth(self, a_ns, a_root, a_name, b_ns, b_root, b_name):
        _run(["ip", "link", "add", a_root, "type", "veth", "peer", "name",
              b_root])
        for ns, root, name in ((a_ns, a_root, a_name), (b_ns, b_root, b_name)):
            _run(["ip", "link", "set", root, "netns", ns])
            _run(["ip", "-n", ns, "link", "set", root, "name", name])

    def _addr(self, ns, dev, cidr):
        argv = ["ip", "-n", ns, "addr", "add", cidr, "dev", dev]
        if ":" in cidr:
            argv.append("nodad")
        _run(argv)

    def _network(self):
        p, ns = self.prefix, self.ns
        # Tunnels: router side tunN, VGW side vRtN.
        for (r, t), a in self.tunnels.items():
            rn = r[-1]
            side = "a" if t == 1 else "b"
            self._veth(ns[r], f"{p}-v{rn}{side}", f"tun{t}",
                       ns["vgw"], f"{p}-g{rn}{side}", f"v{rn}t{t}")
            self._addr(ns[r], f"tun{t}", a["router"] + "/30")
            self._addr(ns["vgw"], f"v{rn}t{t}", a["vgw"] + "/30")
            if self.ipv6 and t == 1:
                self._addr(ns[r], f"tun{t}", a["router6"] + "/126")
                self._addr(ns["vgw"], f"v{rn}t{t}", a["vgw6"] + "/126")
            _run(["ip", "-n", ns[r], "link", "set", f"tun{t}", "up"])
            _run(["ip", "-n", ns["vgw"], "link", "set", f"v{rn}t{t}", "up"])
        # Management LAN: a bridge in mon, one port per router.
        _run(["ip", "-n", ns["mon"], "link", "add", "mgmt", "type", "bridge"])
        self._addr(ns["mon"], "mgmt", self.mgmt["mon"] + "/24")
        _run(["ip", "-n", ns["mon"], "link", "set", "mgmt", "up"])
        for r in ROUTERS:
            rn = r[-1]
            self._veth(ns[r], f"{p}-m{rn}", "mgmt",
                       ns["mon"], f"{p}-mm{rn}", f"mgmt-{r}")
            self._addr(ns[r], "mgmt", self.mgmt[r] + "/24")
            _run(["ip", "-n", ns[r], "link", "set", "mgmt", "up"])
            _run(["ip", "-n", ns["mon"], "link", "set", f"mgmt-{r}",
                  "master", "mgmt", "up"])
        # What each side originates, on lo.
        _run(["ip", "-n", ns["vgw"], "addr", "add", "10.0.0.1/16", "dev", "lo"])
        for r in ROUTERS:
            _run(["ip", "-n", ns[r], "addr", "add", "172.31.0.1/16", "dev",
                  "lo"])
        if self.ipv6:
            self._addr(ns["vgw"], "lo", "2001:db8:10::1/48")
            for r in ROUTERS:
                self._addr(ns[r], "lo", "2001:db8:172::1/48")
        if self.vrf:
            self._veth(ns["blue"], f"{p}-bl", "tun-blue",
                       ns["vgw"], f"{p}-gbl", "v1blue")
            self._addr(ns["blue"], "tun-blue", self.blue["router"] + "/30")
            self._addr(ns["vgw"], "v1blue", self.blue["vgw"] + "/30")
            _run(["ip", "-n", ns["blue"], "link", "set", "tun-blue", "up"])
            _run(["ip", "-n", ns["vgw"], "link", "set", "v1blue", "up"])
            _run(["ip", "-n", ns["blue"], "addr", "add", "192.168.100.1/24",
                  "dev", "lo"])

    # ---- FRR configuration -------------------------------------------
    def _bgp_neighbor(self, addr, remote_as):
        return [f" neighbor {addr} remote-as {remote_as}",
                f" neighbor {addr} timers connect 1"]

    def _vgw_conf(self):
        lines = ["frr defaults traditional", "hostname vgw",
                 f"router bgp {VGW_AS}", " bgp router-id 169.254.255.1",
                 " no bgp ebgp-requires-policy", " no bgp network import-check",
                 " timers bgp 1 3"]
        v4 = [a["router"] for a in self.tunnels.values()]
        v6 = ([self.tunnels[(r, 1)]["router6"] for r in ROUTERS]
              if self.ipv6 else [])
        for addr in v4 + v6:
            lines += self._bgp_neighbor(addr, LOCAL_AS)
        if self.vrf:
            lines += self._bgp_neighbor(self.blue["router"], LOCAL_AS)
        lines += [" address-family ipv4 unicast", f"  network {REMOTE_NET}"]
        lines += [f"  no neighbor {a} activate" for a in v6]
        lines += [" exit-address-family"]
        if self.ipv6:
            lines += [" address-family ipv6 unicast",
                      f"  network {REMOTE_NET6}"]
            lines += [f"  neighbor {a} activate" for a in v6]
            lines += [" exit-address-family"]
        return "\n".join(lines) + "\n"

    def _router_conf(self, router):
        rn = router[-1]
        standby = router == "vyos2"
        lines = ["frr defaults traditional", f"hostname {router}"]
        if standby:
            lines += [f"route-map {ROUTE_MAP} permit 10",
                      f" set as-path prepend {PREPEND}", "exit"]
        lines += [f"router bgp {LOCAL_AS}", f" bgp router-id 172.31.255.{rn}",
                  " no bgp ebgp-requires-policy",
                  " no bgp network import-check", " timers bgp 1 3"]
        v4 = self.neighbors(router)
        v6 = self.neighbors(router, "ipv6")
        for addr in v4 + v6:
            lines += self._bgp_neighbor(addr, VGW_AS)
        lines += [" address-family ipv4 unicast", f"  network {HOME_NET}"]
        lines += [f"  no neighbor {a} activate" for a in v6]
        if standby:
            lines += [f"  neighbor {a} route-map {ROUTE_MAP} out" for a in v4]
        lines += [" exit-address-family"]
        if v6:
            lines += [" address-family ipv6 unicast", f"  network {HOME_NET6}"]
            lines += [f"  neighbor {a} activate" for a in v6]
            if standby:
                lines += [f"  neighbor {a} route-map {ROUTE_MAP} out"
                          for a in v6]
            lines += [" exit-address-family"]
        if router == "vyos1" and self.vrf:
            lines += ["exit", f"router bgp {LOCAL_AS} vrf {self.vrf_name}",
                      f" bgp router-id 172.31.255.{rn}",
                      " no bgp ebgp-requires-policy",
                      " no bgp network import-check", " timers bgp 1 3"]
            lines += self._bgp_neighbor(self.blue["vgw"], VGW_AS)
            lines += [" address-family ipv4 unicast", f"  network {VRF_NET}",
                      " exit-address-family"]
        return "\n".join(lines) + "\n"

    def _write(self, path, text, mode=0o644, owner=None):
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        if owner is not None:
            shutil.chown(path, *owner)

    def _prepare_node(self, node):
        for sub in ("", "run", "etc", "bin", "vtysh", "ssh"):
            os.makedirs(self.dir(node, sub), exist_ok=True)
            os.chmod(self.dir(node, sub), 0o755)
        shutil.chown(self.dir(node, "run"), "frr", "frr")
        conf = self._vgw_conf() if node == "vgw" else self._router_conf(node)
        self._write(self.dir(node, "etc", "zebra.conf"),
                    f"hostname {node}\n", 0o640, ("frr", "frr"))
        self._write(self.dir(node, "etc", "bgpd.conf"), conf, 0o640,
                    ("frr", "frr"))
        # vtysh reads its own config: an empty one the SSH user may read,
        # so that it prints nothing on stderr.
        self._write(self.dir(node, "vtysh", "vtysh.conf"), "", 0o644)
        self._write(self.dir(node, "bin", "vtysh"),
                    "#!/bin/sh\n# vtysh of lab router " + node + "\n"
                    f"exec {VTYSH} --vty_socket {self.vty_dir(node)} "
                    f"--config_dir {self.dir(node, 'vtysh')} \"$@\"\n", 0o755)

    def _frr_argv(self, node, daemon):
        run = self.vty_dir(node)
        argv = [f"{FRR_DIR}/{daemon}", "-f",
                self.dir(node, "etc", f"{daemon}.conf"),
                "-i", os.path.join(run, f"{daemon}.pid"),
                "-z", os.path.join(run, "zserv.api"),
                "--vty_socket", run,
                "--log", "file:" + self.dir(node, f"{daemon}.log"),
                "-u", "frr", "-g", "frr"]
        if daemon == "zebra" and node == "vyos1" and self.vrf:
            argv.insert(1, "-n")   # VRFs are network namespaces here
            argv = self._private_netns_view(argv)
        return argv

    def _private_netns_view(self, argv):
        """Wrap zebra -n so that it sees only the VRF's namespace.

        zebra -n takes every entry of /run/netns for a VRF, reads its
        routes, and at start sweeps the routes FRR installed there as stale:
        it would delete the BGP routes of other labs (and of our own vgw and
        vyos2).  `ip netns exec` already gives the command a mount namespace
        of its own (slave of the host's), so a tmpfs on /run/netns holding
        one bind of PREFIX-blue is private to this zebra and vanishes with
        it.  The shell execs zebra: the recorded pid stays zebra's."""
        blue = self.vrf_name
        keep = self.dir("vyos1", "run", "vrf-netns")
        script = ('set -e; : > "$1"; mount --bind "/run/netns/$2" "$1"; '
                  'mount -t tmpfs -o mode=0755 netlab-netns /run/netns; '
                  ': > "/run/netns/$2"; mount --bind "$1" "/run/netns/$2"; '
                  'shift 2; exec "$@"')
        return ["/bin/sh", "-c", script, "netlab-zebra", keep, blue] + argv

    def _start_frr(self, node):
        run = self.vty_dir(node)
        for f in ("zserv.api", "zebra.vty", "bgpd.vty"):
            try:
                os.unlink(os.path.join(run, f))
            except FileNotFoundError:
                pass
        self._start(f"{node}/zebra", node, self._frr_argv(node, "zebra"))
        self._wait_for(lambda: os.path.exists(os.path.join(run, "zserv.api")),
                       10, f"zebra of {node} to open its socket",
                       key=f"{node}/zebra")
        self._start(f"{node}/bgpd", node, self._frr_argv(node, "bgpd"))
        self._wait_for(lambda: os.path.exists(os.path.join(run, "bgpd.vty")),
                       10, f"bgpd of {node} to open its vty",
                       key=f"{node}/bgpd")

    # ---- SSH ----------------------------------------------------------
    def _prepare_ssh(self):
        d = os.path.join(self.state_dir, "ssh")
        os.makedirs(d, exist_ok=True)
        os.chmod(d, 0o755)
        if not os.path.exists(self.client_key):
            _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                  f"netlab-{self.prefix}", "-f", self.client_key])
        os.chmod(self.client_key, 0o600)
        with open(self.client_key + ".pub") as f:
            pub = f.read()
        self._write(os.path.join(d, "authorized_keys"), pub, 0o644)
        entries = []
        for r in ROUTERS:
            key = self.host_key(r)
            if not os.path.exists(key):
                _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                      f"{r}-{self.prefix}", "-f", key])
            os.chmod(key, 0o600)
            with open(key + ".pub") as f:
                kt, kb = f.read().split()[:2]
            entries.append(f"{self.mgmt[r]} {kt} {kb}\n")
            entries.append(f"[{self.mgmt[r]}]:{ALT_SSH_PORT} {kt} {kb}\n")
        self._write(self.known_hosts, "".join(entries), 0o644)
        # sshd's privilege separation directory (Debian: /run/sshd).
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)

    def _sshd_conf(self, router):
        path = ":".join([self.dir(router, "bin"), "/usr/local/bin",
                         "/usr/bin", "/bin"])
        return "\n".join([
            f"ListenAddress {self.mgmt[router]}:22",
            f"ListenAddress {self.mgmt[router]}:{ALT_SSH_PORT}",
            f"HostKey {self.host_key(router)}",
            f"PidFile {self.dir(router, 'run', 'sshd.pid')}",
            "AuthorizedKeysFile " + os.path.join(self.state_dir, "ssh",
                                                 "authorized_keys"),
            f"AllowUsers {self.user}", "PermitRootLogin no",
            "PubkeyAuthentication yes", "PasswordAuthentication no",
            "KbdInteractiveAuthentication no", "UsePAM no",
            # The state directory lives in /tmp (group/other writable
            # parents): the lab accepts that, a router would not.
            "StrictModes no",
            "PrintMotd no", "PrintLastLog no", "X11Forwarding no",
            "AllowTcpForwarding no", "AllowAgentForwarding no",
            "UseDNS no", "MaxStartups 100:30:200", "LogLevel VERBOSE",
            f"SetEnv PATH={path}", ""])

    def _start_sshd(self, router):
        conf = self.dir(router, "etc", "sshd_config")
        self._write(conf, self._sshd_conf(router), 0o644)
        _run(["ip", "netns", "exec", self.ns[router], SSHD, "-t", "-f", conf])
        self._start(f"{router}/sshd", router,
                    [SSHD, "-D", "-f", conf, "-E",
                     self.dir(router, "sshd.log")])
        self._wait_for(lambda: self._listening(router, 22), 10,
                       f"sshd of {router} to listen", key=f"{router}/sshd")

    def _listening(self, node, port):
        cp = _run(["ip", "netns", "exec", self.ns[node], "ss", "-Hltn",
                   f"sport = :{port}"], check=False)
        return bool(cp.stdout.strip())

    # ---- waiting ------------------------------------------------------
    def _wait_for(self, cond, timeout, what, key=None):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if cond():
                return
            if key is not None and not self.alive(key):
                raise LabError(f"{key} died while waiting for {what}; see "
                               f"{self.procs.get(key, {}).get('out')}")
            time.sleep(0.1)
        raise LabError(f"timed out after {timeout} s waiting for {what}")

    def vtysh(self, node, *commands, timeout=CALL_TIMEOUT, check=True):
        """vtysh -c ... on node's daemons; bounded (vtysh hangs on a frozen
        daemon).  Returns stdout; raises LabError on failure or timeout."""
        argv = [VTYSH, "--vty_socket", self.vty_dir(node), "--config_dir",
                self.dir(node, "vtysh")]
        for c in commands:
            argv += ["-c", c]
        return _run(argv, timeout=timeout, check=check).stdout

    def vtysh_json(self, node, command, timeout=CALL_TIMEOUT):
        out = self.vtysh(node, command, timeout=timeout)
        try:
            return json.loads(out)
        except ValueError as e:
            raise LabError(f"{node}: '{command}' did not answer JSON: "
                           f"{out[:200]!r}") from e

    def sessions(self, node, afi="ipv4", vrf=None):
        """{neighbor: state} of node's BGP sessions."""
        cmd = "show bgp"
        if vrf:
            cmd += f" vrf {vrf}"
        cmd += f" {afi} unicast summary json"
        data = self.vtysh_json(node, cmd)
        peers = data.get("peers", {})
        return {a: p.get("state", "?") for a, p in peers.items()}

    def bestpath(self, prefix=HOME_NET):
        """Which router the VGW prefers for prefix: 'vyos1', 'vyos2' or None."""
        afi = "ipv6" if ":" in prefix else "ipv4"
        try:
            data = self.vtysh_json("vgw", f"show bgp {afi} unicast {prefix} "
                                   "json", timeout=3)
        except LabError:
            return None
        for path in data.get("paths", []):
            if path.get("bestpath", {}).get("overall"):
                return self.peer_router(path.get("peer", {}).get("peerId"))
        return None

    def paths(self, prefix=HOME_NET):
        """[(router, as-path string, best)] the VGW holds for prefix."""
        afi = "ipv6" if ":" in prefix else "ipv4"
        data = self.vtysh_json("vgw", f"show bgp {afi} unicast {prefix} json",
                               timeout=3)
        return [(self.peer_router(p.get("peer", {}).get("peerId")),
                 p.get("aspath", {}).get("string", ""),
                 bool(p.get("bestpath", {}).get("overall")))
                for p in data.get("paths", [])]

    def converged(self):
        """Every session Established and the VGW's best path via vyos1,
        with vyos2's (prepended) paths present as the alternative."""
        try:
            for r in ROUTERS:
                s = self.sessions(r)
                if len(s) < 2 or any(v != "Established" for v in s.values()):
                    return False
                if self.ipv6:
                    s = self.sessions(r, "ipv6")
                    if not s or any(v != "Established" for v in s.values()):
                        return False
            if self.vrf:
                s = self.sessions("vyos1", vrf=self.vrf_name)
                if not s or any(v != "Established" for v in s.values()):
                    return False
            paths = self.paths()
            if self.bestpath() != "vyos1":
                return False
            if sum(1 for r, _a, _b in paths if r == "vyos2") < 2:
                return False
            if self.ipv6 and self.bestpath(HOME_NET6) != "vyos1":
                return False
        except LabError:
            return False
        return True

    def wait_converged(self, timeout=60):
        self._wait_for(self.converged, timeout,
                       "BGP to converge (VGW best path via vyos1)")

    # ---- up -----------------------------------------------------------
    def up(self, timeout=60):
        why = self.preflight()
        if why:
            raise LabError(f"cannot run the lab: {why}")
        old = Lab.load(self.state_dir, log=self.log) if os.path.exists(
            self.state_file) else None
        if old is not None and old.prefix == self.prefix:
            old.cleanup()
        self.cleanup()
        os.makedirs(self.state_dir, exist_ok=True)
        os.chmod(self.state_dir, 0o755)
        self._check_searchable()
        self.save()
        t0 = time.monotonic()
        try:
            self._ensure_user()
            self._netns()
            self._network()
            for node in ("vgw",) + ROUTERS:
                self._prepare_node(node)
            self._prepare_ssh()
            for node in ("vgw",) + ROUTERS:
                self._start_frr(node)
            for r in ROUTERS:
                self._start_sshd(r)
            self.wait_converged(timeout)
        except BaseException:
            self.cleanup()
            raise
        self.log(f"lab {self.prefix} up in {time.monotonic() - t0:.1f} s "
                 f"(state in {self.state_dir})")

    # ---- failure injection -------------------------------------------
    def _router(self, router):
        if router not in ROUTERS:
            raise LabError(f"unknown router '{router}' (vyos1 or vyos2)")
        return router

    def kill(self, router, drop=True):
        """As an instance failure looks from AWS: bgpd and zebra die at
        once (SIGKILL) and, with drop, the router's traffic is dropped."""
        self._router(router)
        if drop:
            self.drop(router)
        for key in self._daemon_keys(router, with_sshd=False):
            if self.alive(key):
                os.kill(self.procs[key]["pid"], signal.SIGKILL)
                p = self._popen.get(key)
                if p is not None:
                    p.wait(timeout=2)
        self.log(f"{router}: daemons killed" + (", traffic dropped"
                                                if drop else ""))

    def freeze(self, router):
        """SIGSTOP the router's daemons (zebra, bgpd, sshd): it hangs."""
        self._router(router)
        for key in self._daemon_keys(router):
            if self.alive(key):
                os.kill(self.procs[key]["pid"], signal.SIGSTOP)
        if router not in self.frozen:
            self.frozen.append(router)
        self.save()
        self.log(f"{router}: frozen")

    def thaw(self, router):
        self._router(router)
        for key in self._daemon_keys(router):
            if self.alive(key):
                os.kill(self.procs[key]["pid"], signal.SIGCONT)
        if router in self.frozen:
            self.frozen.remove(router)
        self.save()
        self.log(f"{router}: thawed")

    def _nft_table(self):
        return f"{self.prefix}_drop"

    def drop(self, router):
        """Drop all the router's traffic but loopback (nftables)."""
        ns, t = self.ns[self._router(router)], self._nft_table()
        rules = (f"table inet {t} {{\n"
                 " chain in { type filter hook input priority -10; "
                 "policy accept; iifname != \"lo\" drop; }\n"
                 " chain out { type filter hook output priority -10; "
                 "policy accept; oifname != \"lo\" drop; }\n}\n")
        self.undrop(router)
        _run(["ip", "netns", "exec", ns, "nft", "-f", "-"], input=rules)
        self.log(f"{router}: traffic dropped (nft table {t})")

    def undrop(self, router):
        ns = self.ns[self._router(router)]
        _run(["ip", "netns", "exec", ns, "nft", "delete", "table", "inet",
              self._nft_table()], check=False)

    def cut(self, router, tunnel, up=False):
        """Set the router's side of tunnel 1 or 2 down (or up again)."""
        self._router(router)
        if tunnel not in (1, 2):
            raise LabError(f"tunnel must be 1 or 2, not {tunnel}")
        _run(["ip", "-n", self.ns[router], "link", "set", f"tun{tunnel}",
              "up" if up else "down"])
        self.log(f"{router}: tunnel {tunnel} {'up' if up else 'down'}")

    def shutdown(self, router, neighbor, on=True):
        """Administratively shut down (or re-enable) one BGP neighbour."""
        self._router(router)
        self.vtysh(router, "configure terminal", f"router bgp {LOCAL_AS}",
                   f"{'' if on else 'no '}neighbor {neighbor} shutdown")
        self.log(f"{router}: neighbor {neighbor} "
                 f"{'shutdown' if on else 'enabled'}")

    def prepend(self, on=True):
        """Remove (on=False) or put back the standby's prepend, live, and
        re-advertise (soft out), as an operator's mistake would."""
        self.vtysh("vyos2", "configure terminal",
                   f"route-map {ROUTE_MAP} permit 10",
                   (f"set as-path prepend {PREPEND}" if on
                    else "no set as-path prepend"),
                   "end", "clear bgp ipv4 unicast * soft out",
                   *(["clear bgp ipv6 unicast * soft out"]
                     if self.ipv6 else []))
        self.log(f"vyos2: prepend {'restored' if on else 'removed'}")

    def router_ready(self, router):
        """router's sessions are all Established and the VGW holds its
        paths to 172.31.0.0/16 again."""
        try:
            for afi in ("ipv4", "ipv6") if self.ipv6 else ("ipv4",):
                s = self.sessions(router, afi)
                if not s or any(v != "Established" for v in s.values()):
                    return False
            return sum(1 for r, _a, _b in self.paths() if r == router) >= 2
        except LabError:
            return False

    def restore(self, router, wait=30):
        """Undo every failure injected on router, restart what is dead, and
        (wait > 0) wait until its sessions are back and the VGW has its
        paths again."""
        self._router(router)
        self.thaw(router)
        self.undrop(router)
        for t in (1, 2):
            self.cut(router, t, up=True)
        dead = [k for k in self._daemon_keys(router, with_sshd=False)
                if not self.alive(k)]
        if dead:
            self._stop(self._daemon_keys(router, with_sshd=False))
            self._start_frr(router)
        if not self.alive(f"{router}/sshd"):
            self._stop([f"{router}/sshd"])
            self._start_sshd(router)
        for addr in self.neighbors(router) + self.neighbors(router, "ipv6"):
            self.vtysh(router, "configure terminal", f"router bgp {LOCAL_AS}",
                       f"no neighbor {addr} shutdown", check=False)
        if router == "vyos2":
            self.prepend(True)
        self.save()
        if wait:
            self._wait_for(lambda: self.router_ready(router), wait,
                           f"{router} to be back in the VGW's table")
        self.log(f"{router}: restored")

    def status(self):
        out = {"prefix": self.prefix, "state_dir": self.state_dir,
               "namespaces": {k: v for k, v in self.ns.items()
                              if _netns_exists(v)},
               "processes": {k: ("running" if self.alive(k) else "dead")
                             for k in sorted(self.procs)},
               "frozen": self.frozen}
        sess = {}
        for r in ROUTERS:
            if r in self.frozen:
                sess[r] = "frozen"
                continue
            try:
                sess[r] = self.sessions(r)
                if self.ipv6:
                    sess[r].update(self.sessions(r, "ipv6"))
            except LabError as e:
                sess[r] = f"unavailable: {e}"
        out["sessions"] = sess
        out["bestpath"] = {HOME_NET: self.bestpath()}
        if self.ipv6:
            out["bestpath"][HOME_NET6] = self.bestpath(HOME_NET6)
        return out


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Network lab for vyos-ha-plugins: VGW, vyos1, vyos2 and "
        "a monitoring namespace, with FRR and sshd.")
    ap.add_argument("--prefix", default=None,
                    help="namespace prefix (default: vha, or the state's)")
    ap.add_argument("--state-dir", default=None,
                    help="where configs, keys, logs and lab.json live "
                    "(default: /tmp/netlab-PREFIX)")
    ap.add_argument("-q", "--quiet", action="store_true")
    sub = ap.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("up", help="build the lab and wait for convergence")
    up.add_argument("--no-vrf", action="store_true")
    up.add_argument("--no-ipv6", action="store_true")
    up.add_argument("--user", default="vyos")
    up.add_argument("--timeout", type=float, default=60)
    sub.add_parser("down", help="stop everything, remove the namespaces")
    sub.add_parser("status", help="processes, sessions, best path (JSON)")
    bp = sub.add_parser("bestpath", help="vyos1 or vyos2: what the VGW "
                        "prefers for 172.31.0.0/16")
    bp.add_argument("route", nargs="?", default=HOME_NET)
    for name, hlp in (("kill", "SIGKILL bgpd+zebra and drop traffic"),
                      ("freeze", "SIGSTOP zebra, bgpd, sshd"),
                      ("thaw", "SIGCONT what freeze stopped"),
                      ("drop", "drop all traffic (nftables)"),
                      ("undrop", "stop dropping"),
                      ("restore", "undo every failure, restart daemons")):
        sp = sub.add_parser(name, help=hlp)
        sp.add_argument("router", choices=ROUTERS)
    for name in ("cut", "uncut"):
        sp = sub.add_parser(name, help="tunnel link down / up")
        sp.add_argument("router", choices=ROUTERS)
        sp.add_argument("tunnel", type=int, choices=(1, 2))
    for name in ("shutdown", "noshutdown"):
        sp = sub.add_parser(name, help="BGP neighbour admin shutdown / undo")
        sp.add_argument("router", choices=ROUTERS)
        sp.add_argument("neighbor")
    sp = sub.add_parser("prepend", help="remove / restore vyos2's prepend")
    sp.add_argument("onoff", choices=("on", "off"))
    sp = sub.add_parser("vtysh", help="run vtysh -c on a node")
    sp.add_argument("node", choices=("vgw",) + ROUTERS)
    sp.add_argument("command", nargs="+")
    a = ap.parse_args(argv)

    def log(msg):
        if not a.quiet:
            print(f"netlab: {msg}", file=sys.stderr)

    prefix = a.prefix
    state_dir = a.state_dir or f"/tmp/netlab-{prefix or 'vha'}"
    try:
        if a.cmd == "up":
            # Killed while building (SIGTERM): leave nothing behind either.
            signal.signal(signal.SIGTERM, _raise_interrupt)
            lab = Lab(prefix or "vha", state_dir, user=a.user,
                      vrf=not a.no_vrf, ipv6=not a.no_ipv6, log=log)
            try:
                lab.up(a.timeout)
            except KeyboardInterrupt:
                lab.cleanup()
                return 130
            return 0
        lab = Lab.load(state_dir, prefix, log=log)
        if a.cmd == "down":
            lab.down()
        elif a.cmd == "status":
            print(json.dumps(lab.status(), indent=1))
        elif a.cmd == "bestpath":
            print(lab.bestpath(a.route) or "none")
        elif a.cmd in ("kill", "freeze", "thaw", "drop", "undrop",
                       "restore"):
            getattr(lab, a.cmd)(a.router)
        elif a.cmd in ("cut", "uncut"):
            lab.cut(a.router, a.tunnel, up=a.cmd == "uncut")
        elif a.cmd in ("shutdown", "noshutdown"):
            lab.shutdown(a.router, a.neighbor, on=a.cmd == "shutdown")
        elif a.cmd == "prepend":
            lab.prepend(a.onoff == "on")
        elif a.cmd == "vtysh":
            sys.stdout.write(lab.vtysh(a.node, *a.command))
        lab.save() if os.path.isdir(lab.state_dir) else None
    except LabError as e:
        print(f"netlab: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
