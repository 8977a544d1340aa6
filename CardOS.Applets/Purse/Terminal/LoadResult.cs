using CardOS.Apdu;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>The outcome of a load attempt.</summary>
/// <param name="Outcome">Loaded or not loaded; null when the purse was lost before the load module could decide (run <see cref="PurseLoader.Recover"/> when it is back).</param>
/// <param name="StatusWord">The status word that refused the load (9000 otherwise).</param>
/// <param name="BalanceAfter">The purse's balance after a completed load.</param>
/// <param name="Recovered">True when the decision came from the negative-result recovery (zero-value request).</param>
public sealed record LoadResult(LoadOutcome? Outcome, StatusWord StatusWord, uint BalanceAfter, bool Recovered);
