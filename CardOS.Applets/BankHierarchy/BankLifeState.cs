namespace CardOS.Applets.BankHierarchy;

/// <summary>A card's life state (CARD_INFO byte 2).</summary>
public enum BankLifeState : byte
{
    /// <summary>Installed, waiting for PERSONALISE.</summary>
    Blank = 0x00,

    /// <summary>Personalised and usable.</summary>
    Active = 0x01,

    /// <summary>Invalidated by a bank card that found its account in BAD_CARD; it never transacts again.</summary>
    Invalidated = 0x02,
}
