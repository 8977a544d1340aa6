namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// What a bank card's public files hold, for inspection (<c>cardos inspect</c>): never a key value. Taken by
/// <see cref="BankCardApplet.TakeSnapshot"/>.
/// </summary>
/// <param name="Role">The card's role.</param>
/// <param name="LifeState">The card's life state.</param>
/// <param name="Profile">The crypto profile.</param>
/// <param name="Account">ACCOUNT_NUMBER.</param>
/// <param name="Balance">BALANCE decoded (null when its bytes do not decode).</param>
/// <param name="BalanceChecksumValid">Whether BALANCE's checksum matches under the card's CHECK_KEY.</param>
/// <param name="KeyNumber">KEY_INFO: the number of APPKEY0 (the card holds keys n to n+3).</param>
/// <param name="KeyDate">KEY_INFO: the date of the last key update.</param>
/// <param name="BadKey">BAD_KEY: the count of packets and cryptograms that did not check.</param>
/// <param name="Passbook">PASSBOOK, newest first.</param>
public sealed record BankCardSnapshot(
    BankRole Role,
    BankLifeState LifeState,
    CryptoProfile Profile,
    AccountNumber Account,
    BankBalance? Balance,
    bool BalanceChecksumValid,
    byte KeyNumber,
    BankDate KeyDate,
    ushort BadKey,
    IReadOnlyList<PassbookEntry> Passbook);
