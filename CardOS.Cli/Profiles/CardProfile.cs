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

    /// <summary>
    /// Opens the image at <paramref name="path"/> to run a card of this profile on it. An image issued as another profile
    /// is refused (its applets would get this profile's applets beside them) unless <paramref name="anyProfile"/>; an
    /// image that records no profile (made before profiles were recorded) is accepted, as it always was.
    /// </summary>
    /// <exception cref="CardImageException">The file is not a usable card image, or it was issued as another profile.</exception>
    public CardImageFile OpenImage(string path, bool anyProfile)
    {
        CardImageFile image = CardImageFile.Open(path);
        if (anyProfile || image.Profile is null || string.Equals(image.Profile, Name, StringComparison.OrdinalIgnoreCase))
            return image;
        image.Dispose();
        throw new CardImageException(path, $"issued as {image.Profile}, not {Name}; give --card {image.Profile}, or --any-profile to run it as {Name} anyway", null);
    }

    /// <summary>Creates the image of a blank card of this profile at <paramref name="path"/>, with the profile recorded in it.</summary>
    /// <exception cref="CardImageException">The file exists or cannot be created.</exception>
    public CardImageFile CreateImage(string path) => CardImageFile.Create(path, Options.EepromCapacity, profile: Name);
}
