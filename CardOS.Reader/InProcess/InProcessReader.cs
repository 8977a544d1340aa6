using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Reader.InProcess;

/// <summary>
/// A reader with a <see cref="Runtime.Card"/> in it, in this process: no daemon, no sockets, no copies.
/// The card is powered on when the reader is created.
/// </summary>
/// <example>
/// <code>
/// var card = new Card();
/// card.Install(Aid.Parse("F000000001"), context => new EchoApplet(context));
/// var reader = new InProcessReader(card);
/// ResponseApdu response = reader.Transmit("00A4040005F000000001");
/// Assert.That(response.StatusWord, Is.EqualTo(StatusWord.Success));
/// </code>
/// </example>
public sealed class InProcessReader : ICardChannel
{
    /// <summary>Puts <paramref name="card"/> in the reader and powers it on.</summary>
    public InProcessReader(Card card)
    {
        ArgumentNullException.ThrowIfNull(card);
        Card = card;
        if (!card.IsPowered)
            Atr = card.PowerOn();
        else
            Atr = card.Atr.ToArray();
    }

    /// <summary>The card in the reader.</summary>
    public Card Card { get; }

    /// <summary>The ATR the card answered at its last power-up or reset.</summary>
    public byte[] Atr { get; private set; }

    /// <inheritdoc />
    /// <exception cref="CardConnectionException">The card is unpowered or lost power during the command.</exception>
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        int length = Card.Transmit(command, response);
        if (length == 0)
            throw new CardConnectionException("The card is mute: it is unpowered or lost power during the command.");
        return length;
    }

    /// <summary>Resets the card (warm reset) and returns its ATR.</summary>
    public byte[] Reset()
    {
        Atr = Card.Reset();
        return Atr;
    }

    /// <summary>Cycles power: off, then on (an interrupted transaction is rolled back); returns the ATR.</summary>
    public byte[] PowerCycle()
    {
        Card.PowerOff();
        Atr = Card.PowerOn();
        return Atr;
    }
}
