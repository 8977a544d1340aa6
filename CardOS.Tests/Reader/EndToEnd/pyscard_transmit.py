#!/usr/bin/python3
"""A terminal nobody here wrote: pyscard sends each hex APDU read from stdin to the card in the reader named in
argv[1] and prints each response as hex, one line each."""
import sys

from smartcard.System import readers
from smartcard.util import toBytes, toHexString

reader = next(r for r in readers() if str(r) == sys.argv[1])
connection = reader.createConnection()
connection.connect()
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    data, sw1, sw2 = connection.transmit(toBytes(line))
    print(toHexString(data + [sw1, sw2], format=1))  # PACK: no spaces
connection.disconnect()
