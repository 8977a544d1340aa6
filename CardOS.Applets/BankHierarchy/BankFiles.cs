using CardOS.FileSystem;
using CardOS.Runtime;
using CardOS.Security;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The bank applet's files in its ISO/IEC 7816-4 file system (docs/applets/bank-hierarchy.md, Files): CARD_INFO and
/// TRANSPORT_KEY from install, the rest created by PERSONALISE with the sizes of the card's profile and role, and found
/// again when the applet is re-installed over its EEPROM image.
/// </summary>
internal sealed class BankFiles
{
    /// <summary>CARD_INFO's size.</summary>
    public const int CardInfoSize = 24;

    /// <summary>The file system's data area: room for a bank card's files (BAD_CARD 4,800, PASSBOOK 1,838, the rest).</summary>
    public const int DataCapacity = 7 * 1024;

    private const int MaxFiles = 32;

    public BankFiles(AppletContext context, SecurityStatus security, ushort objectId)
    {
        FileSystem = new IsoFileSystem(context, security, objectId, MaxFiles, DataCapacity);
        DedicatedFile mf = FileSystem.MasterFile;
        CardInfo = new BankFile(mf.CreateTransparentEf(BankFileIds.CardInfo, CardInfoSize, BankFileIds.CardInfoSfi, read: AccessCondition.Always));
        TransportKey = new BankFile(mf.CreateTransparentEf(BankFileIds.TransportKey, 16));
        if (CardInfo.Content[CardInfoLayout.LifeState] != (byte)BankLifeState.Blank)
            Bind((BankRole)CardInfo.Content[CardInfoLayout.Role], (CryptoProfile)CardInfo.Content[CardInfoLayout.Profile], pin: null);
    }

    public IsoFileSystem FileSystem { get; }

    public BankFile CardInfo { get; }

    public BankFile TransportKey { get; }

    public bool IsBound { get; private set; }

    public BankFile Account { get; private set; } = null!;

    public BankFile Balance { get; private set; } = null!;

    public BankFile KeyInfo { get; private set; } = null!;

    public RecordFile Passbook { get; private set; } = null!;

    public BankFile BadKey { get; private set; } = null!;

    public BankFile MinTrans { get; private set; } = null!;

    public BankFile MaxTrans { get; private set; } = null!;

    public BankFile RandomNumber { get; private set; } = null!;

    public BankFile[] AppKeys { get; } = new BankFile[4];

    public BankFile CheckKey { get; private set; } = null!;

    public BankFile LockKeys { get; private set; } = null!;

    public BankFile? BadCard { get; private set; }

    public BankFile? ValidAccount { get; private set; }

    public BankFile? Interest { get; private set; }

    public BankFile? CreationKey { get; private set; }

    public BankFile? IssueRange { get; private set; }

    public BankFile? LockMasterKeys { get; private set; }

    /// <summary>
    /// Creates (or finds) the files of a card of <paramref name="role"/> and <paramref name="profile"/>, outside any
    /// transaction. <paramref name="pin"/> is the condition that guards PASSBOOK (null when re-binding: the files exist).
    /// </summary>
    public void Bind(BankRole role, CryptoProfile profile, AccessCondition? pin)
    {
        DedicatedFile mf = FileSystem.MasterFile;
        AccessCondition always = AccessCondition.Always;
        int keySize = BankCrypto.KeySizeOf(profile);
        Account = new BankFile(mf.CreateTransparentEf(BankFileIds.AccountNumber, AccountNumber.Size, BankFileIds.AccountNumberSfi, always));
        Balance = new BankFile(mf.CreateTransparentEf(BankFileIds.Balance, BankBalance.Size, BankFileIds.BalanceSfi, always));
        KeyInfo = new BankFile(mf.CreateTransparentEf(BankFileIds.KeyInfo, 5, BankFileIds.KeyInfoSfi, always));
        BadKey = new BankFile(mf.CreateTransparentEf(BankFileIds.BadKey, 2, BankFileIds.BadKeySfi, always));
        MinTrans = new BankFile(mf.CreateTransparentEf(BankFileIds.MinTrans, 3, BankFileIds.MinTransSfi, always));
        MaxTrans = new BankFile(mf.CreateTransparentEf(BankFileIds.MaxTrans, 4, BankFileIds.MaxTransSfi, always));
        RandomNumber = new BankFile(mf.CreateTransparentEf(BankFileIds.RandomNumber, 8));
        for (int i = 0; i < 4; i++)
            AppKeys[i] = new BankFile(mf.CreateTransparentEf((ushort)(BankFileIds.AppKey0 + i), keySize));
        CheckKey = new BankFile(mf.CreateTransparentEf(BankFileIds.CheckKey, keySize));
        LockKeys = new BankFile(mf.CreateTransparentEf(BankFileIds.LockKeys, 64));
        if (BankRoles.IsBank(role))
        {
            Span<byte> free = stackalloc byte[BadCardLayout.Size];
            free.Fill(0xFF);
            BadCard = new BankFile(mf.CreateTransparentEf(BankFileIds.BadCard, BadCardLayout.Size, BankFileIds.BadCardSfi, always, initialContent: free));
            ValidAccount = new BankFile(mf.CreateTransparentEf(BankFileIds.ValidAccount, 32, BankFileIds.ValidAccountSfi, always));
            Interest = new BankFile(mf.CreateTransparentEf(BankFileIds.Interest, 4, BankFileIds.InterestSfi, always));
        }

        if (role == BankRole.Center)
            CreationKey = new BankFile(mf.CreateTransparentEf(BankFileIds.CreationKey, 16));
        if (role == BankRole.Admin)
        {
            IssueRange = new BankFile(mf.CreateTransparentEf(BankFileIds.IssueRange, 16, BankFileIds.IssueRangeSfi, always));
            LockMasterKeys = new BankFile(mf.CreateTransparentEf(BankFileIds.LockMasterKeys, 64));
        }
        // PASSBOOK last: its ring is the largest file and mostly empty, and an EEPROM image is backed only up to the
        // last byte written, so the ring's unused tail costs a simulated card no host memory.
        Passbook = mf.CreateCyclicEf(BankFileIds.Passbook, PassbookEntry.Capacity, PassbookEntry.Size, BankFileIds.PassbookSfi, pin ?? PassbookCondition);
        IsBound = true;
    }

    /// <summary>PASSBOOK's read condition: the PIN.</summary>
    public static AccessCondition PassbookCondition => AccessCondition.Pin(0x81);
}
