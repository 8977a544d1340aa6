using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.FileSystem;

/// <content>The command processor: SELECT, READ/UPDATE BINARY, READ/UPDATE/APPEND RECORD, and the per-channel current files.</content>
public sealed partial class IsoFileSystem
{
    private const int ChannelStateSize = 3; // current DF slot, current EF slot + 1, record pointer
    private const byte InsSelect = 0xA4;
    private const byte InsReadBinary = 0xB0;
    private const byte InsUpdateBinary = 0xD6;
    private const byte InsReadRecord = 0xB2;
    private const byte InsUpdateRecord = 0xDC;
    private const byte InsAppendRecord = 0xE2;
    private const byte FcpTag = 0x62;
    private const byte FciTag = 0x6F;
    private const int ShortIdRfu = 0x1F;

    /// <summary>The current DF on <paramref name="channel"/> (the MF after selection of the applet, a reset or a deselect).</summary>
    public DedicatedFile GetCurrentDf(int channel) => _files[State(channel)[0]] as DedicatedFile ?? MasterFile;

    /// <summary>The current EF on <paramref name="channel"/>, or null.</summary>
    public ElementaryFile? GetCurrentEf(int channel)
    {
        int slot = State(channel)[1];
        return slot == 0 ? null : _files[slot - 1] as ElementaryFile;
    }

    /// <summary>Makes the MF current on <paramref name="channel"/>, with no current EF or record. Call from the applet's OnSelect.</summary>
    public void ResetSelection(int channel) => State(channel).Clear();

    /// <summary>Makes <paramref name="file"/> current on <paramref name="channel"/>, as SELECT would (its DF current too, no current record).</summary>
    public void Select(int channel, IsoFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!ReferenceEquals(file.FileSystem, this))
            throw new ArgumentException("The file belongs to another file system.", nameof(file));
        Span<byte> state = State(channel);
        if (file is DedicatedFile df)
        {
            state[0] = (byte)df.Slot;
            state[1] = 0;
        }
        else
        {
            state[0] = (byte)file.Parent!.Slot;
            state[1] = (byte)(file.Slot + 1);
        }

        state[2] = 0;
    }

    /// <summary>
    /// Processes the interindustry file commands SELECT ('A4'), READ BINARY ('B0'), UPDATE BINARY ('D6'), READ RECORD
    /// ('B2'), UPDATE RECORD ('DC') and APPEND RECORD ('E2'). Returns false, touching nothing, for any other command or
    /// a proprietary CLA. Nothing changes when the answer is an error.
    /// </summary>
    /// <exception cref="IsoException">The status word that answers the command.</exception>
    public bool Process(ApduContext apdu)
    {
        if (apdu.Cla.IsProprietary)
            return false;
        switch (apdu.Ins)
        {
            case InsSelect:
                ProcessSelect(apdu);
                return true;
            case InsReadBinary:
                ReadBinary(apdu);
                return true;
            case InsUpdateBinary:
                UpdateBinary(apdu);
                return true;
            case InsReadRecord:
                ReadRecord(apdu);
                return true;
            case InsUpdateRecord:
                UpdateRecord(apdu);
                return true;
            case InsAppendRecord:
                AppendRecord(apdu);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Answers the SELECT that selected the applet: the MF becomes current on the channel, and P2 asks for its FCI
    /// ('00'), FCP ('04') or nothing ('0C').
    /// </summary>
    /// <exception cref="IsoException">6A86 for any other P2.</exception>
    public void ProcessApplicationSelect(ApduContext apdu)
    {
        ResetSelection(apdu.Channel);
        Answer(apdu, MasterFile, ResponseTemplate(apdu.P2 & 0x0C));
    }

    private static bool AsksForAll(ApduContext apdu) =>
        apdu.Ne == CommandApduView.MaxNe || (apdu.Ne == CommandApduView.MaxShortNe && !apdu.IsExtended);

    /// <summary>The template P2 b4-b1 asks for: FCI, FCP, or 0 for none (ISO/IEC 7816-4 7.1.1, Table 40).</summary>
    private static byte ResponseTemplate(int p2LowNibble) => p2LowNibble switch
    {
        0x00 => FciTag,
        0x04 => FcpTag,
        0x0C => 0,
        _ => throw new IsoException(StatusWord.IncorrectP1P2),
    };

    private static void Answer(ApduContext apdu, IsoFile file, byte template)
    {
        if (template == 0)
            return;
        Span<byte> response = apdu.Response;
        int length = file.WriteControlParameters(response[2..]);
        response[0] = template;
        response[1] = (byte)length;
        apdu.Send(2 + length);
    }

    /// <summary>Sends <paramref name="length"/> bytes, with 6282 when they are fewer than an explicit Ne asked for.</summary>
    private static void SendRead(ApduContext apdu, int length)
    {
        if (length < apdu.Ne && !AsksForAll(apdu))
            apdu.Send(length, StatusWord.EndOfFileReached);
        else
            apdu.Send(length);
    }

    private static void RequireNoLe(ApduContext apdu)
    {
        if (apdu.Ne != 0)
            throw new IsoException(StatusWord.WrongLength);
    }

    private Span<byte> State(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, CardOptions.MaxLogicalChannels);
        return _channels.Span.Slice(channel * ChannelStateSize, ChannelStateSize);
    }

    /// <summary>SELECT (ISO/IEC 7816-4 7.1.1) by FID, child DF, EF, parent, DF name or path.</summary>
    private void ProcessSelect(ApduContext apdu)
    {
        byte p1 = apdu.P1;
        byte p2 = apdu.P2;
        if (p1 is not (0x00 or 0x01 or 0x02 or 0x03 or 0x04 or 0x08 or 0x09) || (p2 & 0xF0) != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        byte template = ResponseTemplate(p2 & 0x0C);
        int occurrence = p2 & 0x03;
        if (occurrence != 0 && p1 != 0x04)
            throw new IsoException(StatusWord.IncorrectP1P2);

        ReadOnlySpan<byte> data = apdu.Data;
        int channel = apdu.Channel;
        DedicatedFile current = GetCurrentDf(channel);
        IsoFile? target;
        switch (p1)
        {
            case 0x00:
                if (data.Length is not (0 or 2))
                    throw new IsoException(StatusWord.WrongLength);
                target = data.IsEmpty ? MasterFile : FindReachable(current, FileIdAt(data, 0));
                break;
            case 0x01:
                RequireLength(data, 2);
                target = current.FindChild(FileIdAt(data, 0)) as DedicatedFile;
                break;
            case 0x02:
                RequireLength(data, 2);
                target = current.FindChild(FileIdAt(data, 0)) as ElementaryFile;
                break;
            case 0x03:
                RequireLength(data, 0);
                target = current.Parent;
                break;
            case 0x04:
                if (data.Length is 0 or > DedicatedFile.MaxNameLength)
                    throw new IsoException(StatusWord.WrongLength);
                target = FindByName(data, occurrence, current.Slot);
                break;
            default:
                if (data.IsEmpty || data.Length % 2 != 0)
                    throw new IsoException(StatusWord.WrongLength);
                target = FindByPath(p1 == 0x08 ? MasterFile : current, data);
                break;
        }

        if (target is null)
            throw new IsoException(StatusWord.FileNotFound);
        Select(channel, target);
        Answer(apdu, target, template);
    }

    private static void RequireLength(ReadOnlySpan<byte> data, int length)
    {
        if (data.Length != length)
            throw new IsoException(StatusWord.WrongLength);
    }

    private static ushort FileIdAt(ReadOnlySpan<byte> data, int offset) => (ushort)((data[offset] << 8) | data[offset + 1]);

    /// <summary>
    /// The file a SELECT with P1 '00' reaches from <paramref name="current"/>: the MF, a child of the current DF, the current
    /// DF itself, its parent, or a sibling of the current DF (the set ETSI TS 102 221 8.4.1 names; ISO/IEC 7816-4 leaves it open).
    /// </summary>
    private IsoFile? FindReachable(DedicatedFile current, ushort fileId)
    {
        if (fileId == MasterFileId)
            return MasterFile;
        if (current.FindChild(fileId) is { } child)
            return child;
        if (current.FileId == fileId)
            return current;
        DedicatedFile? parent = current.Parent;
        if (parent is null)
            return null;
        return parent.FileId == fileId ? parent : parent.FindChild(fileId);
    }

    /// <summary>Follows a path of FIDs from <paramref name="start"/> (ISO/IEC 7816-4 5.3.1.2: the start's own FID is not part of it).</summary>
    private static IsoFile? FindByPath(DedicatedFile start, ReadOnlySpan<byte> path)
    {
        IsoFile file = start;
        for (int offset = 0; offset < path.Length; offset += 2)
        {
            if (file is not DedicatedFile df || df.FindChild(FileIdAt(path, offset)) is not { } child)
                return null;
            file = child;
        }

        return file;
    }

    /// <summary>
    /// The DF whose name starts with <paramref name="name"/> (ISO/IEC 7816-4 7.1.1: full or partial DF name), by P2's
    /// occurrence in directory order: first, last, next or previous relative to the current DF.
    /// </summary>
    private DedicatedFile? FindByName(ReadOnlySpan<byte> name, int occurrence, int currentSlot)
    {
        (int start, int step) = occurrence switch
        {
            0 => (0, 1),
            1 => (MaxFiles - 1, -1),
            2 => (currentSlot + 1, 1),
            _ => (currentSlot - 1, -1),
        };
        for (int slot = start; slot >= 0 && slot < MaxFiles; slot += step)
        {
            if (_files[slot] is DedicatedFile df && df.Name.StartsWith(name))
                return df;
        }

        return null;
    }

    /// <summary>
    /// The EF a data-unit command refers to: P1 b8 = 1 names it by short EF identifier in b5-b1 with the offset in P2,
    /// otherwise P1-P2 is a 15-bit offset in the current EF (ISO/IEC 7816-4 7.2.2).
    /// </summary>
    private (TransparentFile File, int Offset, bool ByShortId) ResolveTransparent(ApduContext apdu)
    {
        ElementaryFile? file;
        int offset;
        bool byShortId = (apdu.P1 & 0x80) != 0;
        if (byShortId)
        {
            int shortId = apdu.P1 & 0x1F;
            if ((apdu.P1 & 0x60) != 0 || shortId is 0 or ShortIdRfu)
                throw new IsoException(StatusWord.IncorrectP1P2);
            file = GetCurrentDf(apdu.Channel).FindChildByShortId(shortId) ?? throw new IsoException(StatusWord.FileNotFound);
            offset = apdu.P2;
        }
        else
        {
            file = GetCurrentEf(apdu.Channel) ?? throw new IsoException(StatusWord.CommandNotAllowed);
            offset = (apdu.P1 << 8) | apdu.P2;
        }

        if (file is not TransparentFile transparent)
            throw new IsoException(StatusWord.IncompatibleFileStructure);
        return (transparent, offset, byShortId);
    }

    /// <summary>READ BINARY (ISO/IEC 7816-4 7.2.3).</summary>
    private void ReadBinary(ApduContext apdu)
    {
        ValidateBinaryP1(apdu.P1);
        if (!apdu.Data.IsEmpty || apdu.Ne == 0)
            throw new IsoException(StatusWord.WrongLength);
        (TransparentFile file, int offset, bool byShortId) = ResolveTransparent(apdu);
        Security.Demand(file.ReadAccess);
        if (offset >= file.Size)
            throw new IsoException(StatusWord.WrongP1P2);

        int length = Math.Min(Math.Min(apdu.Ne, file.Size - offset), apdu.Response.Length);
        file.Read(offset, length).CopyTo(apdu.Response);
        if (byShortId)
            Select(apdu.Channel, file);
        SendRead(apdu, length);
    }

    /// <summary>UPDATE BINARY (ISO/IEC 7816-4 7.2.5): atomic.</summary>
    private void UpdateBinary(ApduContext apdu)
    {
        ValidateBinaryP1(apdu.P1);
        if (apdu.Data.IsEmpty)
            throw new IsoException(StatusWord.WrongLength);
        RequireNoLe(apdu);
        (TransparentFile file, int offset, bool byShortId) = ResolveTransparent(apdu);
        Security.Demand(file.UpdateAccess);
        if (offset >= file.Size)
            throw new IsoException(StatusWord.WrongP1P2);
        if (apdu.Data.Length > file.Size - offset)
            throw new IsoException(StatusWord.NotEnoughMemory);

        file.Update(offset, apdu.Data);
        if (byShortId)
            Select(apdu.Channel, file);
    }

    private static void ValidateBinaryP1(byte p1)
    {
        // ISO/IEC 7816-4 7.2.2: with P1 b8 = 1, b7-b6 are 00 and b5-b1 a short EF identifier (not 00000, not the RFU 11111).
        if ((p1 & 0x80) != 0 && ((p1 & 0x60) != 0 || (p1 & 0x1F) is 0 or ShortIdRfu))
            throw new IsoException(StatusWord.IncorrectP1P2);
    }

    /// <summary>
    /// Checks P1-P2 of READ RECORD and UPDATE RECORD (ISO/IEC 7816-4 7.3.2-7.3.3): P2 b8-b4 short EF identifier (00000:
    /// current EF), b3-b1 '100' record number P1 (P1 '00': current record), or '000'/'001'/'010'/'011' first, last,
    /// next, previous record with P1 '00'. Record identifiers and multi-record reads are not supported.
    /// </summary>
    private static void ValidateRecordP1P2(byte p1, byte p2)
    {
        int mode = p2 & 0x07;
        if ((p2 >> 3) == ShortIdRfu || mode > 4 || (mode < 4 && p1 != 0) || p1 == 0xFF)
            throw new IsoException(StatusWord.IncorrectP1P2);
    }

    /// <summary>The record file P2 b8-b4 names: by short EF identifier under the current DF, or the current EF.</summary>
    private RecordFile ResolveRecordFile(ApduContext apdu)
    {
        int shortId = apdu.P2 >> 3;
        ElementaryFile file = shortId != 0
            ? GetCurrentDf(apdu.Channel).FindChildByShortId(shortId) ?? throw new IsoException(StatusWord.FileNotFound)
            : GetCurrentEf(apdu.Channel) ?? throw new IsoException(StatusWord.CommandNotAllowed);
        return file as RecordFile ?? throw new IsoException(StatusWord.IncompatibleFileStructure);
    }

    /// <summary>
    /// The record number P1-P2 designates (ISO/IEC 7816-4 Annex C: next from no current record is the first, previous the
    /// last; next from the last and previous from the first fail). A short EF identifier resets the record pointer first.
    /// </summary>
    private int ResolveRecordNumber(ApduContext apdu, RecordFile file)
    {
        int pointer = (apdu.P2 >> 3) != 0 ? 0 : State(apdu.Channel)[2];
        int count = file.RecordCount;
        int number = (apdu.P2 & 0x07) switch
        {
            0 => 1,
            1 => count,
            2 => pointer + 1,
            3 => pointer == 0 ? count : pointer - 1,
            _ => apdu.P1 != 0 ? apdu.P1 : pointer,
        };
        if (number < 1 || number > count)
            throw new IsoException(StatusWord.RecordNotFound);
        return number;
    }

    /// <summary>After a record command completes: a file named by short EF identifier becomes current; first/last/next/previous move the record pointer.</summary>
    private void CompleteRecordCommand(ApduContext apdu, RecordFile file, int number)
    {
        if ((apdu.P2 >> 3) != 0)
            Select(apdu.Channel, file);
        if ((apdu.P2 & 0x07) < 4)
            State(apdu.Channel)[2] = (byte)number;
    }

    /// <summary>Checks a record's data against the file's record size: 6A84 when longer, 6700 when shorter.</summary>
    private static void RequireRecordLength(ReadOnlySpan<byte> data, RecordFile file)
    {
        if (data.Length > file.RecordSize)
            throw new IsoException(StatusWord.NotEnoughMemory);
        if (data.Length < file.RecordSize)
            throw new IsoException(StatusWord.WrongLength);
    }

    /// <summary>READ RECORD (ISO/IEC 7816-4 7.3.3).</summary>
    private void ReadRecord(ApduContext apdu)
    {
        ValidateRecordP1P2(apdu.P1, apdu.P2);
        if (!apdu.Data.IsEmpty || apdu.Ne == 0)
            throw new IsoException(StatusWord.WrongLength);
        RecordFile file = ResolveRecordFile(apdu);
        Security.Demand(file.ReadAccess);
        int number = ResolveRecordNumber(apdu, file);

        file.ReadRecord(number).CopyTo(apdu.Response);
        CompleteRecordCommand(apdu, file, number);
        SendRead(apdu, file.RecordSize);
    }

    /// <summary>UPDATE RECORD (ISO/IEC 7816-4 7.3.5): atomic.</summary>
    private void UpdateRecord(ApduContext apdu)
    {
        ValidateRecordP1P2(apdu.P1, apdu.P2);
        if (apdu.Data.IsEmpty)
            throw new IsoException(StatusWord.WrongLength);
        RequireNoLe(apdu);
        RecordFile file = ResolveRecordFile(apdu);
        Security.Demand(file.UpdateAccess);
        RequireRecordLength(apdu.Data, file);
        int number = ResolveRecordNumber(apdu, file);

        file.UpdateRecord(number, apdu.Data);
        CompleteRecordCommand(apdu, file, number);
    }

    /// <summary>APPEND RECORD (ISO/IEC 7816-4 7.3.7): atomic; the record pointer moves to the new record.</summary>
    private void AppendRecord(ApduContext apdu)
    {
        // P1 is '00'; P2 b3-b1 are 000 and b8-b4 a short EF identifier or 00000 for the current EF.
        if (apdu.P1 != 0 || (apdu.P2 & 0x07) != 0 || (apdu.P2 >> 3) == ShortIdRfu)
            throw new IsoException(StatusWord.IncorrectP1P2);
        if (apdu.Data.IsEmpty)
            throw new IsoException(StatusWord.WrongLength);
        RequireNoLe(apdu);
        RecordFile file = ResolveRecordFile(apdu);
        Security.Demand(file.AppendAccess);
        RequireRecordLength(apdu.Data, file);

        file.AppendRecord(apdu.Data);
        if ((apdu.P2 >> 3) != 0)
            Select(apdu.Channel, file);
        State(apdu.Channel)[2] = (byte)(file.IsCyclic ? 1 : file.RecordCount);
    }
}
