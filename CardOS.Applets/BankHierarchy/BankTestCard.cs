namespace CardOS.Applets.BankHierarchy;

/// <summary>The documented test cards (docs/applets/bank-hierarchy.md, Test keys), for tests, demos and <c>cardos serve</c>.</summary>
public enum BankTestCard
{
    /// <summary>bank-center: account 9000000000000001, "CENTER", 1,000,000 created.</summary>
    Center,

    /// <summary>bank-region: account 8000000000000001, "REGION1", funded with 100,000.</summary>
    Region,

    /// <summary>bank-branch: account 7000000000000001, "BRANCH1", funded with 10,000.</summary>
    Branch,

    /// <summary>bank-user: consumer 1000000000000001, "ALICE", funded with 1,000; MIN_TRANS 100, MAX_TRANS 500.</summary>
    User,

    /// <summary>A second consumer, 1000000000000002, "BOB", funded with 1,000.</summary>
    SecondUser,

    /// <summary>A merchant, 2000000000000001, "SHOP", funded with 1,000.</summary>
    Merchant,

    /// <summary>The admin card, 0000000000000001, "ADMIN": issues accounts 1000000000001000 to 1000000000009999.</summary>
    Admin,
}
