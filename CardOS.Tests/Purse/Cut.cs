namespace CardOS.Tests.Purse;

/// <summary>Where a killed client dies relative to the APDU it was relaying.</summary>
public enum Cut
{
    /// <summary>Before the purse receives the command.</summary>
    BeforeCard,

    /// <summary>After the purse ran the command, before the response leaves the client.</summary>
    AfterCard,
}
