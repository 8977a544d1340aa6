using CardOS.Runtime;

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
    /// <summary>A new card of this profile with a blank in-memory EEPROM.</summary>
    public Card CreateCard()
    {
        var card = new Card(Options);
        Install(card);
        return card;
    }
}
