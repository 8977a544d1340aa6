namespace CardOS.Applets.BankHierarchy;

/// <summary>The crypto profile a card is issued with (CARD_INFO byte 1); docs/applets/bank-hierarchy.md lists the sizes of each.</summary>
public enum CryptoProfile : byte
{
    /// <summary>Not personalised.</summary>
    None = 0x00,

    /// <summary>Faithful to the patent: 8-byte single-DES application keys, 32- and 48-byte packets.</summary>
    Des = 0x01,

    /// <summary>Modern: 16-byte AES-128 application keys, packets with an 8-byte AES-CMAC tag.</summary>
    Aes = 0x02,
}
