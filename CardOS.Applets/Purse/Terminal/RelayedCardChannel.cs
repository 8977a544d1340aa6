using CardOS.Apdu;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>The server's view of the purse behind the relaying client: each APDU travels as one COMMAND frame and comes back as one RESPONSE frame.</summary>
internal sealed class RelayedCardChannel(Stream stream) : ICardChannel
{
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        try
        {
            TerminalFrame.Write(stream, TerminalFrame.Command, command);
            (byte Type, byte[] Payload)? frame = TerminalFrame.Read(stream);
            if (frame is null)
                throw new CardConnectionException("The client closed the connection.");
            if (frame.Value.Type == TerminalFrame.CardError)
                throw new CardConnectionException($"The client lost the card: {System.Text.Encoding.UTF8.GetString(frame.Value.Payload)}");
            if (frame.Value.Type != TerminalFrame.Response || frame.Value.Payload.Length < 2 || frame.Value.Payload.Length > response.Length)
                throw new CardConnectionException($"The client sent frame type {frame.Value.Type} with {frame.Value.Payload.Length} bytes where a response APDU belongs.");
            frame.Value.Payload.CopyTo(response);
            return frame.Value.Payload.Length;
        }
        catch (IOException e)
        {
            throw new CardConnectionException($"The connection to the client failed: {e.Message}", e);
        }
    }
}
