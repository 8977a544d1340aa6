using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>VERIFY (<c>00 20 00 81|82</c>): presents the PIN or the holder key.</summary>
public sealed class VerifyCommand
{
    private readonly byte[] _value;

    /// <summary>Presents <paramref name="value"/> for <paramref name="reference"/> (<see cref="BankCardApplet.PinReference"/> or <see cref="BankCardApplet.HolderKeyReference"/>).</summary>
    public VerifyCommand(byte reference, ReadOnlySpan<byte> value)
    {
        Reference = reference;
        _value = value.ToArray();
    }

    /// <summary>The reference (P2).</summary>
    public byte Reference { get; }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(0x00, BankInstructions.Verify, 0x00, Reference, _value);

    /// <summary>Reads the answer.</summary>
    public static VerifyResponse CreateResponse(ResponseApdu response) => new(response);
}
