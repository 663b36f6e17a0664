# SPDX-License-Identifier: ISC
"""Run Python code inside a network namespace, without a subprocess.

A network namespace belongs to a thread, not to a process: setns(2) in a
worker thread moves only that thread, and every socket it opens stays in the
namespace for its whole life.  The lab's orchestrator stays in the root
namespace (where `ip netns ...` and the build live) and talks to the services
on `mon`'s loopback (Icinga 2's API, the EC2 endpoint) through such threads.
"""
import concurrent.futures
import ctypes
import os
import threading

_CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def enter(name):
    """Move the calling thread into network namespace `name`."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY | os.O_CLOEXEC)
    try:
        if _libc.setns(fd, _CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns({name}): {os.strerror(err)}")
    finally:
        os.close(fd)


def executor(name, workers=2):
    """A thread pool whose threads all live in namespace `name`."""
    return concurrent.futures.ThreadPoolExecutor(
        max_workers=workers, thread_name_prefix=f"netns-{name}",
        initializer=enter, initargs=(name,))


def thread(name, target, *args, **kwargs):
    """Start a daemon thread that runs target(*args) inside namespace `name`."""
    def run():
        enter(name)
        target(*args, **kwargs)
    t = threading.Thread(target=run, daemon=True, name=f"netns-{name}")
    t.start()
    return t


def call(name, fn, *args, **kwargs):
    """fn(*args) in namespace `name`, in a short-lived thread; returns its value."""
    with executor(name, 1) as ex:
        return ex.submit(fn, *args, **kwargs).result()
