using System.Security.Cryptography;
using CardOS.Applets.Crypto;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The bank cards' cryptography for one profile (docs/applets/bank-hierarchy.md, Crypto profiles): packet sealing
/// and opening, the BALANCE checksum and serial number, and the 16-byte-key MAC of creation and lock cryptograms.
/// </summary>
/// <remarks>
/// It keeps the key schedules of the keys it has used, like a crypto coprocessor's key registers, so steady-state
/// packets allocate nothing. The schedules are derived from the key bytes the caller passes each time (which live in
/// EEPROM); a changed key simply misses the cache. Cards share instances through <see cref="BankCipherCache"/>; every
/// call holds the instance's lock, as the engines and scratch buffers are stateful.
/// </remarks>
internal sealed class BankCrypto
{
    /// <summary>The size of every creation key, lock key and transport key.</summary>
    public const int MacKeySize = 16;

    /// <summary>The size of the MACs and cryptograms carried in commands.</summary>
    public const int MacSize = 8;

    /// <summary>Two key generations of four application keys each, with room to spare.</summary>
    private const int Slots = 12;

    private readonly Lock _lock = new();

    private readonly PacketKey?[] _slots = new PacketKey?[Slots];
    private readonly byte[] _scratch = new byte[96];
    private readonly byte[] _block = new byte[16];
    private int _nextSlot;

    private byte[]? _checkKey;
    private IBlockCipher? _checkEngine;
    private CMac? _checkMac;

    /// <summary>DES checksums key an engine with BALANCE bytes 8-15 (constant between interest transactions): a few
    /// recent ones cover both cards of an exchange, which each check and rewrite their BALANCE.</summary>
    private const int DataKeySlots = 4;
    private readonly (byte[] Key, DesEngine Engine)?[] _dataKeys = new (byte[], DesEngine)?[DataKeySlots];
    private int _nextDataKey;

    public BankCrypto(CryptoProfile profile)
    {
        if (profile is not (CryptoProfile.Des or CryptoProfile.Aes))
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "The profile is DES or AES.");
        Profile = profile;
    }

    public CryptoProfile Profile { get; }

    /// <summary>8 for DES, 16 for AES.</summary>
    public int KeySize => KeySizeOf(Profile);

    /// <summary>0 for DES, 8 for AES.</summary>
    public int TagSize => TagSizeOf(Profile);

    public static int KeySizeOf(CryptoProfile profile) => profile == CryptoProfile.Aes ? 16 : 8;

    public static int TagSizeOf(CryptoProfile profile) => profile == CryptoProfile.Aes ? 8 : 0;

    /// <summary>The number of 8-byte groups of packet <paramref name="number"/> (1-6).</summary>
    public static int GroupCount(CryptoProfile profile, int number) => number switch
    {
        <= 4 => 4,
        5 => 6,
        _ => profile == CryptoProfile.Aes ? 8 : 6,
    };

    /// <summary>The bytes packet <paramref name="number"/> takes on the wire.</summary>
    public static int PacketLength(CryptoProfile profile, int number) => (GroupCount(profile, number) * PacketCodec.GroupSize) + TagSizeOf(profile);

    /// <summary>Interleaves <paramref name="groups"/>, encrypts them with CBC under <paramref name="key"/> and appends the tag (AES).</summary>
    public void Seal(ReadOnlySpan<byte> key, int number, ReadOnlySpan<byte> groups, Span<byte> packet)
    {
        lock (_lock)
        {
            PacketKey slot = GetSlot(key);
            int length = groups.Length;
            PacketCodec.Interleave(groups, _scratch.AsSpan(0, length));
            slot.Encrypt.Reset();
            int blockSize = slot.Encrypt.GetBlockSize();
            for (int offset = 0; offset < length; offset += blockSize)
                slot.Encrypt.ProcessBlock(_scratch, offset, _scratch, offset);
            _scratch.AsSpan(0, length).CopyTo(packet);
            if (slot.Mac is { } mac)
            {
                mac.Update((byte)number);
                mac.BlockUpdate(_scratch, 0, length);
                mac.DoFinal(_block, 0);
                _block.AsSpan(0, MacSize).CopyTo(packet[length..]);
            }
        }
    }

    /// <summary>Checks the tag (AES), decrypts and de-interleaves; false when the tag is wrong.</summary>
    public bool TryOpen(ReadOnlySpan<byte> key, int number, ReadOnlySpan<byte> packet, Span<byte> groups)
    {
        lock (_lock)
        {
            PacketKey slot = GetSlot(key);
            int length = groups.Length;
            packet[..length].CopyTo(_scratch);
            if (slot.Mac is { } mac)
            {
                mac.Update((byte)number);
                mac.BlockUpdate(_scratch, 0, length);
                mac.DoFinal(_block, 0);
                if (!CryptographicOperations.FixedTimeEquals(_block.AsSpan(0, MacSize), packet.Slice(length, MacSize)))
                    return false;
            }

            slot.Decrypt.Reset();
            int blockSize = slot.Decrypt.GetBlockSize();
            for (int offset = 0; offset < length; offset += blockSize)
                slot.Decrypt.ProcessBlock(_scratch, offset, _scratch, offset);
            PacketCodec.Deinterleave(_scratch.AsSpan(0, length), groups);
            return true;
        }
    }

    /// <summary>
    /// The BALANCE checksum over <paramref name="body"/> (its first 16 bytes). DES: DES_check(DES_{bytes 8-15}(bytes 0-7));
    /// AES: AES-CMAC_check(bytes 0-15), first 8 bytes.
    /// </summary>
    public void ComputeChecksum(ReadOnlySpan<byte> checkKey, ReadOnlySpan<byte> body, Span<byte> checksum)
    {
        lock (_lock)
        {
            BindCheckKey(checkKey);
            if (Profile == CryptoProfile.Des)
            {
                body[..8].CopyTo(_block);
                GetDataKeyEngine(body.Slice(8, 8)).ProcessBlock(_block, 0, _block, 8);
                _checkEngine!.ProcessBlock(_block, 8, _block, 0);
                _block.AsSpan(0, 8).CopyTo(checksum);
                return;
            }

            body[..16].CopyTo(_scratch);
            _checkMac!.BlockUpdate(_scratch, 0, 16);
            _checkMac.DoFinal(_block, 0);
            _block.AsSpan(0, 8).CopyTo(checksum);
        }
    }

    /// <summary>The currency serial number of <paramref name="account"/>: the first 4 bytes of its encryption under the check key.</summary>
    public void ComputeSerial(ReadOnlySpan<byte> checkKey, ReadOnlySpan<byte> account, Span<byte> serial)
    {
        lock (_lock)
        {
            BindCheckKey(checkKey);
            _block.AsSpan().Clear();
            account[..8].CopyTo(_block);
            _checkEngine!.ProcessBlock(_block, 0, _block, 0);
            _block.AsSpan(0, 4).CopyTo(serial);
        }
    }

    /// <summary>
    /// The MAC with a 16-byte key used for creation MACs and lock cryptograms: ISO/IEC 9797-1 MAC algorithm 3 with
    /// padding method 2 (DES profile), AES-CMAC (AES profile); 8 bytes.
    /// </summary>
    public static void ComputeMac16(CryptoProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        if (key.Length != MacKeySize)
            throw new ArgumentException($"The key has {MacKeySize} bytes.", nameof(key));
        if (profile == CryptoProfile.Aes)
            AesCmac.Compute(key, data, mac[..MacSize]);
        else
            RetailMac.Compute(key, data, mac[..MacSize]);
    }

    /// <summary>True when <paramref name="mac"/> is the <see cref="ComputeMac16"/> of <paramref name="data"/>, compared in constant time.</summary>
    public static bool VerifyMac16(CryptoProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[MacSize];
        ComputeMac16(profile, key, data, expected);
        return mac.Length == MacSize && CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    private void BindCheckKey(ReadOnlySpan<byte> checkKey)
    {
        if (_checkKey is not null && checkKey.SequenceEqual(_checkKey))
            return;
        _checkKey = checkKey.ToArray();
        var parameter = new KeyParameter(_checkKey);
        _checkEngine = Profile == CryptoProfile.Aes ? new AesEngine() : new DesEngine();
        _checkEngine.Init(true, parameter);
        if (Profile == CryptoProfile.Aes)
        {
            _checkMac = new CMac(new AesEngine(), 64);
            _checkMac.Init(parameter);
        }
    }

    private DesEngine GetDataKeyEngine(ReadOnlySpan<byte> key)
    {
        foreach ((byte[] Key, DesEngine Engine)? slot in _dataKeys)
        {
            if (slot is { } found && key.SequenceEqual(found.Key))
                return found.Engine;
        }

        // The data bytes may form a weak DES key, which BouncyCastle's engine accepts.
        byte[] copy = key.ToArray();
        var engine = new DesEngine();
        engine.Init(true, new KeyParameter(copy));
        _dataKeys[_nextDataKey] = (copy, engine);
        _nextDataKey = (_nextDataKey + 1) % DataKeySlots;
        return engine;
    }

    private PacketKey GetSlot(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"A {Profile} application key has {KeySize} bytes.", nameof(key));
        foreach (PacketKey? slot in _slots)
        {
            if (slot is not null && key.SequenceEqual(slot.Key))
                return slot;
        }

        var created = new PacketKey(Profile, key);
        _slots[_nextSlot] = created;
        _nextSlot = (_nextSlot + 1) % Slots;
        return created;
    }

    /// <summary>The key schedules of one application key.</summary>
    private sealed class PacketKey
    {
        public PacketKey(CryptoProfile profile, ReadOnlySpan<byte> key)
        {
            Key = key.ToArray();
            if (profile == CryptoProfile.Des)
            {
                var parameters = new ParametersWithIV(new KeyParameter(Key), new byte[8]);
                Encrypt = new CbcBlockCipher(new DesEngine());
                Encrypt.Init(true, parameters);
                Decrypt = new CbcBlockCipher(new DesEngine());
                Decrypt.Init(false, parameters);
                return;
            }

            // K_enc = AES_K(01 00..00), K_mac = AES_K(02 00..00): separate keys for CBC and CMAC.
            var derive = new AesEngine();
            derive.Init(true, new KeyParameter(Key));
            byte[] encryptionKey = new byte[16];
            byte[] macKey = new byte[16];
            encryptionKey[0] = 0x01;
            macKey[0] = 0x02;
            derive.ProcessBlock(encryptionKey, 0, encryptionKey, 0);
            derive.ProcessBlock(macKey, 0, macKey, 0);

            var cbcParameters = new ParametersWithIV(new KeyParameter(encryptionKey), new byte[16]);
            Encrypt = new CbcBlockCipher(new AesEngine());
            Encrypt.Init(true, cbcParameters);
            Decrypt = new CbcBlockCipher(new AesEngine());
            Decrypt.Init(false, cbcParameters);
            Mac = new CMac(new AesEngine(), 64);
            Mac.Init(new KeyParameter(macKey));
            CryptographicOperations.ZeroMemory(encryptionKey);
            CryptographicOperations.ZeroMemory(macKey);
        }

        public byte[] Key { get; }

        public CbcBlockCipher Encrypt { get; }

        public CbcBlockCipher Decrypt { get; }

        public CMac? Mac { get; }
    }
}
