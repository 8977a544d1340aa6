#!/usr/bin/env python3
"""The floor for the PC/SC round-trip benchmark: a card side of the vpcd protocol that does nothing.

It connects to vpcd, answers GET ATR with a fixed ATR, ignores power on/off/reset, and answers every
APDU with 9000 at once (TCP_NODELAY, length and payload in one send). Whatever a real card side costs
above this figure is its own.

usage: vpcd_floor.py [--host 127.0.0.1] [--port 35963]
"""
import argparse
import signal
import socket
import struct
import sys

ATR = bytes.fromhex("3B808131FE458B")  # TS T0 TD1 TD2 TA3 TB3 TCK: T=1, no historical bytes


def recv_exactly(sock, count):
    data = bytearray()
    while len(data) < count:
        # vpcd writes the length and the APDU in two sends without TCP_NODELAY: its Nagle holds the APDU until
        # the length is acknowledged, so acknowledge at once instead of after the delayed-ACK timer (about 40 ms).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("vpcd closed the link")
        data += chunk
    return bytes(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=35963)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    sock = socket.create_connection((args.host, args.port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    ok = struct.pack("!H", 2) + b"\x90\x00"
    atr = struct.pack("!H", len(ATR)) + ATR
    try:
        while True:
            (length,) = struct.unpack("!H", recv_exactly(sock, 2))
            payload = recv_exactly(sock, length) if length else b""
            if length == 1:
                if payload[0] == 4:
                    sock.sendall(atr)
            elif length > 1:
                sock.sendall(ok)
    except (ConnectionError, KeyboardInterrupt):
        pass


if __name__ == "__main__":
    main()
