using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace CardOS.Tests.Reader.Vpcd;

/// <summary>
/// The reader side of the vpcd protocol, for tests: holds a loopback port the system picked (never one probed and
/// released) and speaks frames. Created not listening, the port is held but refuses connections until <see cref="Listen"/>.
/// </summary>
public sealed class FakeVpcd : IDisposable
{
    private readonly Socket _listener;
    private Socket? _link;

    public FakeVpcd(bool listening = true)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        if (listening)
            Listen();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Starts accepting connections on the port held since construction.</summary>
    public void Listen() => _listener.Listen(1);

    public async Task AcceptAsync(CancellationToken cancellationToken)
    {
        _link?.Dispose();
        _link = await _listener.AcceptAsync(cancellationToken);
        _link.NoDelay = true;
    }

    public Task SendFrameAsync(byte[] payload, CancellationToken cancellationToken)
    {
        byte[] frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        return SendRawAsync(frame, cancellationToken);
    }

    public async Task SendRawAsync(byte[] bytes, CancellationToken cancellationToken) =>
        await Link.SendAsync(bytes, SocketFlags.None, cancellationToken);

    public Task SendControlAsync(byte code, CancellationToken cancellationToken) => SendFrameAsync([code], cancellationToken);

    public async Task<byte[]> ReadFrameAsync(CancellationToken cancellationToken)
    {
        byte[] header = await ReadExactlyAsync(2, cancellationToken);
        return await ReadExactlyAsync(BinaryPrimitives.ReadUInt16BigEndian(header), cancellationToken);
    }

    public async Task<byte[]> TransmitAsync(string hex, CancellationToken cancellationToken)
    {
        await SendFrameAsync(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)), cancellationToken);
        return await ReadFrameAsync(cancellationToken);
    }

    /// <summary>True once the card side closed or reset the link.</summary>
    public async Task<bool> IsClosedByPeerAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1];
        try
        {
            return await Link.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public void DropLink()
    {
        _link?.Dispose();
        _link = null;
    }

    public void Dispose()
    {
        _link?.Dispose();
        _listener.Dispose();
    }

    private Socket Link => _link ?? throw new InvalidOperationException("No link: accept first.");

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n = await Link.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
                throw new IOException("The card side closed the link.");
            read += n;
        }

        return buffer;
    }
}
