namespace CardOS.Apdu;

/// <summary>
/// A connection to a card that carries command APDUs to it and response APDUs back: the in-process reader and the
/// PC/SC channel both implement it, so every host-side driver runs unchanged over either.
/// </summary>
public interface ICardChannel
{
    /// <summary>Sends a command APDU and writes the response APDU (data, SW1, SW2) to <paramref name="response"/>.</summary>
    /// <returns>The response length, at least 2.</returns>
    /// <exception cref="CardConnectionException">The card did not answer (removed, unpowered, link lost).</exception>
    int Transmit(ReadOnlySpan<byte> command, Span<byte> response);
}
