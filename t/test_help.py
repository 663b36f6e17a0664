#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Every program's --help, -V and man page, as an operator meets them.

--help and -V exit 0 on stdout, --help within 80 columns and naming the
licence and where to report bugs; the man page built from the same doc
source renders with man(1) without warnings and lists every long option
that --help lists; an unknown option is one UNKNOWN line, exit 3.
"""
import os
import re
import subprocess
import sys
import unittest

BUILD = os.environ.get("top_builddir") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "_build")
PROGRAMS = ["plugins/check_vyos_alive", "plugins/check_vyos_bgp",
            "plugins/check_vyos_aspath", "plugins/check_ec2_route",
            "handlers/handle_route_failover"]


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, **kw)


class Help(unittest.TestCase):
    def test_help(self):
        for prog in PROGRAMS:
            with self.subTest(prog=prog):
                r = run([os.path.join(BUILD, prog), "--help"])
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stderr, "")
                wide = [line for line in r.stdout.splitlines() if len(line) > 80]
                self.assertEqual(wide, [], "--help wider than 80 columns")
                self.assertIn("License: ISC.", r.stdout)
                self.assertIn("Report bugs to: ", r.stdout)

    def test_version(self):
        for prog in PROGRAMS:
            with self.subTest(prog=prog):
                r = run([os.path.join(BUILD, prog), "-V"])
                self.assertEqual(r.returncode, 0)
                name = os.path.basename(prog)
                self.assertRegex(r.stdout, rf"^{name} \d+\.\d+\.\d+ \(vyos-ha-plugins\)\n")
                self.assertIn("License: ISC.", r.stdout)

    def test_bad_option(self):
        for prog in PROGRAMS:
            with self.subTest(prog=prog):
                r = run([os.path.join(BUILD, prog), "--no-such-option"])
                self.assertEqual(r.returncode, 3)
                self.assertEqual(len(r.stdout.splitlines()), 1, r.stdout)
                self.assertRegex(r.stdout, r"^[A-Z]+ UNKNOWN - ")

    def test_man_pages(self):
        env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8", MAN_KEEP_STDERR="1")
        for prog in PROGRAMS:
            name = os.path.basename(prog)
            with self.subTest(prog=name):
                page = os.path.join(BUILD, "man", name + ".1")
                self.assertTrue(os.path.exists(page), page)
                r = run(["man", "--warnings", "-l", page], env=env)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stderr.strip(), "", "man warnings")
                text = re.sub(r".\x08", "", r.stdout)
                helptext = run([os.path.join(BUILD, prog), "--help"]).stdout
                for opt in sorted(set(re.findall(r"--[a-z][a-z0-9-]+", helptext))):
                    self.assertIn(opt, text, f"{opt} in --help but not in the man page")


if __name__ == "__main__":
    sys.exit(0 if unittest.main(exit=False).result.wasSuccessful() else 1)
