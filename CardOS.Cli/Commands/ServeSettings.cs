namespace CardOS.Cli.Commands;

/// <summary>What <c>cardos serve</c> was asked to do.</summary>
/// <param name="Cards">The card profiles, one per slot.</param>
/// <param name="Image">A card image file, or null for a card in memory.</param>
/// <param name="Port">vpcd's port for slot 0.</param>
/// <param name="Host">vpcd's address, or the address to listen on in reversed mode.</param>
/// <param name="Reversed">Listen for vpcd instead of connecting to it.</param>
/// <param name="Trace">Print each APDU.</param>
internal sealed record ServeSettings(IReadOnlyList<string> Cards, string? Image, int Port, string Host, bool Reversed, bool Trace);
