using System.Text;

namespace CardOS.Reader.Pcsc.Interop;

/// <summary>PC/SC multi-strings: names separated by NUL, the list ended by a second NUL.</summary>
internal static class MultiString
{
    public static string[] Split(ReadOnlySpan<byte> multiString)
    {
        var names = new List<string>();
        while (!multiString.IsEmpty && multiString[0] != 0)
        {
            int end = multiString.IndexOf((byte)0);
            if (end < 0)
                end = multiString.Length;
            names.Add(Encoding.UTF8.GetString(multiString[..end]));
            multiString = multiString[Math.Min(end + 1, multiString.Length)..];
        }

        return [.. names];
    }
}
