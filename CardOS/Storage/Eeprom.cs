using System.Numerics;

namespace CardOS.Storage;

/// <summary>
/// A card's EEPROM: a fixed-capacity byte image in which every persistent byte of the card lives.
/// Each <see cref="Write"/> is one EEPROM write and the unit of tearing: a scheduled power cut lands
/// on a write, leaves a prefix of it done, and switches the memory off until the next power-up.
/// </summary>
/// <remarks>
/// Memory is backed lazily up to the highest byte ever written (unwritten EEPROM reads as zero), so a
/// million idle cards with generous capacities cost only what they hold.
/// </remarks>
public sealed class Eeprom
{
    /// <summary>The page size used for wear statistics and image-file flushes.</summary>
    public const int PageSize = 64;

    /// <summary>The smallest capacity a card may have.</summary>
    public const int MinCapacity = 4 * 1024;

    /// <summary>The largest capacity a card may have.</summary>
    public const int MaxCapacity = 16 * 1024 * 1024;

    /// <summary>What <see cref="Read"/> returns for a range wholly past the backed end.</summary>
    private static readonly byte[] Unbacked = new byte[MinCapacity];

    private byte[] _image;
    private uint[] _pageWrites;
    private ulong[] _dirtyPages;
    private bool _anyDirty;
    private long _tearAt = -1;
    private double _tearFraction;

    /// <summary>Creates an erased (all-zero) EEPROM.</summary>
    /// <param name="capacity">Size in bytes, a multiple of <see cref="PageSize"/> between <see cref="MinCapacity"/> and <see cref="MaxCapacity"/>.</param>
    public Eeprom(int capacity)
    {
        if (capacity is < MinCapacity or > MaxCapacity || capacity % PageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"EEPROM capacity is a multiple of {PageSize} between {MinCapacity} and {MaxCapacity} bytes.");
        Capacity = capacity;
        _image = [];
        _pageWrites = [];
        _dirtyPages = new ulong[(PageCount + 63) / 64];
    }

    internal Eeprom(ReadOnlySpan<byte> image, ReadOnlySpan<uint> pageWrites)
        : this(image.Length)
    {
        if (pageWrites.Length != PageCount)
            throw new ArgumentException($"A {Capacity}-byte EEPROM has {PageCount} pages, not {pageWrites.Length}.", nameof(pageWrites));
        _image = image.ToArray();
        _pageWrites = pageWrites.ToArray();
    }

    /// <summary>The size in bytes.</summary>
    public int Capacity { get; }

    /// <summary>The number of pages.</summary>
    public int PageCount => Capacity / PageSize;

    /// <summary>The bytes of host memory backing the EEPROM so far (up to the highest byte written, then grown in steps).</summary>
    public int BackedBytes => _image.Length;

    /// <summary>Write operations since this object was created.</summary>
    public long WriteCount { get; private set; }

    /// <summary>Bytes written since this object was created.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>False after a scheduled power cut, until the card powers up again.</summary>
    public bool IsPowered { get; private set; } = true;

    /// <summary>
    /// Schedules a power cut: the write <paramref name="writesFromNow"/> writes ahead (0: the next one) does only
    /// the first <paramref name="fraction"/> of its bytes (rounded down, and always fewer than all of them), then the
    /// memory loses power and throws <see cref="PowerLossException"/>.
    /// </summary>
    public void ScheduleTear(long writesFromNow, double fraction = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(writesFromNow);
        if (fraction is < 0 or > 1 || double.IsNaN(fraction))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The torn fraction lies in [0, 1].");
        _tearAt = WriteCount + writesFromNow;
        _tearFraction = fraction;
    }

    /// <summary>Cancels a scheduled power cut.</summary>
    public void CancelTear() => _tearAt = -1;

    /// <summary>True while a power cut is scheduled and has not happened.</summary>
    public bool IsTearScheduled => _tearAt >= 0;

    /// <summary>How many times page <paramref name="page"/> has been written (over the card's life when it is backed by an image file).</summary>
    public long GetPageWrites(int page)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(page, PageCount);
        return page < _pageWrites.Length ? _pageWrites[page] : 0;
    }

    /// <summary>The most writes any single page has taken (the wear hot spot).</summary>
    public long MaxPageWrites
    {
        get
        {
            uint max = 0;
            foreach (uint writes in _pageWrites)
                max = Math.Max(max, writes);
            return max;
        }
    }

    /// <summary>Page writes summed over all pages (a write that spans two pages counts for both).</summary>
    public long TotalPageWrites
    {
        get
        {
            long total = 0;
            foreach (uint writes in _pageWrites)
                total += writes;
            return total;
        }
    }

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    public ReadOnlySpan<byte> Read(int offset, int length)
    {
        CheckPowered();
        CheckRange(offset, length);
        int end = offset + length;
        if (end <= _image.Length)
            return _image.AsSpan(offset, length);
        if (offset >= _image.Length && length <= Unbacked.Length)
            return Unbacked.AsSpan(0, length);
        Grow(end);
        return _image.AsSpan(offset, length);
    }

    /// <summary>One EEPROM write: the bytes land at <paramref name="offset"/>, or a scheduled power cut tears them.</summary>
    /// <exception cref="PowerLossException">A scheduled power cut happened on this write (or had already happened).</exception>
    public void Write(int offset, ReadOnlySpan<byte> data)
    {
        CheckPowered();
        CheckRange(offset, data.Length);
        if (data.IsEmpty)
            return;

        long index = WriteCount++;
        int length = data.Length;
        bool tear = index == _tearAt;
        if (tear)
            length = Math.Min(data.Length - 1, (int)(data.Length * _tearFraction));

        // Zeros that land past the backed end change nothing a reader sees (unwritten EEPROM reads as zero), so they
        // need no backing: formatting a large empty file costs no host memory.
        ReadOnlySpan<byte> landing = data[..length];
        int lastNonZero = landing.LastIndexOfAnyExcept((byte)0);
        if (lastNonZero >= 0)
            Grow(offset + lastNonZero + 1);
        if (offset < _image.Length)
            landing[..Math.Min(_image.Length - offset, length)].CopyTo(_image.AsSpan(offset));
        BytesWritten += length;
        MarkWritten(offset, Math.Max(length, 1));
        if (tear)
        {
            _tearAt = -1;
            IsPowered = false;
            throw new PowerLossException($"Power cut at EEPROM write {index} ({length} of {data.Length} bytes at 0x{offset:X} written).");
        }
    }

    /// <summary>Restores power after a cut (the card's power-up does this before its recovery runs).</summary>
    internal void PowerUp() => IsPowered = true;

    /// <summary>The offset of the first non-zero byte at or after <paramref name="offset"/>; -1 if every byte there reads zero.</summary>
    internal int FirstNonZero(int offset)
    {
        CheckPowered();
        if (offset >= _image.Length)
            return -1;
        int found = _image.AsSpan(offset).IndexOfAnyExcept((byte)0);
        return found < 0 ? -1 : offset + found;
    }

    /// <summary>A detached copy: the same bytes and wear, no scheduled power cut, nothing marked for flushing. Recovery run on the copy leaves this EEPROM as it is.</summary>
    public Eeprom Copy()
    {
        CheckPowered();
        var copy = new Eeprom(Capacity)
        {
            _image = _image.ToArray(),
            _pageWrites = _pageWrites.ToArray(),
        };
        return copy;
    }

    /// <summary>The whole image as it stands (for image files and inspection); unwritten bytes are zero.</summary>
    internal ReadOnlySpan<byte> Image
    {
        get
        {
            Grow(Capacity);
            return _image;
        }
    }

    internal ReadOnlySpan<uint> PageWriteCounts
    {
        get
        {
            Grow(Capacity);
            return _pageWrites;
        }
    }

    /// <summary>True when a page was written since the last <see cref="ClearDirtyPages"/>.</summary>
    internal bool HasDirtyPages => _anyDirty;

    /// <summary>The first page at or after <paramref name="page"/> written since the last <see cref="ClearDirtyPages"/>; -1 if none.</summary>
    internal int NextDirtyPage(int page)
    {
        if (!_anyDirty)
            return -1;
        for (int word = page >> 6; word < _dirtyPages.Length; word++)
        {
            ulong bits = _dirtyPages[word];
            if (word == page >> 6)
                bits &= ulong.MaxValue << (page & 63);
            if (bits != 0)
                return (word * 64) + BitOperations.TrailingZeroCount(bits);
        }

        return -1;
    }

    /// <summary>Forgets which pages were written (an image file calls this once it holds them).</summary>
    internal void ClearDirtyPages()
    {
        if (!_anyDirty)
            return;
        Array.Clear(_dirtyPages);
        _anyDirty = false;
    }

    private void MarkWritten(int offset, int length)
    {
        int first = offset / PageSize;
        int last = (offset + length - 1) / PageSize;
        if (last >= _pageWrites.Length)
            Array.Resize(ref _pageWrites, Math.Max(last + 1, _image.Length / PageSize));
        for (int page = first; page <= last; page++)
        {
            _pageWrites[page]++;
            _dirtyPages[page >> 6] |= 1UL << (page & 63);
        }

        _anyDirty = true;
    }

    private void Grow(int end)
    {
        if (end <= _image.Length)
            return;
        // Backed in 256-byte steps and by an eighth at least: a small card is not rounded up to the next power of two
        // (up to twice the bytes it uses, per card, in cardos simulate), and a big image still grows in few copies.
        const int Step = PageSize * 4;
        int size = Math.Min(Capacity, Math.Max((end + Step - 1) / Step * Step, _image.Length + (_image.Length / 8)));
        size = (size + PageSize - 1) / PageSize * PageSize;
        Array.Resize(ref _image, size);
        if (_pageWrites.Length < size / PageSize)
            Array.Resize(ref _pageWrites, size / PageSize);
    }

    private void CheckPowered()
    {
        if (!IsPowered)
            throw new PowerLossException("The EEPROM has no power: a power cut happened and the card has not powered up since.");
    }

    private void CheckRange(int offset, int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > Capacity)
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset}+{length}) lies outside the {Capacity}-byte EEPROM.");
    }
}
