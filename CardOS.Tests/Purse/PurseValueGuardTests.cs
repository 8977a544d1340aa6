using System.Buffers.Binary;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;

namespace CardOS.Tests.Purse;

/// <summary>
/// The purse's own re-checks behind the PSAM and load module: a DEBIT above the balance and a CREDIT above the maximum,
/// each carried by a genuine S2 (signed here with the test issuer's derived keys, as a faulty or hostile terminal
/// holding them would), so only the purse's check stands between the command and a wrapped or overfull balance.
/// </summary>
public class PurseValueGuardTests
{
    private static readonly byte[] Date = [0x20, 0x26, 0x01, 0x15];
    private static readonly byte[] Psam = PurseTestKeys.PsamId.ToArray();
    private static readonly byte[] LoadModule = PurseTestKeys.LoadModuleId.ToArray();

    private static byte[] Issuer => PurseTestKeys.IssuerId.ToArray();

    private static byte[] CardNumber => PurseTestKeys.CardNumber.ToArray();

    [TestCase(10_001u)]
    [TestCase(uint.MaxValue)]
    public void Debit_AmountAboveBalanceWithGenuineS2_Answers9401AndKeepsTheBalance(uint amount)
    {
        var world = new PurseWorld(initialBalance: 10_000);
        world.SelectAll();
        uint counter = world.PurseReader.SendChecked(new InitializeForPurchaseCommand()).Counter;
        DebitResponse debit = world.PurseReader.Send(new DebitCommand(DebitData(counter, amount)));
        Assert.That(debit.StatusWord, Is.EqualTo(PurseStatusWords.InsufficientBalance));
        Assert.That(world.Purse.Balance, Is.EqualTo(10_000u));
        Assert.That(world.ReadLog(), Is.Empty, "nothing logged");
    }

    [Test]
    public void Debit_WholeBalanceWithGenuineS2_LeavesZero()
    {
        var world = new PurseWorld(initialBalance: 10_000);
        world.SelectAll();
        uint counter = world.PurseReader.SendChecked(new InitializeForPurchaseCommand()).Counter;
        DebitResponse debit = world.PurseReader.Send(new DebitCommand(DebitData(counter, 10_000)));
        Assert.That((debit.StatusWord, debit.BalanceAfter, world.Purse.Balance), Is.EqualTo((CardOS.Apdu.StatusWord.Success, 0u, 0u)));
    }

    [TestCase(1u)]
    [TestCase(20_001u)]
    public void Credit_BalanceRoseAboveWhatInitializeSaw_Answers9402AndKeepsTheBalance(uint over)
    {
        // INITIALIZE FOR LOAD accepted 30,000 on 60,000 of 100,000; the balance then stands at 70,000 + over (a second
        // terminal, a fault): the CREDIT, though genuinely signed over that balance, must not pass the maximum.
        var world = new PurseWorld(initialBalance: 0x0000EA60, maximumBalance: 100_000); // 60,000
        world.SelectAll();
        InitializeForLoadResponse init = world.PurseReader.SendChecked(new InitializeForLoadCommand(30_000, PurseTestKeys.Currency, Date, LoadModule));
        uint risen = 70_000 + over;
        int at = FindBalance(world, 60_000);
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, risen);
        world.PurseCard.Eeprom.Write(at, bytes);
        Assert.That(world.Purse.Balance, Is.EqualTo(risen));

        byte[] s2 = new byte[PurseFormat.MacLength];
        byte[] loadKey = PurseKeys.DeriveLoadKey(PurseTestKeys.LoadMasterKey, Issuer, CardNumber);
        new PurseSignatures().Load(loadKey, PurseFormat.TagLoadS2, Issuer, CardNumber, init.Counter, PurseTestKeys.Currency, 30_000, risen, Date, LoadModule, s2);
        Assert.That(world.PurseReader.Send(new CreditCommand(s2)).StatusWord, Is.EqualTo(PurseStatusWords.MaximumBalanceExceeded));
        Assert.That(world.Purse.Balance, Is.EqualTo(risen));
    }

    [Test]
    public void Credit_UpToTheMaximumExactly_Succeeds()
    {
        var world = new PurseWorld(initialBalance: 70_000, maximumBalance: 100_000);
        world.SelectAll();
        InitializeForLoadResponse init = world.PurseReader.SendChecked(new InitializeForLoadCommand(30_000, PurseTestKeys.Currency, Date, LoadModule));
        byte[] s2 = new byte[PurseFormat.MacLength];
        byte[] loadKey = PurseKeys.DeriveLoadKey(PurseTestKeys.LoadMasterKey, Issuer, CardNumber);
        new PurseSignatures().Load(loadKey, PurseFormat.TagLoadS2, Issuer, CardNumber, init.Counter, PurseTestKeys.Currency, 30_000, 70_000, Date, LoadModule, s2);
        Assert.That(world.PurseReader.Send(new CreditCommand(s2)).IsSuccess);
        Assert.That(world.Purse.Balance, Is.EqualTo(100_000u));
        Assert.That(world.PurseReader.Send(new InitializeForLoadCommand(1, PurseTestKeys.Currency, Date, LoadModule)).StatusWord, Is.EqualTo(PurseStatusWords.MaximumBalanceExceeded));
    }

    private static byte[] DebitData(uint counter, uint amount)
    {
        byte[] data = new byte[PurseFormat.DebitDataLength];
        BinaryPrimitives.WriteUInt32BigEndian(data, amount);
        Date.CopyTo(data, 4);
        Psam.CopyTo(data, 8);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(12), 7);
        byte[] purchaseKey = PurseKeys.DerivePurchaseKey(PurseTestKeys.PurchaseMasterKey, Issuer, CardNumber);
        new PurseSignatures().PurchaseS2(purchaseKey, Issuer, CardNumber, counter, PurseTestKeys.Currency, amount, Date, Psam, 7, data.AsSpan(16, PurseFormat.MacLength));
        return data;
    }

    /// <summary>Where the purse's 4-byte balance lies in its EEPROM (the only place holding it).</summary>
    private static int FindBalance(PurseWorld world, uint balance)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, balance);
        ReadOnlySpan<byte> image = world.PurseCard.Eeprom.Read(0, world.PurseCard.Eeprom.Capacity);
        int start = 16 + world.PurseCard.StorageStatistics.JournalCapacity;
        int at = image[start..].IndexOf(bytes);
        Assert.That(at, Is.GreaterThanOrEqualTo(0));
        Assert.That(image[(start + at + 1)..].IndexOf(bytes), Is.EqualTo(-1), "the balance is found once");
        return start + at;
    }
}
