using CardOS.Apdu;
using CardOS.Storage;

namespace CardOS.Runtime;

/// <summary>
/// What the card offers one installed applet: its AID, persistent and transient memory, transactions,
/// randomness and time. Each card has its own; nothing is static.
/// </summary>
public sealed class AppletContext
{
    private readonly Card _card;

    internal AppletContext(Card card, Aid aid)
    {
        _card = card;
        Aid = aid;
    }

    /// <summary>The applet's AID.</summary>
    public Aid Aid { get; }

    /// <summary>The card's clock (injected; tests pass a fake one).</summary>
    public TimeProvider Time => _card.Options.TimeProvider;

    /// <summary>True while a transaction is open.</summary>
    public bool InTransaction => _card.Memory.InTransaction;

    /// <summary>Bytes of EEPROM still free for allocation.</summary>
    public int AvailablePersistentBytes => _card.Memory.AvailableBytes;

    /// <summary>Journal bytes the open transaction may still use.</summary>
    public int CommitCapacityAvailable => _card.Memory.CommitCapacityAvailable;

    /// <summary>
    /// Returns the applet's persistent array <paramref name="id"/>, allocating it zero-filled if the card's EEPROM does not
    /// hold it yet. Call at install; 6A84 when the EEPROM is full.
    /// </summary>
    public PersistentArray AllocatePersistent(ushort id, int length) =>
        new(_card.Memory, _card.Memory.Allocate(Aid, id, length), length);

    /// <summary>Allocates a RAM array, cleared at reset (and on deselect if asked).</summary>
    public TransientArray AllocateTransient(int length, TransientClear clear) => _card.AllocateTransient(this, length, clear);

    /// <summary>Opens a transaction (JavaCard beginTransaction); the card aborts it if the command ends with it open.</summary>
    public void BeginTransaction() => _card.Memory.BeginTransaction();

    /// <summary>Commits the open transaction.</summary>
    public void CommitTransaction() => _card.Memory.CommitTransaction();

    /// <summary>Aborts the open transaction, undoing its atomic writes.</summary>
    public void AbortTransaction() => _card.Memory.AbortTransaction();

    /// <summary>Fills <paramref name="destination"/> with random bytes from the card's generator (seeded for replayable tests).</summary>
    public void GetRandomBytes(Span<byte> destination) => _card.GetRandomBytes(destination);
}
