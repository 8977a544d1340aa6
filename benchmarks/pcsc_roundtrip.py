#!/usr/bin/python3
"""Measures the median round trip of one command APDU through pcscd, with pyscard as the terminal.

Waits (up to --wait seconds) for a card in each reader, sends --warmup commands to each, then times --count of them
per reader one by one, taking the readers in turn (so that both card sides see the same machine load), and prints
one line per reader: "median_us <value> <count> <first response> <reader>".

usage: /usr/bin/python3 pcsc_roundtrip.py [--reader "Virtual PCD 00 00" ...] [--count 2000] [--apdu HEX]
"""
import argparse
import statistics
import sys
import time

from smartcard.scard import (SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1, SCARD_S_SUCCESS, SCARD_SCOPE_SYSTEM,
                             SCARD_SHARE_SHARED, SCARD_STATE_PRESENT, SCARD_STATE_MUTE, SCARD_STATE_UNAWARE,
                             SCardConnect, SCardEstablishContext, SCardGetStatusChange, SCardReleaseContext,
                             SCardTransmit, SCardDisconnect, SCARD_LEAVE_CARD, SCARD_PCI_T0, SCARD_PCI_T1)


def wait_for_card(context, reader, seconds):
    deadline = time.monotonic() + seconds
    state = SCARD_STATE_UNAWARE
    while True:
        remaining = int(max(0, deadline - time.monotonic()) * 1000)
        rv, states = SCardGetStatusChange(context, remaining, [(reader, state)])
        if rv == SCARD_S_SUCCESS:
            _, state, _ = states[0]
            if state & SCARD_STATE_PRESENT and not state & SCARD_STATE_MUTE:
                return
        if time.monotonic() >= deadline:
            sys.exit(f"no card in {reader!r} after {seconds} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reader", action="append", help='default: "Virtual PCD 00 00"; repeat to interleave readers')
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--wait", type=float, default=20.0)
    parser.add_argument("--apdu", default="00A4040008F0436172644F5344", help="the command; default: SELECT by AID")
    args = parser.parse_args()
    readers = args.reader or ["Virtual PCD 00 00"]
    apdu = list(bytes.fromhex(args.apdu))

    rv, context = SCardEstablishContext(SCARD_SCOPE_SYSTEM)
    if rv != SCARD_S_SUCCESS:
        sys.exit("cannot reach pcscd")
    cards = []
    for reader in readers:
        wait_for_card(context, reader, args.wait)
        rv, card, protocol = SCardConnect(context, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
        if rv != SCARD_S_SUCCESS:
            sys.exit(f"cannot connect to {reader!r}: {rv:#x}")
        cards.append((reader, card, SCARD_PCI_T0 if protocol == SCARD_PROTOCOL_T0 else SCARD_PCI_T1))

    first = {}
    times = {reader: [] for reader in readers}
    for round_ in range(args.warmup + args.count):
        for reader, card, pci in cards:
            start = time.perf_counter_ns()
            rv, response = SCardTransmit(card, pci, apdu)
            elapsed = time.perf_counter_ns() - start
            if rv != SCARD_S_SUCCESS:
                sys.exit(f"transmit to {reader!r} failed: {rv:#x}")
            first.setdefault(reader, bytes(response).hex().upper())
            if round_ >= args.warmup:
                times[reader].append(elapsed)

    for reader, card, _ in cards:
        SCardDisconnect(card, SCARD_LEAVE_CARD)
        print(f"median_us {statistics.median(times[reader]) / 1000:.1f} {args.count} {first[reader]} {reader}")
    SCardReleaseContext(context)


if __name__ == "__main__":
    main()
