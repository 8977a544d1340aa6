using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy;

/// <summary>Host-side issuing: personalise a blank card directly (a host holding the transport key) or through the admin card.</summary>
public static class BankIssuer
{
    /// <summary>GET CHALLENGE on the blank card, then PERSONALISE with <paramref name="record"/> wrapped under <paramref name="transportKey"/>.</summary>
    /// <exception cref="IsoException">A card refused.</exception>
    public static void Personalise(BankCardClient blank, PersonalisationRecord record, ReadOnlySpan<byte> transportKey)
    {
        ArgumentNullException.ThrowIfNull(blank);
        ArgumentNullException.ThrowIfNull(record);
        blank.Select().ThrowIfFailed();
        byte[] challenge = blank.GetChallenge();
        blank.Personalise(PersonalisationWrap.Wrap(record.Encode(), transportKey, challenge)).ThrowIfFailed();
        blank.Profile = record.Profile;
    }

    /// <summary>
    /// Issues through the admin card (whose PIN the caller has verified): GET CHALLENGE on the blank card, ISSUE CARD on
    /// the admin card, PERSONALISE on the blank card. <paramref name="request"/>'s challenge is filled in here.
    /// </summary>
    /// <returns>The new card's account number.</returns>
    /// <exception cref="IsoException">A card refused.</exception>
    public static AccountNumber Issue(BankCardClient admin, BankCardClient blank, IssueRequest request)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(blank);
        ArgumentNullException.ThrowIfNull(request);
        blank.Select().ThrowIfFailed();
        byte[] challenge = blank.GetChallenge();
        Commands.IssueCardResponse issued = admin.IssueCard(request with { Challenge = challenge });
        issued.ThrowIfFailed();
        blank.Personalise(issued.WrappedRecord).ThrowIfFailed();
        blank.Profile = admin.Profile;
        return issued.Account;
    }
}
