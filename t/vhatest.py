# SPDX-License-Identifier: ISC
"""Shared bits of the Python integration tests: where the source and build
trees are, the moto prerequisite, and a unittest runner that ends with the
"N passed, N failed, N skipped" line and automake's exit codes
(0 pass, 1 fail, 77 skip)."""
import os
import sys
import unittest

TOP = os.environ.get("top_srcdir") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("top_builddir") or TOP
if os.path.join(TOP, "t") not in sys.path:
    sys.path.insert(0, os.path.join(TOP, "t"))


def need_moto():
    """Exit 77 (skip) when moto's server is not installed."""
    try:
        import moto.server  # noqa: F401
    except ImportError as e:
        print(f"SKIP: moto is not installed ({e})")
        sys.exit(77)


def main():
    """Run the calling module's tests; exit 0 on success, 1 on failure."""
    prog = unittest.main(module="__main__", exit=False, verbosity=2)
    res = prog.result
    failed = len(res.failures) + len(res.errors)
    print(f"{res.testsRun - failed - len(res.skipped)} passed, {failed} "
          f"failed, {len(res.skipped)} skipped")
    sys.exit(0 if res.wasSuccessful() else 1)
