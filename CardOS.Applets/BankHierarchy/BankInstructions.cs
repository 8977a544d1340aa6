namespace CardOS.Applets.BankHierarchy;

/// <summary>The bank applet's instruction bytes (docs/applets/bank-hierarchy.md, Commands).</summary>
public static class BankInstructions
{
    /// <summary>CLA of the proprietary commands (channel 0).</summary>
    public const byte ProprietaryClass = 0x80;

    /// <summary>VERIFY (interindustry).</summary>
    public const byte Verify = 0x20;

    /// <summary>GET CHALLENGE (interindustry).</summary>
    public const byte GetChallenge = 0x84;

    /// <summary>GET CARD STATUS.</summary>
    public const byte GetCardStatus = 0x30;

    /// <summary>ISSUE CARD (admin).</summary>
    public const byte IssueCard = 0x10;

    /// <summary>PERSONALISE (blank card).</summary>
    public const byte Personalise = 0x12;

    /// <summary>BEGIN EXCHANGE.</summary>
    public const byte BeginExchange = 0x50;

    /// <summary>EXCHANGE STEP 1 (receiving card: P1 in, P2 and P3/P5 out).</summary>
    public const byte ExchangeStep1 = 0x52;

    /// <summary>EXCHANGE STEP 2 (paying card: P2 and P3/P5 in, P4/P6 out).</summary>
    public const byte ExchangeStep2 = 0x54;

    /// <summary>EXCHANGE STEP 3 (receiving card: P4/P6 in).</summary>
    public const byte ExchangeStep3 = 0x56;

    /// <summary>CREATE MONEY (center).</summary>
    public const byte CreateMoney = 0x40;

    /// <summary>ROLL KEYS (center).</summary>
    public const byte RollKeys = 0x42;

    /// <summary>SET SECURITY LOCK.</summary>
    public const byte SetSecurityLock = 0x44;

    /// <summary>MANAGE BAD CARD (bank cards).</summary>
    public const byte ManageBadCard = 0x46;

    /// <summary>BEGIN EXCHANGE P1: receive a payment.</summary>
    public const byte ReceivePayment = 0x01;

    /// <summary>BEGIN EXCHANGE P1: pay.</summary>
    public const byte Pay = 0x02;

    /// <summary>BEGIN EXCHANGE P1: receive interest and keys.</summary>
    public const byte ReceiveInterest = 0x03;

    /// <summary>BEGIN EXCHANGE P1: give interest and keys.</summary>
    public const byte GiveInterest = 0x04;

    /// <summary>True for an instruction the applet defines under its proprietary class.</summary>
    public static bool IsProprietary(byte ins) => ins is GetCardStatus or IssueCard or Personalise or BeginExchange or ExchangeStep1
        or ExchangeStep2 or ExchangeStep3 or CreateMoney or RollKeys or SetSecurityLock or ManageBadCard;
}
