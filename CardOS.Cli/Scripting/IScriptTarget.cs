using CardOS.Apdu;

namespace CardOS.Cli.Scripting;

/// <summary>A card a script drives: a channel plus power control (and power cuts where the card is in-process).</summary>
internal interface IScriptTarget : ICardChannel
{
    /// <summary>Powers the card on; returns the ATR.</summary>
    byte[] PowerUp();

    /// <summary>Powers the card off.</summary>
    void PowerDown();

    /// <summary>Warm reset; returns the ATR.</summary>
    byte[] Reset();

    /// <summary>Cuts power at the <paramref name="writes"/>-th EEPROM write from now.</summary>
    /// <exception cref="NotSupportedException">The card is not in this process.</exception>
    void SchedulePowerCut(int writes);
}
