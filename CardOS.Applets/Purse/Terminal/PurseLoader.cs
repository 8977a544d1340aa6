using CardOS.Apdu;
using CardOS.Applets.Purse.Commands;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>
/// The load of WO 98/49658 between a purse and the issuer's load module: S1 from the purse, S2 from the module, S3 back;
/// on a negative or missing result, the zero-value load request with a fresh S1 lets the module decide whether value
/// was loaded.
/// </summary>
public sealed class PurseLoader
{
    private readonly ICardChannel _purse;
    private readonly ICardChannel _loadModule;
    private readonly TimeProvider _time;

    /// <summary>A loader for the purse behind <paramref name="purse"/> and the module behind <paramref name="loadModule"/>.</summary>
    public PurseLoader(ICardChannel purse, ICardChannel loadModule, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(purse);
        ArgumentNullException.ThrowIfNull(loadModule);
        _purse = purse;
        _loadModule = loadModule;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Loads <paramref name="amount"/>; a refused or unconfirmed credit is settled by the recovery at once.</summary>
    /// <exception cref="CardConnectionException">The purse was lost before it could be asked to load.</exception>
    public LoadResult Load(uint amount)
    {
        LoadModuleGetDataResponse module = SelectBoth();
        InitializeForLoadResponse request = _purse.Send(new InitializeForLoadCommand(amount, module.Currency, Today(), module.LoadModuleId));
        if (!request.IsSuccess)
            return new LoadResult(LoadOutcome.NotLoaded, request.StatusWord, 0, false);
        AuthorizeLoadResponse authorization = _loadModule.Send(new AuthorizeLoadCommand(request.Data.Span));
        if (!authorization.IsSuccess)
            return new LoadResult(LoadOutcome.NotLoaded, authorization.StatusWord, 0, false);

        CreditResponse credit;
        try
        {
            credit = _purse.Send(new CreditCommand(authorization.S2));
        }
        catch (CardConnectionException)
        {
            return new LoadResult(null, StatusWord.Success, 0, false);
        }

        if (credit.IsSuccess)
        {
            PsamTotalsResponse confirmed = _loadModule.Send(new ConfirmLoadCommand(request.CardNumber, credit.BalanceAfter, credit.S3));
            if (confirmed.IsSuccess)
                return new LoadResult(LoadOutcome.Loaded, StatusWord.Success, credit.BalanceAfter, false);
        }

        LoadOutcome? outcome = Recover();
        return new LoadResult(outcome, credit.StatusWord, credit.IsSuccess ? credit.BalanceAfter : 0, true);
    }

    /// <summary>
    /// The negative-result recovery: a zero-value load request with a fresh S1 (the counter and the purse's last load),
    /// which the load module checks against its pending load. Null when the module has nothing pending for the purse or
    /// the purse cannot answer.
    /// </summary>
    public LoadOutcome? Recover()
    {
        LoadModuleGetDataResponse module = SelectBoth();
        InitializeForLoadResponse request = _purse.Send(new InitializeForLoadCommand(0, module.Currency, Today(), module.LoadModuleId));
        if (!request.IsSuccess)
            return null;
        RecoverLoadResponse recovered = _loadModule.Send(new RecoverLoadCommand(request.Data.Span));
        return recovered.IsSuccess ? recovered.Outcome : null;
    }

    private LoadModuleGetDataResponse SelectBoth()
    {
        _purse.SendChecked(new SelectApplicationCommand(PurseApplet.DefaultAid));
        _loadModule.SendChecked(new SelectApplicationCommand(LoadModuleApplet.DefaultAid));
        return _loadModule.SendChecked(new LoadModuleGetDataCommand());
    }

    private byte[] Today() => BcdDate.From(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
}
