using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy;

/// <summary>What a relayed exchange came to.</summary>
/// <param name="Step">The step that failed, or <see cref="ExchangeStep.Completed"/>.</param>
/// <param name="StatusWord">The failing step's status word; 9000 when completed or when the card went mute.</param>
/// <param name="ConnectionLost">True when a card stopped answering (removed, power cut) at <paramref name="Step"/>.</param>
public sealed record ExchangeOutcome(ExchangeStep Step, StatusWord StatusWord, bool ConnectionLost)
{
    /// <summary>True when every step answered 9000.</summary>
    public bool IsCompleted => Step == ExchangeStep.Completed;

    /// <summary>
    /// True when the paying card may have debited without the receiving card crediting: the documented window
    /// (STEP 2 answered, or went mute, and STEP 3 did not complete). The PASSBOOKs settle what happened.
    /// </summary>
    public bool MayHaveLostValue => Step == ExchangeStep.Step3 || (Step == ExchangeStep.Step2 && ConnectionLost);

    /// <summary>For example "Completed" or "Step2: 9404".</summary>
    public override string ToString() => IsCompleted ? "Completed" : $"{Step}: {(ConnectionLost ? "card mute" : StatusWord.ToString())}";
}
