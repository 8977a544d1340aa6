using System.Numerics;
using CardOS.Applets.SecurityCard;
using CardOS.Runtime;

namespace CardOS.Tests.SecurityCard;

/// <summary>
/// The secrets never leave the card: a search over the whole command space (every CLA x INS with random P1-P2, Lc, data
/// and Le; then every P1 x P2 of every instruction the card knows, with random data) in each state the card can be in,
/// checking every answer, and everything the card answered in a row (a secret split across GET RESPONSE included),
/// for S_U, S_C and (S_U + S_C) mod Q, and for every value either secret took during the run.
/// </summary>
public class SecurityCardSecretSearchTests
{
    public enum State
    {
        Personalising,
        Operational,
        PinVerified,
        Locked,
    }

    private static readonly (byte Cla, byte Ins)[] Implemented =
    [
        (0x00, 0x20), (0x00, 0x24), (0x00, 0x44), (0x00, 0x47), (0x00, 0x82), (0x00, 0x84), (0x00, 0xCA), (0x00, 0xDA),
        (0x80, 0x30), (0x80, 0x32), (0x80, 0x34),
    ];

    // Lengths the card's commands accept, so random data gets past the length checks.
    private static readonly int[] Lengths = [0, 4, 8, 16, 18, 24, 32, 40, 60, 128];

    [TestCase(State.Personalising, true)]
    [TestCase(State.Operational, false)]
    [TestCase(State.PinVerified, true)]
    [TestCase(State.Locked, false)]
    public void CommandSpace_AnyCommand_NeverAnswersASecret(State state, bool everyP1P2)
    {
        SecurityCardHarness card = Enter(state, SecurityCardHarness.Personalised(seed: 40 + (int)state));
        var secrets = new List<byte[]>();
        RecordSecrets(card.Applet, secrets);
        var random = new Random(1000 + (int)state);
        var response = new byte[Card.MaxResponseLength];
        var buffer = new byte[300];
        var stream = new List<byte>(1 << 20);
        long commands = 0;

        void Send(byte cla, byte ins, byte p1, byte p2)
        {
            int commandLength = RandomCommand(random, buffer, cla, ins, p1, p2);
            ReadOnlySpan<byte> command = buffer.AsSpan(0, commandLength);
            int length = card.Card.Transmit(command, response);
            if (length < 2)
                Assert.Fail($"the card went mute on {Convert.ToHexString(command)}");
            if (ins is 0xDA or 0x47 && response[length - 2] == 0x90)
                RecordSecrets(card.Applet, secrets);
            ReadOnlySpan<byte> data = response.AsSpan(0, length - 2);
            foreach (byte[] secret in secrets)
            {
                if (data.IndexOf(secret) >= 0)
                    Assert.Fail($"{Convert.ToHexString(command)} answered a secret: {Convert.ToHexString(data)}");
            }

            stream.AddRange(data);
            if (++commands % 1024 == 0)
            {
                Check(stream, secrets);
                Enter(state, card);
            }
        }

        for (int cla = 0; cla < 256; cla++)
        {
            for (int ins = 0; ins < 256; ins++)
                Send((byte)cla, (byte)ins, (byte)random.Next(256), (byte)random.Next(256));
        }

        if (everyP1P2)
        {
            foreach ((byte cla, byte ins) in Implemented)
            {
                for (int p1p2 = 0; p1p2 < 0x10000; p1p2++)
                    Send(cla, ins, (byte)(p1p2 >> 8), (byte)p1p2);
            }
        }

        Check(stream, secrets);
        Assert.That(card.Card.IsPowered, Is.True);
    }

    private static SecurityCardHarness Enter(State state, SecurityCardHarness personalised)
    {
        if (state == State.Personalising)
        {
            // A second card, stopped before activation: secrets entered, PIN set, no CARD-CERT.
            if (personalised.Status().IsOperational)
            {
                SecurityCardHarness blank = SecurityCardHarness.Blank(seed: 40);
                blank.Driver.PutData(SecurityCardTags.UserSecret, SecurityCardTestKeys.UserSecret());
                blank.Driver.PutData(SecurityCardTags.BankSecret, SecurityCardTestKeys.BankSecret());
                blank.Driver.ChangePin(null, SecurityCardTestKeys.Pin);
                return blank;
            }

            personalised.Send("00A4040008F043444F53534301");
            return personalised;
        }

        if (state == State.Locked && !personalised.Status().IsLocked)
        {
            using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
            byte[] challenge = personalised.Driver.GetChallenge();
            byte[] cryptogram = new byte[32];
            SecurityCardMacs.ComputeLockCryptogram(keys.LockKeyFor(LockOperation.Close, SecurityCardTestKeys.CardNumber), LockOperation.Close, challenge, SecurityCardTestKeys.CardNumber, cryptogram);
            personalised.Driver.ExternalAuthenticate(LockOperation.Close, cryptogram);
        }

        personalised.Send("00A4040008F043444F53534301");
        if (state is State.PinVerified or State.Locked)
            personalised.Send("0020008108241234FFFFFFFFFF");
        return personalised;
    }

    private static void RecordSecrets(SecurityCardApplet applet, List<byte[]> secrets)
    {
        (byte[] user, byte[] bank) = applet.CopySecretsForTests();
        BigInteger sum = (SchnorrGroup.ReadUnsigned(user) + SchnorrGroup.ReadUnsigned(bank)) % applet.Group.Q;
        foreach (byte[] secret in new[] { user, bank, SchnorrGroup.ToFixedBytes(sum, 32) })
        {
            if (!secret.AsSpan().SequenceEqual(new byte[32]) && !secrets.Exists(s => s.AsSpan().SequenceEqual(secret)))
                secrets.Add(secret);
        }
    }

    private static void Check(List<byte> stream, List<byte[]> secrets)
    {
        ReadOnlySpan<byte> all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stream);
        foreach (byte[] secret in secrets)
            Assert.That(all.IndexOf(secret), Is.EqualTo(-1), "a secret appeared across consecutive answers");

        // Keep the last 31 bytes: a secret may straddle two answers.
        stream.RemoveRange(0, Math.Max(0, stream.Count - 31));
    }

    private static int RandomCommand(Random random, Span<byte> command, byte cla, byte ins, byte p1, byte p2)
    {
        int nc = random.Next(4) == 0 ? random.Next(256) : Lengths[random.Next(Lengths.Length)];
        bool hasLe = random.Next(2) == 0;
        bool extended = random.Next(16) == 0 && (nc > 0 || hasLe);
        byte le = random.Next(3) == 0 ? (byte)0 : (byte)random.Next(1, 256);
        command[0] = cla;
        command[1] = ins;
        command[2] = p1;
        command[3] = p2;
        int offset = 4;
        if (extended)
            command[offset++] = 0;
        if (nc > 0)
        {
            if (extended)
                command[offset++] = (byte)(nc >> 8);
            command[offset++] = (byte)nc;
            random.NextBytes(command.Slice(offset, nc));
            offset += nc;
        }

        if (hasLe)
        {
            if (extended)
                command[offset++] = 0;
            command[offset++] = le;
        }

        return offset;
    }
}
