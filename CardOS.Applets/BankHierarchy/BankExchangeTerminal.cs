using CardOS.Apdu;
using CardOS.Applets.BankHierarchy.Commands;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The patent's two-reader terminal: relays packets between two cards, each behind its own <see cref="ICardChannel"/>
/// (in-process, or two PC/SC readers such as two vpcd slots). It only carries bytes; the cards check everything.
/// </summary>
/// <remarks>
/// Credentials (PIN above MIN_TRANS, holder key above MAX_TRANS, PINs for interest) are presented by the caller
/// beforehand, on the same card sessions. The terminal never throws for a card's refusal or a mute card: it reports
/// the step in an <see cref="ExchangeOutcome"/>.
/// </remarks>
public sealed class BankExchangeTerminal
{
    /// <summary>Card 1 (<paramref name="payer"/>) pays <paramref name="amount"/> to card 2 (<paramref name="payee"/>): five commands.</summary>
    public static ExchangeOutcome Transfer(BankCardClient payer, BankCardClient payee, uint amount)
    {
        ArgumentNullException.ThrowIfNull(payer);
        ArgumentNullException.ThrowIfNull(payee);
        return Run(payer, payee, payment: true, amount);
    }

    /// <summary>The bank card gives interest and keys to the card one level below.</summary>
    public static ExchangeOutcome PayInterest(BankCardClient bank, BankCardClient receiver)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(receiver);
        return Run(bank, receiver, payment: false, 0);
    }

    private static ExchangeOutcome Run(BankCardClient payer, BankCardClient receiver, bool payment, uint amount)
    {
        ExchangeStep step = ExchangeStep.BeginReceiver;
        try
        {
            BeginExchangeResponse begun = receiver.BeginExchange(payment ? ExchangeMode.ReceivePayment : ExchangeMode.ReceiveInterest, amount);
            if (!begun.IsSuccess)
                return Failed(step, begun);

            step = ExchangeStep.BeginPayer;
            BeginExchangeResponse p1 = payer.BeginExchange(payment ? ExchangeMode.Pay : ExchangeMode.GiveInterest, amount, begun.KeyNumber);
            if (!p1.IsSuccess)
                return Failed(step, p1);

            step = ExchangeStep.Step1;
            ExchangeStep1Response p2 = receiver.ExchangeStep1(p1.KeyNumber, p1.Packet);
            if (!p2.IsSuccess)
                return Failed(step, p2);

            step = ExchangeStep.Step2;
            ExchangeStep2Response p4 = payer.ExchangeStep2(p2.Packets);
            if (!p4.IsSuccess)
                return Failed(step, p4);

            step = ExchangeStep.Step3;
            BankResponse done = receiver.ExchangeStep3(p4.Packet);
            if (!done.IsSuccess)
                return Failed(step, done);
            return new ExchangeOutcome(ExchangeStep.Completed, StatusWord.Success, ConnectionLost: false);
        }
        catch (CardConnectionException)
        {
            return new ExchangeOutcome(step, StatusWord.Success, ConnectionLost: true);
        }
    }

    private static ExchangeOutcome Failed(ExchangeStep step, BankResponse response) => new(step, response.StatusWord, ConnectionLost: false);
}
