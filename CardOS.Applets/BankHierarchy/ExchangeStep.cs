namespace CardOS.Applets.BankHierarchy;

/// <summary>How far an exchange went: the last command the terminal sent (or <see cref="Completed"/>).</summary>
public enum ExchangeStep
{
    /// <summary>BEGIN EXCHANGE on the receiving card.</summary>
    BeginReceiver,

    /// <summary>BEGIN EXCHANGE on the paying card.</summary>
    BeginPayer,

    /// <summary>EXCHANGE STEP 1 on the receiving card.</summary>
    Step1,

    /// <summary>EXCHANGE STEP 2 on the paying card (it debits here).</summary>
    Step2,

    /// <summary>EXCHANGE STEP 3 on the receiving card (it credits here).</summary>
    Step3,

    /// <summary>Every step answered 9000.</summary>
    Completed,
}
