using CardOS.Apdu;

namespace CardOS.Storage;

/// <summary>One object in a card's EEPROM heap.</summary>
/// <param name="Owner">The AID of the applet that allocated it.</param>
/// <param name="Id">The applet's identifier for the object.</param>
/// <param name="Address">Where its bytes start in the EEPROM.</param>
/// <param name="Length">Its length in bytes.</param>
public readonly record struct PersistentObjectInfo(Aid Owner, ushort Id, int Address, int Length);
