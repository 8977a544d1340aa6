using CardOS.Runtime;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The bank applet's files (docs/applets/bank-hierarchy.md, Files): CARD_INFO and TRANSPORT_KEY from install, the
/// rest created by PERSONALISE with the sizes of the card's profile and role, and found again when the applet is
/// re-installed over its EEPROM image.
/// </summary>
internal sealed class BankFiles
{
    /// <summary>CARD_INFO's size.</summary>
    public const int CardInfoSize = 24;

    private readonly AppletContext _context;

    public BankFiles(AppletContext context)
    {
        _context = context;
        CardInfo = Transparent(BankFileIds.CardInfo, CardInfoSize);
        TransportKey = Transparent(BankFileIds.TransportKey, BankCrypto.MacKeySize);
        if (CardInfo.Content[CardInfoLayout.LifeState] != (byte)BankLifeState.Blank)
            Bind((BankRole)CardInfo.Content[CardInfoLayout.Role], (CryptoProfile)CardInfo.Content[CardInfoLayout.Profile]);
    }

    public BankFile CardInfo { get; }

    public BankFile TransportKey { get; }

    public bool IsBound => Account is not null;

    public BankFile Account { get; private set; } = null!;

    public BankFile Balance { get; private set; } = null!;

    public BankFile KeyInfo { get; private set; } = null!;

    public BankRecordFile Passbook { get; private set; } = null!;

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

    /// <summary>Creates (or finds) the files of a card of <paramref name="role"/> and <paramref name="profile"/>. Outside transactions.</summary>
    public void Bind(BankRole role, CryptoProfile profile)
    {
        int keySize = BankCrypto.KeySizeOf(profile);
        Account = Transparent(BankFileIds.AccountNumber, AccountNumber.Size);
        Balance = Transparent(BankFileIds.Balance, BankBalance.Size);
        KeyInfo = Transparent(BankFileIds.KeyInfo, 5);
        Passbook = Cyclic(BankFileIds.Passbook, PassbookEntry.Capacity, PassbookEntry.Size);
        BadKey = Transparent(BankFileIds.BadKey, 2);
        MinTrans = Transparent(BankFileIds.MinTrans, 3);
        MaxTrans = Transparent(BankFileIds.MaxTrans, 4);
        RandomNumber = Transparent(BankFileIds.RandomNumber, 8);
        for (int i = 0; i < 4; i++)
            AppKeys[i] = Transparent((ushort)(BankFileIds.AppKey0 + i), keySize);
        CheckKey = Transparent(BankFileIds.CheckKey, keySize);
        LockKeys = Transparent(BankFileIds.LockKeys, 32);
        if (BankRoles.IsBank(role))
        {
            BadCard = Transparent(BankFileIds.BadCard, BadCardLayout.Size, initial: 0xFF);
            ValidAccount = Transparent(BankFileIds.ValidAccount, 32);
            Interest = Transparent(BankFileIds.Interest, 4);
        }

        if (role == BankRole.Center)
            CreationKey = Transparent(BankFileIds.CreationKey, BankCrypto.MacKeySize);
        if (role == BankRole.Admin)
            IssueRange = Transparent(BankFileIds.IssueRange, 16);
    }

    private BankFile Transparent(ushort fileId, int size, byte initial = 0)
    {
        var store = _context.AllocatePersistent(fileId, size);
        if (initial != 0 && store[0] == 0 && store.Span.IndexOfAnyExcept((byte)0) < 0)
            store.WriteNonAtomic(0, Enumerable.Repeat(initial, size).ToArray());
        return new BankFile(store);
    }

    private BankRecordFile Cyclic(ushort fileId, int maxRecords, int recordSize) =>
        new(_context, _context.AllocatePersistent(fileId, BankRecordFile.GetStoreLength(maxRecords, recordSize)), maxRecords, recordSize);
}
