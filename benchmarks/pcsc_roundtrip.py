#!/usr/bin/python3
"""Measures the median round trip of one command APDU through pcscd, with pyscard as the terminal.

Waits (up to --wait seconds) for a card in the reader, sends --warmup commands, then times --count of them one by
one and prints the median in microseconds on the last line: "median_us <value> <count> <first response>".

usage: /usr/bin/python3 pcsc_roundtrip.py [--reader "Virtual PCD 00 00"] [--count 2000] [--apdu HEX]
"""
import argparse
import statistics
import sys
import time

from smartcard.scard import (SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1, SCARD_S_SUCCESS, SCARD_SCOPE_SYSTEM,
                             SCARD_SHARE_SHARED, SCARD_STATE_PRESENT, SCARD_STATE_MUTE, SCARD_STATE_UNAWARE,
                             SCardConnect, SCardEstablishContext, SCardGetStatusChange, SCardReleaseContext,
                             SCardTransmit, SCardDisconnect, SCARD_LEAVE_CARD, SCARD_PCI_T0, SCARD_PCI_T1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reader", default="Virtual PCD 00 00")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--wait", type=float, default=20.0)
    parser.add_argument("--apdu", default="00A4040008F0436172644F5344", help="the command; default: SELECT by AID")
    args = parser.parse_args()
    apdu = list(bytes.fromhex(args.apdu))

    rv, context = SCardEstablishContext(SCARD_SCOPE_SYSTEM)
    if rv != SCARD_S_SUCCESS:
        sys.exit("cannot reach pcscd")
    deadline = time.monotonic() + args.wait
    state = SCARD_STATE_UNAWARE
    while True:
        remaining = int(max(0, deadline - time.monotonic()) * 1000)
        rv, states = SCardGetStatusChange(context, remaining, [(args.reader, state)])
        if rv == SCARD_S_SUCCESS:
            _, state, _ = states[0]
            if state & SCARD_STATE_PRESENT and not state & SCARD_STATE_MUTE:
                break
        if time.monotonic() >= deadline:
            sys.exit(f"no card in {args.reader!r} after {args.wait} s")

    rv, card, protocol = SCardConnect(context, args.reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
    if rv != SCARD_S_SUCCESS:
        sys.exit(f"cannot connect: {rv:#x}")
    pci = SCARD_PCI_T0 if protocol == SCARD_PROTOCOL_T0 else SCARD_PCI_T1

    first = None
    for _ in range(args.warmup):
        rv, response = SCardTransmit(card, pci, apdu)
        if rv != SCARD_S_SUCCESS:
            sys.exit(f"transmit failed: {rv:#x}")
        first = first or bytes(response).hex().upper()

    times = []
    for _ in range(args.count):
        start = time.perf_counter_ns()
        rv, response = SCardTransmit(card, pci, apdu)
        times.append(time.perf_counter_ns() - start)
        if rv != SCARD_S_SUCCESS:
            sys.exit(f"transmit failed: {rv:#x}")
        first = first or bytes(response).hex().upper()

    SCardDisconnect(card, SCARD_LEAVE_CARD)
    SCardReleaseContext(context)
    print(f"median_us {statistics.median(times) / 1000:.1f} {args.count} {first}")


if __name__ == "__main__":
    main()
