#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""ICMP echo responder for tests: answers IPv4 echo requests after DELAY
seconds, COPIES times each (2 = duplicates).  Run it in a network namespace
with net.ipv4.icmp_echo_ignore_all=1 so the kernel does not answer first.
Needs a raw socket (root or cap_net_raw).  Prints "ready" once listening.

usage: echo_responder.py DELAY_SECONDS [COPIES]
"""
import heapq
import select
import socket
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def main():
    delay = float(sys.argv[1])
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    pending = []  # (due, order, packet, address)
    order = 0
    print("ready", flush=True)
    while True:
        timeout = None
        if pending:
            timeout = max(0.0, pending[0][0] - time.monotonic())
        readable, _, _ = select.select([sock], [], [], timeout)
        if readable:
            data, addr = sock.recvfrom(65535)
            ihl = (data[0] & 0x0F) * 4
            icmp = bytearray(data[ihl:])
            if len(icmp) >= 8 and icmp[0] == 8 and icmp[1] == 0:
                icmp[0] = 0
                icmp[2:4] = b"\0\0"
                icmp[2:4] = struct.pack("!H", checksum(bytes(icmp)))
                due = time.monotonic() + delay
                for _ in range(copies):
                    order += 1
                    heapq.heappush(pending, (due, order, bytes(icmp), addr[0]))
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, pkt, host = heapq.heappop(pending)
            sock.sendto(pkt, (host, 0))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
