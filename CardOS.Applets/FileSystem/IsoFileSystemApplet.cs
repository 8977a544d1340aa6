using CardOS.Apdu;
using CardOS.FileSystem;
using CardOS.Runtime;
using CardOS.Security;

namespace CardOS.Applets.FileSystem;

/// <summary>
/// An applet that exposes an ISO/IEC 7816-4 file system and one PIN over APDUs: SELECT, READ/UPDATE BINARY,
/// READ/UPDATE/APPEND RECORD, VERIFY and CHANGE REFERENCE DATA, over a ready-made demo structure.
/// docs/applets/iso-filesystem.md specifies every command, status word and file.
/// </summary>
/// <remarks>
/// <para>Demo structure (built at install; re-installing over the image re-binds to it):</para>
/// <code>
/// MF 3F00
/// ├── EF.DIR  2F00  linear fixed 4 x 19, SFI 30   read ALW, update NEV, append NEV
/// ├── EF.INFO 2F01  transparent 16, SFI 1         read ALW, update NEV      "CardOS demo card"
/// └── DF      7F10  name F0434152444F534446
///     ├── EF 6F01  transparent 24, SFI 1          read ALW, update PIN
///     ├── EF 6F02  linear fixed 4 x 16, SFI 2     read PIN, update PIN, append PIN
///     ├── EF 6F03  cyclic 5 x 8, SFI 3            read ALW, update NEV, append PIN
///     └── EF 6F04  transparent 8, SFI 4           read NEV, update NEV
/// </code>
/// <para>The PIN has reference '81' (also answered as CHV1, reference '01'), value "1234" (31323334) until changed, 3 tries, 1 to 8 bytes.</para>
/// </remarks>
public sealed class IsoFileSystemApplet : Applet
{
    /// <summary>The PIN's reference: VERIFY's P2, and the <see cref="AccessCondition.Pin"/> the demo files name.</summary>
    public const byte PinReference = 0x81;

    /// <summary>
    /// The same PIN under the reference of a first card holder verification (CHV1): what PC/SC tools built on OpenSC send
    /// (<c>opensc-explorer verify CHV1</c> is VERIFY with P2 <c>01</c>). Verifying it satisfies the files' PIN <c>81</c> condition.
    /// </summary>
    public const byte ChvReference = 0x01;

    /// <summary>Wrong presentations before the PIN blocks.</summary>
    public const int PinTryLimit = 3;

    /// <summary>The longest PIN.</summary>
    public const int MaxPinLength = 8;

    /// <summary>EF.DIR under the MF (ISO/IEC 7816-4 8.2.1.1): one application template naming the demo DF.</summary>
    public const ushort DirFileId = 0x2F00;

    /// <summary>A free-to-read transparent EF under the MF holding "CardOS demo card".</summary>
    public const ushort InfoFileId = 0x2F01;

    /// <summary>The application DF.</summary>
    public const ushort ApplicationDfId = 0x7F10;

    /// <summary>Transparent, 24 bytes: free read, update after VERIFY.</summary>
    public const ushort ValueFileId = 0x6F01;

    /// <summary>Linear fixed, 4 records of 16 bytes: every operation after VERIFY.</summary>
    public const ushort ContactsFileId = 0x6F02;

    /// <summary>Cyclic, 5 records of 8 bytes: free read, append after VERIFY, never updated.</summary>
    public const ushort LogFileId = 0x6F03;

    /// <summary>Transparent, 8 bytes: never read, never updated over APDUs.</summary>
    public const ushort SecretFileId = 0x6F04;

    private const ushort PinObjectId = 1;
    private const ushort FileSystemObjectId = 2;

    /// <summary>Creates the applet in its context, with its PIN and demo structure (or re-binds to them).</summary>
    public IsoFileSystemApplet(AppletContext context)
        : base(context)
    {
        Security = new SecurityStatus(context);
        Pin = new OwnerPin(context, PinObjectId, PinTryLimit, MaxPinLength);
        Security.AddPin(PinReference, Pin);
        Security.AddPin(ChvReference, Pin);
        if (!Pin.HasValue)
            Pin.Update(DefaultPin);

        FileSystem = new IsoFileSystem(context, Security, FileSystemObjectId, maxFiles: 16, dataCapacity: 1024);
        BuildDemoStructure(FileSystem.MasterFile);
    }

    /// <summary>The AID the applet installs under by default: F0 followed by "CARDOSFS".</summary>
    public static Aid DefaultAid { get; } = Aid.Parse("F0434152444F534653");

    /// <summary>The application DF's name: F0 followed by "CARDOSDF".</summary>
    public static ReadOnlySpan<byte> ApplicationDfName => [0xF0, 0x43, 0x41, 0x52, 0x44, 0x4F, 0x53, 0x44, 0x46];

    /// <summary>The PIN's value until CHANGE REFERENCE DATA changes it: "1234" in ASCII.</summary>
    public static ReadOnlySpan<byte> DefaultPin => "1234"u8;

    /// <summary>The applet's file system, for direct use (personalisation, inspection, tests).</summary>
    public IsoFileSystem FileSystem { get; }

    /// <summary>The applet's PIN.</summary>
    public OwnerPin Pin { get; }

    /// <summary>The applet's security status (PIN validation, secure states).</summary>
    public SecurityStatus Security { get; }

    /// <summary>Installs the applet on <paramref name="card"/>.</summary>
    /// <param name="card">The card.</param>
    /// <param name="aid">The AID; <see cref="DefaultAid"/> when null.</param>
    /// <param name="isDefault">Select the applet on the basic channel at every power-up and reset.</param>
    /// <returns>The installed applet.</returns>
    public static IsoFileSystemApplet Install(Card card, Aid? aid = null, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Install(aid ?? DefaultAid, context => new IsoFileSystemApplet(context), isDefault);
    }

    /// <inheritdoc />
    protected override bool OnSelect(int channel)
    {
        FileSystem.ResetSelection(channel);
        return true;
    }

    /// <inheritdoc />
    protected override void ProcessSelect(ApduContext apdu) => FileSystem.ProcessApplicationSelect(apdu);

    /// <inheritdoc />
    protected override void Process(ApduContext apdu)
    {
        if ((apdu.Cla & 0x80) != 0)
            throw new IsoException(StatusWord.ClassNotSupported);
        if (Security.Process(apdu) || FileSystem.Process(apdu))
            return;
        throw new IsoException(StatusWord.InstructionNotSupported);
    }

    private static void BuildDemoStructure(DedicatedFile mf)
    {
        // EF.DIR's one record: application template '61' with the AID '4F' and the label '50' "DEMO" (ISO/IEC 7816-4 8.2.1.1).
        ReadOnlySpan<byte> dirRecord = [0x61, 0x11, 0x4F, 0x09, 0xF0, 0x43, 0x41, 0x52, 0x44, 0x4F, 0x53, 0x44, 0x46, 0x50, 0x04, 0x44, 0x45, 0x4D, 0x4F];
        AccessCondition pin = AccessCondition.Pin(PinReference);

        mf.CreateLinearFixedEf(DirFileId, maxRecords: 4, recordSize: dirRecord.Length, shortId: 30, read: AccessCondition.Always, initialRecords: dirRecord);
        mf.CreateTransparentEf(InfoFileId, size: 16, shortId: 1, read: AccessCondition.Always, initialContent: "CardOS demo card"u8);

        DedicatedFile df = mf.CreateDf(ApplicationDfId, ApplicationDfName);
        df.CreateTransparentEf(ValueFileId, size: 24, shortId: 1, read: AccessCondition.Always, update: pin);
        df.CreateLinearFixedEf(ContactsFileId, maxRecords: 4, recordSize: 16, shortId: 2, read: pin, update: pin, append: pin, initialRecords: "Alice 0123456789"u8);
        df.CreateCyclicEf(LogFileId, maxRecords: 5, recordSize: 8, shortId: 3, read: AccessCondition.Always, append: pin);
        df.CreateTransparentEf(SecretFileId, size: 8, shortId: 4, initialContent: [0x53, 0x45, 0x43, 0x52, 0x45, 0x54, 0x21, 0x21]);
    }
}
