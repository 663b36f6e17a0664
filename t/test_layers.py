#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The architecture's rules, checked on the sources (README: Architecture).

- An include in lib/ points to its own folder or one below it:
  core < io < aws < ec2 < {bgp, failover, probe} < plugin; the three
  siblings never include each other.
- Only lib/plugin/ exits or writes to stdout.
- Programs (plugins/, handlers/) stay under 250 lines each.
- Every C source and header names its licence (SPDX line).
"""
import os
import re
import sys
import unittest

TOP = os.environ.get("top_srcdir") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
LIB = os.path.join(TOP, "lib")
RANK = {"core": 0, "io": 1, "aws": 2, "ec2": 3, "bgp": 4, "failover": 4, "probe": 4, "plugin": 5}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z0-9_]+)/[^"]+"', re.M)
# exit()/_exit() in a forked child before exec is how a child ends, not a
# program's exit: allowed; anything writing to stdout is not.
STDOUT = re.compile(r'\b(?:printf|puts|putchar|vprintf)\s*\(|\bstdout\b|(?<![_a-z])exit\s*\(')


def sources(folder):
    for root, _, files in os.walk(folder):
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                yield os.path.join(root, f)


def read(path):
    with open(path) as f:
        return f.read()


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', text)


class Layers(unittest.TestCase):
    def test_folders_known(self):
        found = {d for d in os.listdir(LIB) if os.path.isdir(os.path.join(LIB, d))}
        self.assertEqual(found, set(RANK), "lib/ folders and the rank table differ")

    def test_includes_point_down(self):
        bad = []
        for folder, rank in RANK.items():
            for path in sources(os.path.join(LIB, folder)):
                for inc in INCLUDE.findall(read(path)):
                    if inc == folder:
                        continue
                    if inc not in RANK or RANK[inc] >= rank:
                        bad.append(f"{os.path.relpath(path, TOP)} includes {inc}/")
        self.assertEqual(bad, [])

    def test_only_the_runtime_prints_or_exits(self):
        bad = []
        for folder in RANK:
            if folder == "plugin":
                continue
            for path in sources(os.path.join(LIB, folder)):
                for n, line in enumerate(strip_comments(read(path)).splitlines(), 1):
                    if STDOUT.search(line):
                        bad.append(f"{os.path.relpath(path, TOP)}:{n}: {line.strip()}")
        self.assertEqual(bad, [])

    def test_programs_are_small(self):
        big = []
        for d in ("plugins", "handlers"):
            for path in sources(os.path.join(TOP, d)):
                n = read(path).count("\n")
                if n >= 250:
                    big.append(f"{os.path.relpath(path, TOP)}: {n} lines")
        self.assertEqual(big, [])

    def test_licence_line(self):
        missing = [os.path.relpath(path, TOP)
                   for d in ("lib", "plugins", "handlers", "tools", "t")
                   for path in sources(os.path.join(TOP, d))
                   if "SPDX-License-Identifier: ISC" not in read(path)[:300]]
        self.assertEqual(missing, [])

    def test_rules_catch_a_violation(self):
        # The checks must be able to fail: a sample of each mistake.
        self.assertTrue(STDOUT.search('\tprintf("x");'))
        self.assertTrue(STDOUT.search("\texit(3);"))
        self.assertFalse(STDOUT.search("\t_exit(127);"))
        self.assertEqual(INCLUDE.findall('#include "plugin/plugin.h"'), ["plugin"])


if __name__ == "__main__":
    sys.exit(0 if unittest.main(exit=False).result.wasSuccessful() else 1)
