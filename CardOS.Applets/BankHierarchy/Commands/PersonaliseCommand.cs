using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>PERSONALISE (<c>80 12 00 00</c>, extended length when over 255 bytes) on a blank card.</summary>
public sealed class PersonaliseCommand
{
    private readonly byte[] _wrapped;

    /// <summary>Sends a wrapped record (from ISSUE CARD or <see cref="Create"/>).</summary>
    public PersonaliseCommand(ReadOnlySpan<byte> wrappedRecord)
    {
        _wrapped = wrappedRecord.ToArray();
    }

    /// <summary>Wraps <paramref name="record"/> for the blank card that answered <paramref name="challenge"/>, as an issuing host that holds the transport key does.</summary>
    public static PersonaliseCommand Create(PersonalisationRecord record, ReadOnlySpan<byte> transportKey, ReadOnlySpan<byte> challenge)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new PersonaliseCommand(PersonalisationWrap.Wrap(record.Encode(), transportKey, challenge));
    }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(BankInstructions.ProprietaryClass, BankInstructions.Personalise, 0x00, 0x00, _wrapped);

    /// <summary>Reads the answer.</summary>
    public static BankResponse CreateResponse(ResponseApdu response) => new(response);
}
