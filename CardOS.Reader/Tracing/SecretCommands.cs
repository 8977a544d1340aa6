using System.Collections.Frozen;
using CardOS.Apdu;

namespace CardOS.Reader.Tracing;

/// <summary>
/// Which commands carry secrets (PINs, keys) in their data field, so that the APDU trace (<see cref="ApduTrace"/>)
/// writes their data as <c>*</c> digits: the interindustry VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER by
/// default, plus the proprietary instructions a card's profile names. The card code never sees this: the host side
/// that knows which applets a card holds declares their secret instructions.
/// </summary>
/// <example>
/// <code>
/// // The bank card's proprietary VERIFY (PIN, holder key), ISSUE CARD and PERSONALISE carry secrets.
/// SecretCommands bank = SecretCommands.Iso.WithProprietary(0x20, 0x10, 0x12);
/// </code>
/// </example>
public sealed class SecretCommands
{
    // ISO/IEC 7816-4 11.5: VERIFY 20/21, CHANGE REFERENCE DATA 24, RESET RETRY COUNTER 2C.
    private static readonly byte[] IsoInstructions = [0x20, 0x21, 0x24, 0x2C];

    private readonly FrozenSet<byte> _interindustry;
    private readonly FrozenSet<byte> _proprietary;

    private SecretCommands(IEnumerable<byte> interindustry, IEnumerable<byte> proprietary)
    {
        _interindustry = interindustry.ToFrozenSet();
        _proprietary = proprietary.ToFrozenSet();
    }

    /// <summary>Nothing is secret: the trace shows every byte (<c>cardos serve --trace-secrets</c>).</summary>
    public static SecretCommands None { get; } = new([], []);

    /// <summary>The interindustry commands whose data is a PIN or reference data: VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER.</summary>
    public static SecretCommands Iso { get; } = new(IsoInstructions, []);

    /// <summary>These secrets plus the proprietary-class (CLA bit 8 set) commands with <paramref name="instructions"/>.</summary>
    public SecretCommands WithProprietary(params byte[] instructions)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        return new SecretCommands(_interindustry, _proprietary.Concat(instructions));
    }

    /// <summary>Whether <paramref name="command"/>'s data field is secret (by its class and instruction).</summary>
    public bool IsSecret(ReadOnlySpan<byte> command)
    {
        if (command.Length < 4)
            return false;
        var cla = new Cla(command[0]);
        byte ins = command[1];
        return cla.IsInterindustry ? _interindustry.Contains(ins) : cla.IsValid && _proprietary.Contains(ins);
    }

    /// <summary>
    /// The command in hex, its data field as <c>*</c> digits when it is secret: the header, Lc and Le stay, so the
    /// trace still shows what was sent and how long the secret was. A secret command whose length fields do not parse
    /// shows its header only, every byte after it masked: its body may still hold the secret.
    /// </summary>
    public string Format(ReadOnlySpan<byte> command)
    {
        if (!IsSecret(command))
            return Hex.Encode(command);
        if (!CommandApduView.TryParse(command, out CommandApduView apdu))
            return Hex.Encode(command[..4]) + new string('*', (command.Length - 4) * 2);
        if (apdu.Data.IsEmpty)
            return Hex.Encode(command);
        int dataOffset = apdu.IsExtended ? 7 : 5;
        int dataEnd = dataOffset + apdu.Data.Length;
        return Hex.Encode(command[..dataOffset]) + new string('*', apdu.Data.Length * 2) + Hex.Encode(command[dataEnd..]);
    }
}
