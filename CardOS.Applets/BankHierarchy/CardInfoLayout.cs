namespace CardOS.Applets.BankHierarchy;

/// <summary>Offsets in CARD_INFO (docs/applets/bank-hierarchy.md, CARD_INFO).</summary>
internal static class CardInfoLayout
{
    public const int Role = 0;
    public const int Profile = 1;
    public const int LifeState = 2;
    public const int Lock = 3;
    public const int BadKeyLimit = 4;
    public const int Currency = 5;
    public const int ApplicationNumber = 8;
    public const int PublicName = 16;
}

/// <summary>BAD_CARD's shape.</summary>
internal static class BadCardLayout
{
    public const int Entries = 1200;
    public const int EntrySize = 4;
    public const int Size = Entries * EntrySize;
    public const uint Free = 0xFFFFFFFF;
}
