using CardOS.Reader.Tracing;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Cli.Profiles;

/// <summary>
/// A kind of card <c>cardos serve</c> can put in a reader: how the card is built and which applets it gets.
/// Installing over an image that already holds the applets re-binds them, so the same profile opens saved cards.
/// </summary>
/// <param name="Name">The name given to <c>--card</c>.</param>
/// <param name="Description">One line for <c>--help</c> and the docs.</param>
/// <param name="Options">How the card is built.</param>
/// <param name="Install">Installs the profile's applets on a card built with <paramref name="Options"/>.</param>
internal sealed record CardProfile(string Name, string Description, CardOptions Options, Action<Card> Install)
{
    /// <summary>The commands whose data the APDU trace masks for this card's applets (ISO VERIFY and CHANGE REFERENCE DATA by default).</summary>
    public SecretCommands Secrets { get; init; } = SecretCommands.Iso;

    /// <summary>A new card of this profile with a blank in-memory EEPROM.</summary>
    public Card CreateCard()
    {
        var card = new Card(Options);
        Install(card);
        return card;
    }

    /// <summary>A card of this profile on <paramref name="image"/>: its applets re-bind to what the image holds.</summary>
    public Card CreateCard(CardImageFile image)
    {
        var card = new Card(Options with { EepromCapacity = image.Capacity }, image);
        Install(card);
        return card;
    }

    /// <summary>Opens the image at <paramref name="path"/>, or creates it with this profile's capacity if there is none.</summary>
    /// <exception cref="CardImageException">The file exists but is not a usable card image.</exception>
    public CardImageFile OpenOrCreateImage(string path) =>
        File.Exists(path) ? CardImageFile.Open(path) : CardImageFile.Create(path, Options.EepromCapacity);
}
