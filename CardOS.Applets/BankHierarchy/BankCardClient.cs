using System.Text;
using CardOS.Apdu;
using CardOS.Applets.BankHierarchy.Commands;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// A terminal's handle on one bank card: sends the command classes of <see cref="Commands"/> over any
/// <see cref="ICardChannel"/> (in-process or PC/SC), collecting T=0 and 61xx answers with <see cref="GetResponseChannel"/>.
/// </summary>
public sealed class BankCardClient
{
    private readonly GetResponseChannel _channel;
    private readonly byte[] _command = new byte[4096];
    private readonly byte[] _response = new byte[4096];

    /// <summary>Talks to the bank applet at <paramref name="aid"/> (<see cref="BankCardApplet.DefaultAid"/> when null) over <paramref name="channel"/>.</summary>
    public BankCardClient(ICardChannel channel, Aid? aid = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        Channel = channel;
        _channel = new GetResponseChannel(channel);
        Aid = aid ?? BankCardApplet.DefaultAid;
    }

    /// <summary>The channel to the card.</summary>
    public ICardChannel Channel { get; }

    /// <summary>The applet's AID.</summary>
    public Aid Aid { get; }

    /// <summary>The card's crypto profile, learnt from GET CARD STATUS (DES until then).</summary>
    public CryptoProfile Profile { get; set; } = CryptoProfile.Des;

    /// <summary>Sends a command and returns the whole answer.</summary>
    /// <exception cref="CardConnectionException">The card did not answer.</exception>
    public ResponseApdu Transmit(CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        int length = command.Encode(_command);
        int responseLength = _channel.Transmit(_command.AsSpan(0, length), _response);
        return ResponseApdu.Parse(_response.AsSpan(0, responseLength));
    }

    /// <summary>SELECT the applet.</summary>
    public BankResponse Select() => SelectBankAppletCommand.CreateResponse(Transmit(new SelectBankAppletCommand(Aid).CreateCommandApdu()));

    /// <summary>VERIFY the PIN (reference 81).</summary>
    public VerifyResponse VerifyPin(string pin) => Verify(BankCardApplet.PinReference, Encoding.ASCII.GetBytes(pin));

    /// <summary>VERIFY the holder key (reference 82).</summary>
    public VerifyResponse VerifyHolderKey(string holderKey) => Verify(BankCardApplet.HolderKeyReference, Encoding.ASCII.GetBytes(holderKey));

    /// <summary>VERIFY <paramref name="reference"/> with <paramref name="value"/>.</summary>
    public VerifyResponse Verify(byte reference, ReadOnlySpan<byte> value) =>
        VerifyCommand.CreateResponse(Transmit(new VerifyCommand(reference, value).CreateCommandApdu()));

    /// <summary>GET CHALLENGE of <paramref name="length"/> (8 or 16) bytes; throws <see cref="IsoException"/> on any answer but 9000.</summary>
    public byte[] GetChallenge(int length = 8) => GetChallengeCommand.CreateResponse(Transmit(GetChallengeCommand.CreateCommandApdu(length))).Challenge;

    /// <summary>GET CARD STATUS; remembers the card's profile.</summary>
    public GetCardStatusResponse GetStatus()
    {
        GetCardStatusResponse status = GetCardStatusCommand.CreateResponse(Transmit(GetCardStatusCommand.CreateCommandApdu()));
        if (status.IsSuccess && status.Profile is CryptoProfile.Des or CryptoProfile.Aes)
            Profile = status.Profile;
        return status;
    }

    /// <summary>READ BINARY of BALANCE.</summary>
    public ReadBalanceResponse ReadBalance() => ReadBalanceCommand.CreateResponse(Transmit(ReadBalanceCommand.CreateCommandApdu()));

    /// <summary>READ RECORD of PASSBOOK record <paramref name="number"/> (1 = newest; needs the PIN).</summary>
    public ReadPassbookResponse ReadPassbook(int number) => ReadPassbookCommand.CreateResponse(Transmit(new ReadPassbookCommand(number).CreateCommandApdu()));

    /// <summary>Reads PASSBOOK records newest first until the ring ends or <paramref name="stop"/> says so (needs the PIN).</summary>
    public IReadOnlyList<PassbookEntry> ReadPassbook(Func<PassbookEntry, bool>? stop = null)
    {
        var entries = new List<PassbookEntry>();
        for (int number = 1; number <= PassbookEntry.Capacity; number++)
        {
            ReadPassbookResponse response = ReadPassbook(number);
            if (response.IsPastEnd)
                break;
            PassbookEntry entry = response.Entry;
            if (stop?.Invoke(entry) == true)
                break;
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>BEGIN EXCHANGE.</summary>
    public BeginExchangeResponse BeginExchange(ExchangeMode mode, uint amount = 0, byte peerKeyNumber = 0) =>
        BeginExchangeCommand.CreateResponse(Transmit(new BeginExchangeCommand(mode, amount, peerKeyNumber).CreateCommandApdu()));

    /// <summary>EXCHANGE STEP 1.</summary>
    public ExchangeStep1Response ExchangeStep1(byte ak0, ReadOnlySpan<byte> p1) =>
        ExchangeStep1Command.CreateResponse(Transmit(new ExchangeStep1Command(ak0, p1).CreateCommandApdu()), Profile);

    /// <summary>EXCHANGE STEP 2.</summary>
    public ExchangeStep2Response ExchangeStep2(ReadOnlySpan<byte> packets) =>
        ExchangeStep2Command.CreateResponse(Transmit(new ExchangeStep2Command(packets).CreateCommandApdu()));

    /// <summary>EXCHANGE STEP 3.</summary>
    public BankResponse ExchangeStep3(ReadOnlySpan<byte> packet) =>
        ExchangeStep3Command.CreateResponse(Transmit(new ExchangeStep3Command(packet).CreateCommandApdu()));

    /// <summary>GET CHALLENGE then CREATE MONEY with the MAC under <paramref name="creationKey"/> (center card).</summary>
    public BankResponse CreateMoney(uint amount, AccountNumber centerAccount, ReadOnlySpan<byte> creationKey)
    {
        byte[] challenge = GetChallenge();
        return CreateMoneyCommand.CreateResponse(Transmit(CreateMoneyCommand.Create(amount, challenge, centerAccount, creationKey, Profile).CreateCommandApdu()));
    }

    /// <summary>ROLL KEYS (center card, holder key verified).</summary>
    public RollKeysResponse RollKeys(BankDate date, uint rate) => RollKeysCommand.CreateResponse(Transmit(new RollKeysCommand(date, rate).CreateCommandApdu()));

    /// <summary>
    /// GET CHALLENGE (16 bytes) then SET SECURITY LOCK with the cryptogram <paramref name="cryptogram"/> computes for the
    /// challenge: a security key card (<c>SecurityKeyCardDriver.ComputeCryptogram</c>) or a host holding the lock master key
    /// (<see cref="SetSecurityLockCommand.ComputeCryptogram"/>).
    /// </summary>
    public BankResponse SetSecurityLock(bool close, Func<byte[], byte[]> cryptogram)
    {
        ArgumentNullException.ThrowIfNull(cryptogram);
        byte[] challenge = GetChallenge(16);
        return SetSecurityLockCommand.CreateResponse(Transmit(new SetSecurityLockCommand(close, cryptogram(challenge)).CreateCommandApdu()));
    }

    /// <summary>GET CHALLENGE then SET SECURITY LOCK with the cryptogram computed from the lock master key.</summary>
    public BankResponse SetSecurityLock(bool close, AccountNumber account, byte[] lockMasterKey) =>
        SetSecurityLock(close, challenge => SetSecurityLockCommand.ComputeCryptogram(close, challenge, account, lockMasterKey));

    /// <summary>MANAGE BAD CARD (bank card, holder key verified).</summary>
    public BankResponse ManageBadCard(AccountNumber account, bool add) => ManageBadCardCommand.CreateResponse(Transmit(new ManageBadCardCommand(account, add).CreateCommandApdu()));

    /// <summary>ISSUE CARD (admin card, PIN verified).</summary>
    public IssueCardResponse IssueCard(IssueRequest request) => IssueCardCommand.CreateResponse(Transmit(new IssueCardCommand(request).CreateCommandApdu()));

    /// <summary>PERSONALISE (blank card, after GET CHALLENGE).</summary>
    public BankResponse Personalise(ReadOnlySpan<byte> wrappedRecord) => PersonaliseCommand.CreateResponse(Transmit(new PersonaliseCommand(wrappedRecord).CreateCommandApdu()));
}
