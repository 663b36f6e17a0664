#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""TCP server for SSH banner tests.  Listens on ADDR port 0 (the kernel picks
a free port), prints the port, then for each connection sends TEXT followed
by CR LF and keeps the connection open a moment, or sends nothing when TEXT
is "-" (a hung daemon).

usage: banner_server.py ADDR TEXT
"""
import socket
import sys
import threading
import time


def serve(conn, text):
    try:
        if text != "-":
            conn.sendall(text.encode() + b"\r\n")
        time.sleep(5)
    finally:
        conn.close()


def main():
    addr, text = sys.argv[1], sys.argv[2]
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, 0))
    srv.listen(16)
    print(srv.getsockname()[1], flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn, text), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
