namespace CardOS.Tests.Reader;

/// <summary>
/// APDU vectors with their answers on a fresh diagnostic card (cardos serve --card diagnostic), in order: the same
/// bytes must come back in-process, through vpcd, and through pcscd with any PC/SC client.
/// </summary>
public static class GoldenVectors
{
    /// <summary>(command, expected response) pairs, run in this order on one fresh card.</summary>
    public static IReadOnlyList<(string Command, string Response)> Diagnostic { get; } =
    [
        ("00A4040005F000000000", "6A82"),                          // SELECT an AID nobody installed
        ("00A4040008F0436172644F5344", "9000"),                    // SELECT the diagnostic applet
        ("801000000401020304", "6104"),                            // ECHO, case 3: the answer waits behind 61xx
        ("00C0000004", "010203049000"),                            // GET RESPONSE
        ("80100000030A0B0C03", "0A0B0C9000"),                      // ECHO, case 4
        ("80120010", "6110"),                                      // PATTERN 16 bytes, case 1: 61xx
        ("00C0000010", "000102030405060708090A0B0C0D0E0F9000"),    // GET RESPONSE
        ("8012001000", "000102030405060708090A0B0C0D0E0F9000"),    // PATTERN 16 bytes, Le 256
        ("8014000000", "000000019000"),                            // INCREMENT
        ("8014000000", "000000029000"),                            // INCREMENT again
        ("80FF000000", "6D00"),                                    // unknown INS
        ("0010000000", "6E00"),                                    // interindustry CLA to the applet
        ("0070000001", "019000"),                                  // MANAGE CHANNEL open: channel 1
        ("01A4040008F0436172644F5344", "6985"),                    // SELECT on channel 1: selected on 0, not multi-selectable
        ("0070800100", "9000"),                                    // MANAGE CHANNEL close channel 1
        ("01A4040008F0436172644F5344", "6881"),                    // the closed channel
        ("00A4", "6700"),                                          // too short
        ("FF00000000", "6E00"),                                    // CLA FF
        ("80120100", "6100"),                                      // PATTERN 256 bytes, no Le: 6100
    ];
}
