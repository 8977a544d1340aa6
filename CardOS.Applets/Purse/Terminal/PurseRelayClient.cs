using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>
/// The customer side of the split terminal (EP, IBM 1999): it announces the payment, then only relays whole command
/// APDUs from the merchant server to the purse and whole responses back, byte for byte. It holds no keys, builds no
/// command and interprets no response.
/// </summary>
/// <remarks>
/// One check is the client's own (WO 98/49658: the terminal holds the amount the cardholder agreed to): the DEBIT it
/// relays must carry exactly the approved amount, and a payment carries one DEBIT. Any other DEBIT (another amount,
/// another length, chained, a second one) is never sent to the purse: the client tells the server with a CARD ERROR
/// frame, closes the connection and answers <see cref="PaymentResultCode.Refused"/>. The purse's balance is untouched;
/// the PSAM's pending purchase is voided by the purse's proof at the merchant's next session with it.
/// </remarks>
public static class PurseRelayClient
{
    /// <summary>Connects to the merchant server at <paramref name="host"/>:<paramref name="port"/> and relays one payment.</summary>
    public static PaymentResult Pay(string host, int port, ICardChannel purse, string owner, uint amount)
    {
        using var client = new TcpClient { NoDelay = true };
        client.Connect(host, port);
        using NetworkStream stream = client.GetStream();
        return Pay(stream, purse, owner, amount);
    }

    /// <summary>Relays one payment over an open connection to the merchant server.</summary>
    public static PaymentResult Pay(Stream server, ICardChannel purse, string owner, uint amount)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(purse);
        ArgumentNullException.ThrowIfNull(owner);
        byte[] ownerBytes = Encoding.UTF8.GetBytes(owner);
        byte[] hello = new byte[4 + ownerBytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(hello, amount);
        ownerBytes.CopyTo(hello, 4);

        byte[] response = new byte[CardChannelExtensions.MaxResponseLength];
        bool debited = false;
        uint? purseBalance = null;
        try
        {
            TerminalFrame.Write(server, TerminalFrame.Hello, hello);
            while (true)
            {
                (byte Type, byte[] Payload)? frame = TerminalFrame.Read(server);
                if (frame is null)
                    return Interrupted(amount, "the server closed the connection");
                if (frame.Value.Type == TerminalFrame.Result)
                    return ReadResult(frame.Value.Payload, amount, purseBalance);
                if (frame.Value.Type != TerminalFrame.Command)
                    return Interrupted(amount, $"unexpected frame type {frame.Value.Type}");
                if (IsDebit(frame.Value.Payload))
                {
                    string? refusal = CheckDebit(frame.Value.Payload, amount, debited);
                    if (refusal is not null)
                    {
                        TerminalFrame.Write(server, TerminalFrame.CardError, Encoding.UTF8.GetBytes($"the client refused the DEBIT: {refusal}"));
                        return new PaymentResult { Code = PaymentResultCode.Refused, Amount = amount, Message = $"{refusal}; the DEBIT was not sent to the purse, nothing was debited" };
                    }

                    debited = true;
                }

                int length;
                try
                {
                    length = purse.Transmit(frame.Value.Payload, response);
                }
                catch (CardConnectionException e)
                {
                    TerminalFrame.Write(server, TerminalFrame.CardError, Encoding.UTF8.GetBytes(e.Message));
                    continue;
                }

                if (IsDebit(frame.Value.Payload) && length == 14 && response[12] == 0x90 && response[13] == 0x00)
                    purseBalance = BinaryPrimitives.ReadUInt32BigEndian(response);
                TerminalFrame.Write(server, TerminalFrame.Response, response.AsSpan(0, length));
            }
        }
        catch (IOException e)
        {
            return Interrupted(amount, e.Message);
        }
    }

    /// <summary>Whether the command is the purse's DEBIT in any class (INS <c>54</c>), so the amount check cannot be side-stepped by a class byte.</summary>
    private static bool IsDebit(ReadOnlySpan<byte> command) => command.Length >= 2 && command[1] == PurseInstructions.Debit;

    /// <summary>Null when <paramref name="command"/> is the one DEBIT of this payment and carries <paramref name="approved"/>; otherwise why not.</summary>
    internal static string? CheckDebit(ReadOnlySpan<byte> command, uint approved, bool alreadyDebited)
    {
        if (alreadyDebited)
            return $"the server sent a second DEBIT in one payment of {approved}";
        if (!CommandApdu.TryParse(command, out CommandApdu? apdu) || (apdu.Cla & 0x10) != 0 || apdu.Nc != PurseFormat.DebitDataLength)
            return $"the server sent a malformed DEBIT ({Hex.Encode(command)}) for a payment of {approved}";
        uint requested = BinaryPrimitives.ReadUInt32BigEndian(apdu.Data.Span);
        return requested == approved ? null : $"the server asked the purse to debit {requested}, but the payment approved is {approved}";
    }

    internal static byte[] EncodeResult(PaymentResult result)
    {
        byte[] message = Encoding.UTF8.GetBytes(result.Message);
        byte[] payload = new byte[16 + Math.Min(message.Length, 1024)];
        payload[0] = (byte)result.Code;
        result.StatusWord.WriteTo(payload.AsSpan(1));
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(3), result.Amount);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(7), result.BalanceAfter);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(11), result.Sequence);
        payload[15] = (byte)Math.Min(result.Recovered, 255);
        message.AsSpan(0, payload.Length - 16).CopyTo(payload.AsSpan(16));
        return payload;
    }

    /// <summary>
    /// The server's RESULT, with what the client knows first-hand in place of the server's word: the amount is the one
    /// the client approved (the only one it let through), the balance the purse's own answer to the DEBIT.
    /// </summary>
    private static PaymentResult ReadResult(byte[] payload, uint approved, uint? purseBalance)
    {
        if (payload.Length < 16)
            return Interrupted(approved, "malformed result frame");
        return new PaymentResult
        {
            Code = (PaymentResultCode)payload[0],
            StatusWord = StatusWord.ReadFrom(payload.AsSpan(1, 2)),
            Amount = approved,
            BalanceAfter = purseBalance ?? BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(7)),
            Sequence = BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(11)),
            Recovered = payload[15],
            Message = Encoding.UTF8.GetString(payload.AsSpan(16)),
        };
    }

    private static PaymentResult Interrupted(uint amount, string message) =>
        new() { Code = PaymentResultCode.Interrupted, Amount = amount, Message = message };
}
