namespace CardOS.Storage;

/// <summary>A snapshot of a card's persistent memory: capacity, free space, journal and wear.</summary>
/// <param name="Capacity">The EEPROM size in bytes.</param>
/// <param name="PageCount">The number of <see cref="Eeprom.PageSize"/>-byte pages.</param>
/// <param name="AvailableBytes">Bytes not yet allocated to objects.</param>
/// <param name="JournalCapacity">The transaction journal's size in bytes.</param>
/// <param name="CommitCapacityAvailable">Journal bytes a transaction may still use.</param>
/// <param name="WriteCount">EEPROM writes since the card (or its image file) was opened.</param>
/// <param name="BytesWritten">Bytes written since the card (or its image file) was opened.</param>
/// <param name="MaxPageWrites">The most writes any single page has taken (the wear hot spot).</param>
/// <param name="TotalPageWrites">Page writes summed over all pages.</param>
public readonly record struct StorageStatistics(
    int Capacity,
    int PageCount,
    int AvailableBytes,
    int JournalCapacity,
    int CommitCapacityAvailable,
    long WriteCount,
    long BytesWritten,
    long MaxPageWrites,
    long TotalPageWrites);
