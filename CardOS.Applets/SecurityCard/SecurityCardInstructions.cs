namespace CardOS.Applets.SecurityCard;

/// <summary>CLA, INS, P1-P2 values of the security card and the security key card (docs/applets/security-card.md).</summary>
public static class SecurityCardInstructions
{
    /// <summary>Interindustry class (ISO/IEC 7816-4 5.4.1), basic channel.</summary>
    public const byte ClaIso = 0x00;

    /// <summary>Proprietary class for the payment commands.</summary>
    public const byte ClaProprietary = 0x80;

    /// <summary>VERIFY (ISO/IEC 7816-4 7.5.6).</summary>
    public const byte Verify = 0x20;

    /// <summary>CHANGE REFERENCE DATA (ISO/IEC 7816-4 7.5.7).</summary>
    public const byte ChangeReferenceData = 0x24;

    /// <summary>ACTIVATE FILE (ISO/IEC 7816-9): ends personalisation.</summary>
    public const byte Activate = 0x44;

    /// <summary>GENERATE ASYMMETRIC KEY PAIR (ISO/IEC 7816-8; P1 as in the OpenPGP card: 80 generate, 81 read).</summary>
    public const byte GenerateKeyPair = 0x47;

    /// <summary>EXTERNAL AUTHENTICATE (ISO/IEC 7816-4 7.5.4): opens or closes the security lock.</summary>
    public const byte ExternalAuthenticate = 0x82;

    /// <summary>GET CHALLENGE (ISO/IEC 7816-4 7.5.3).</summary>
    public const byte GetChallenge = 0x84;

    /// <summary>INTERNAL AUTHENTICATE (ISO/IEC 7816-4 7.5.2): the key card's lock cryptogram.</summary>
    public const byte InternalAuthenticate = 0x88;

    /// <summary>GET DATA (ISO/IEC 7816-4 7.4.2).</summary>
    public const byte GetData = 0xCA;

    /// <summary>PUT DATA (ISO/IEC 7816-4 7.4.3): personalisation.</summary>
    public const byte PutData = 0xDA;

    /// <summary>PAYMENT (proprietary): sign a payment specification, debit, answer PAYMENT-CERT.</summary>
    public const byte Payment = 0x30;

    /// <summary>WITHDRAWAL REQUEST (proprietary): answer an authenticated request with a fresh seq#.</summary>
    public const byte WithdrawalRequest = 0x32;

    /// <summary>WITHDRAWAL ACKNOWLEDGE (proprietary): credit on the bank's matching authenticated acknowledgement.</summary>
    public const byte WithdrawalAcknowledge = 0x34;

    /// <summary>P2 of VERIFY and CHANGE REFERENCE DATA: the card's one PIN (specific reference data 1).</summary>
    public const byte PinReference = 0x81;

    /// <summary>Key reference of the user's secret S_U (GENERATE ASYMMETRIC KEY PAIR P2).</summary>
    public const byte UserKeyReference = 0x01;

    /// <summary>Key reference of the bank's secret S_C (GENERATE ASYMMETRIC KEY PAIR P2, read only).</summary>
    public const byte BankKeyReference = 0x02;

    /// <summary>Key reference of the lock-closing key (EXTERNAL / INTERNAL AUTHENTICATE P2).</summary>
    public const byte CloseLockKeyReference = 0x81;

    /// <summary>Key reference of the lock-opening key (EXTERNAL / INTERNAL AUTHENTICATE P2).</summary>
    public const byte OpenLockKeyReference = 0x82;

    /// <summary>GENERATE ASYMMETRIC KEY PAIR P1: generate.</summary>
    public const byte GenerateP1 = 0x80;

    /// <summary>GENERATE ASYMMETRIC KEY PAIR P1: read the existing public key.</summary>
    public const byte ReadPublicKeyP1 = 0x81;

    /// <summary>CHANGE REFERENCE DATA P1: old and new PIN.</summary>
    public const byte ChangePinP1 = 0x00;

    /// <summary>CHANGE REFERENCE DATA P1: new PIN only (personalisation).</summary>
    public const byte SetPinP1 = 0x01;
}
