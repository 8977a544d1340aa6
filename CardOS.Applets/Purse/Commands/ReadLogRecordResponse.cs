using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>One log record (33 bytes).</summary>
public sealed class ReadLogRecordResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public ReadLogRecordResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.LogEntryLength)
    {
    }

    /// <summary>The entry.</summary>
    public PurseLogEntry Entry => PurseLogEntry.Parse(ReadBytes(0, PurseFormat.LogEntryLength));
}
