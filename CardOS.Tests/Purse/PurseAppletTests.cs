using CardOS.Apdu;
using CardOS.Applets.Crypto;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;
using CardOS.Applets.Purse.Terminal;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.Purse;

/// <summary>Purse behaviour the golden vectors do not reach: limits, log wrap, expiry at DEBIT, updates, images, crypto.</summary>
public class PurseAppletTests
{
    private static readonly byte[] Date = BcdDate.From(new DateOnly(2026, 1, 15));

    [Test]
    public void InitializeForPurchase_CounterAtLastValue_9404AndNothingChanges()
    {
        var world = new PurseWorld(initialCounter: uint.MaxValue - 1);
        world.SelectAll();
        Assert.That(world.PurseReader.Send(new InitializeForPurchaseCommand()).Counter, Is.EqualTo(uint.MaxValue));
        Assert.That(world.PurseReader.Send(new InitializeForPurchaseCommand()).StatusWord, Is.EqualTo(PurseStatusWords.CounterExhausted));
        Assert.That(world.Purse.Counter, Is.EqualTo(uint.MaxValue));
    }

    [Test]
    public void Debit_DateAfterExpiryWithValidS2_9403AndBalanceUnchanged()
    {
        var world = new PurseWorld();
        world.SelectAll();
        InitializeForPurchaseResponse init = world.PurseReader.SendChecked(new InitializeForPurchaseCommand());
        byte[] key = PurseKeys.DerivePurchaseKey(PurseTestKeys.PurchaseMasterKey, PurseTestKeys.IssuerId, PurseTestKeys.CardNumber);
        byte[] late = [0x20, 0x31, 0x01, 0x01];
        byte[] data = new byte[PurseFormat.DebitDataLength];
        var w = new Applets.Purse.FieldWriter(data);
        w.PutUInt32(100);
        w.Put(late);
        w.Put(PurseTestKeys.PsamId);
        w.PutUInt32(7);
        new PurseSignatures().PurchaseS2(key, PurseTestKeys.IssuerId, PurseTestKeys.CardNumber, init.Counter, PurseTestKeys.Currency, 100, late, PurseTestKeys.PsamId, 7, data.AsSpan(16));
        Assert.That(world.PurseReader.Send(new DebitCommand(data)).StatusWord, Is.EqualTo(PurseStatusWords.CardExpired));
        Assert.That(world.Purse.Balance, Is.EqualTo(10_000u));
        Assert.That(world.ReadLog(), Is.Empty);
    }

    [Test]
    public void GetProof_LogWrappedPastTheCounter_6A83_ButRecentCountersDecided()
    {
        var world = new PurseWorld();
        MerchantService merchant = world.CreateMerchant();
        for (int i = 0; i < PurseApplet.LogCapacity + 2; i++)
            Assert.That(merchant.Pay(world.PurseReader, "x", 1).Code, Is.EqualTo(PaymentResultCode.Completed));
        world.SelectAll();
        Assert.That(world.PurseReader.Send(new GetProofCommand(Request(1))).StatusWord, Is.EqualTo(StatusWord.RecordNotFound));
        GetProofResponse recent = world.PurseReader.Send(new GetProofCommand(Request(PurseApplet.LogCapacity + 2)));
        Assert.That(recent.Found, Is.True);
        Assert.That(recent.Entry.Counter, Is.EqualTo((uint)PurseApplet.LogCapacity + 2));
    }

    [Test]
    public void UpdateParameters_MaximumBelowBalance_9402_AndReplayedMac_6988()
    {
        var world = new PurseWorld();
        world.SelectAll();
        GetPurseDataResponse data = world.PurseReader.SendChecked(new GetPurseDataCommand());
        byte[] expiry = [0x20, 0x31, 0x12, 0x31];
        byte[] low = world.LoadModuleReader.SendChecked(new SignUpdateCommand(data.IssuerId, data.CardNumber, 1, data.Counter, expiry, 9_999)).Mac;
        Assert.That(world.PurseReader.Send(new UpdateParametersCommand(expiry, 9_999, low)).StatusWord, Is.EqualTo(PurseStatusWords.MaximumBalanceExceeded));
        byte[] mac = world.LoadModuleReader.SendChecked(new SignUpdateCommand(data.IssuerId, data.CardNumber, 1, data.Counter, expiry, 50_000)).Mac;
        Assert.That(world.PurseReader.Send(new UpdateParametersCommand(expiry, 50_000, mac)).IsSuccess, Is.True);
        Assert.That(world.PurseReader.Send(new UpdateParametersCommand(expiry, 50_000, mac)).StatusWord, Is.EqualTo(StatusWord.IncorrectSecureMessagingData));
        Assert.That(world.Purse.MaximumBalance, Is.EqualTo(50_000u));
    }

    [Test]
    public void Purse_ReopenedFromImageFile_KeepsBalanceCounterAndLog()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-purse-{Guid.NewGuid():N}.img");
        try
        {
            var psamCard = new Card(new CardOptions { RandomSeed = 5 });
            PsamApplet.Install(psamCard, PsamPersonalization.ForTestIssuer());
            var merchant = new MerchantService(new CardOS.Reader.InProcess.InProcessReader(psamCard), new InMemoryPaymentLedger(), FixedTime.Default);
            merchant.Start();
            using (CardImageFile image = CardImageFile.Create(path, 64 * 1024))
            {
                var card = new Card(new CardOptions(), image);
                PurseApplet.Install(card, PursePersonalization.ForTestIssuer(initialBalance: 1_000));
                Assert.That(merchant.Pay(new CardOS.Reader.InProcess.InProcessReader(card), "x", 300).Code, Is.EqualTo(PaymentResultCode.Completed));
                card.PowerOff();
            }

            using (CardImageFile image = CardImageFile.Open(path, 64 * 1024))
            {
                var card = new Card(new CardOptions(), image);
                PurseApplet purse = PurseApplet.Install(card, personalization: null);
                var reader = new CardOS.Reader.InProcess.InProcessReader(card);
                Assert.That(purse.Balance, Is.EqualTo(700u));
                Assert.That(purse.Counter, Is.EqualTo(1u));
                reader.SendChecked(new SelectApplicationCommand(PurseApplet.DefaultAid));
                Assert.That(reader.SendChecked(new ReadLogRecordCommand(1)).Entry.Amount, Is.EqualTo(300u));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Install_BlankCardWithoutPersonalization_Throws() =>
        Assert.That(() => PurseApplet.Install(new Card(), personalization: null), Throws.InvalidOperationException);

    // RFC 4493 4: AES-128 key 2b7e1516..., 16-byte message, CMAC 070a16b4 6b4d4144 f79bdd9d d04a287c.
    [TestCase("2B7E151628AED2A6ABF7158809CF4F3C", "", "BB1D6929E95937287FA37D129B756746")]
    [TestCase("2B7E151628AED2A6ABF7158809CF4F3C", "6BC1BEE22E409F96E93D7E117393172A", "070A16B46B4D4144F79BDD9DD04A287C")]
    public void AesCmac_Rfc4493Vectors(string key, string message, string mac)
    {
        byte[] computed = new byte[16];
        AesCmac.Compute(Hex.Decode(key), Hex.Decode(message), computed);
        Assert.That(Hex.Encode(computed), Is.EqualTo(mac));
        Assert.That(AesCmac.Verify(Hex.Decode(key), Hex.Decode(message), Hex.Decode(mac).AsSpan(0, 8)), Is.True);
    }

    // ISO/IEC 9797-1 MAC algorithm 3 (retail MAC), padding method 2: truncation keeps the leftmost bytes, a flipped bit fails.
    [Test]
    public void RetailMac_TruncationAndVerification_AgreeWithCompute()
    {
        byte[] key = Hex.Decode("0123456789ABCDEFFEDCBA9876543210");
        byte[] message = Hex.Decode("4E6F77206973207468652074696D6520666F7220616C6C20");
        byte[] full = new byte[8];
        RetailMac.Compute(key, message, full);
        byte[] four = new byte[4];
        RetailMac.Compute(key, message, four);
        Assert.That(four, Is.EqualTo(full[..4]));
        Assert.That(RetailMac.Verify(key, message, full), Is.True);
        full[7] ^= 1;
        Assert.That(RetailMac.Verify(key, message, full), Is.False);
    }

    [TestCase("")]
    [TestCase("4E6F77206973207468652074696D6520666F7220616C6C20")]
    [TestCase("01020304050607")]
    public void RetailMac_MatchesDesCompositionOracle(string messageHex)
    {
        // ISO/IEC 9797-1 MAC algorithm 3 = CBC-MAC under K1 with the last block decrypted under K2, encrypted under K1.
        byte[] key = Hex.Decode("0123456789ABCDEFFEDCBA9876543210");
        byte[] message = Hex.Decode(messageHex);
        byte[] padded = new byte[(message.Length / 8 + 1) * 8];
        message.CopyTo(padded, 0);
        padded[message.Length] = 0x80;
#pragma warning disable CA5351 // DES is what ISO/IEC 9797-1 algorithm 3 is built from; here it is only the test's oracle.
        using var k1 = System.Security.Cryptography.DES.Create();
        k1.Key = key[..8];
        using var k2 = System.Security.Cryptography.DES.Create();
        k2.Key = key[8..];
#pragma warning restore CA5351
        byte[] cbc = k1.EncryptCbc(padded, new byte[8], System.Security.Cryptography.PaddingMode.None);
        byte[] last = cbc[^8..];
        byte[] expected = k1.EncryptEcb(k2.DecryptEcb(last, System.Security.Cryptography.PaddingMode.None), System.Security.Cryptography.PaddingMode.None);
        byte[] mac = new byte[8];
        RetailMac.Compute(key, message, mac);
        Assert.That(mac, Is.EqualTo(expected));
    }

    [Test]
    public void KeyDiversification_DifferentCardsAndLabels_DifferentKeys()
    {
        byte[] a = PurseKeys.DerivePurchaseKey(PurseTestKeys.PurchaseMasterKey, PurseTestKeys.IssuerId, PurseTestKeys.CardNumber);
        byte[] b = PurseKeys.DerivePurchaseKey(PurseTestKeys.PurchaseMasterKey, PurseTestKeys.IssuerId, Hex.Decode("5999000000000002"));
        byte[] c = PurseKeys.DeriveLoadKey(PurseTestKeys.PurchaseMasterKey, PurseTestKeys.IssuerId, PurseTestKeys.CardNumber);
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
        Assert.That(PurseKeys.DerivePurchaseKey(PurseTestKeys.PurchaseMasterKey, PurseTestKeys.IssuerId, PurseTestKeys.CardNumber), Is.EqualTo(a));
    }

    private static byte[] Request(int counter)
    {
        byte[] request = new byte[PurseFormat.ProofRequestLength];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(request, (uint)counter);
        return request;
    }
}
