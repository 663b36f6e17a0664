# SPDX-License-Identifier: ISC
"""Shared bits of the Python integration tests: where the source and build
trees are, the moto prerequisite (missing: a hard error unless
VHA_SKIP_EC2=1), and a unittest runner that ends with the
"N passed, N failed, N skipped" line and automake's exit codes
(0 pass, 1 fail, 77 skip, 99 hard error)."""
import os
import sys
import unittest

TOP = os.environ.get("top_srcdir") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("top_builddir") or TOP
if os.path.join(TOP, "t") not in sys.path:
    sys.path.insert(0, os.path.join(TOP, "t"))


# How to get the EC2 endpoint when it is missing (see t/run).
EC2_HOW = ("give the tests a Python with moto[server]: t/run makes _venv, or "
           "make check PYTHON3=/a/python/with/moto; VHA_SKIP_EC2=1 skips the "
           "EC2 tests instead")


def no_ec2(why):
    """The EC2 endpoint cannot be had: a hard error (exit 99) saying how to
    provide it, or a skip (77) when VHA_SKIP_EC2=1 asks for one, so that a
    missing moto never passes the suite silently."""
    if os.environ.get("VHA_SKIP_EC2") == "1":
        print(f"SKIP: {why} (VHA_SKIP_EC2=1)")
        sys.exit(77)
    print(f"ERROR: {why}: {EC2_HOW}")
    sys.exit(99)


def need_moto():
    """Return when moto's server can be imported; else see no_ec2()."""
    try:
        import moto.server  # noqa: F401
    except ImportError as e:
        no_ec2(f"moto[server] is not importable by {sys.executable} ({e})")


def main():
    """Run the calling module's tests; exit 0 on success, 1 on failure."""
    prog = unittest.main(module="__main__", exit=False, verbosity=2)
    res = prog.result
    # A test with failing subtests counts once.
    failed = len({id(getattr(t, "test_case", t))
                  for t, _ in res.failures + res.errors})
    print(f"{res.testsRun - failed - len(res.skipped)} passed, {failed} "
          f"failed, {len(res.skipped)} skipped")
    sys.exit(0 if res.wasSuccessful() else 1)
