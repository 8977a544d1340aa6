using CardOS.Apdu;
using FsCheck;
using FsCheck.Fluent;

namespace CardOS.Tests.Apdu;

/// <summary>Round trips and robustness of the APDU codec, searched by FsCheck.</summary>
public class ApduProperties
{
    private static readonly Gen<CommandApdu> Commands =
        from cla in ArbMap.Default.GeneratorFor<byte>()
        from ins in ArbMap.Default.GeneratorFor<byte>()
        from p1 in ArbMap.Default.GeneratorFor<byte>()
        from p2 in ArbMap.Default.GeneratorFor<byte>()
        from nc in Gen.Frequency((6, Gen.Choose(0, 300)), (1, Gen.Choose(0, 65535)), (1, Gen.Elements(0, 1, 255, 256, 65535)))
        from data in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), nc)
        from ne in Gen.Frequency((6, Gen.Choose(0, 300)), (1, Gen.Choose(0, 65536)), (1, Gen.Elements(0, 1, 256, 257, 65536)))
        select new CommandApdu(cla, ins, p1, p2, data, ne);

    [FsCheck.NUnit.Property(MaxTest = 2000)]
    public Property ParseOfEncode_AnyCommand_IsTheSameCommand() =>
        Prop.ForAll(Commands.ToArbitrary(), apdu =>
            CommandApdu.Parse(apdu.ToArray()).Equals(apdu)
            && CommandApdu.Parse(apdu.ToArray(extended: true)).Equals(apdu));

    [FsCheck.NUnit.Property(MaxTest = 2000)]
    public Property Encode_AnyCommand_UsesExtendedOnlyWhenNeeded() =>
        Prop.ForAll(Commands.ToArbitrary(), apdu =>
            CommandApduView.TryParse(apdu.ToArray(), out CommandApduView view)
            && view.IsExtended == apdu.RequiresExtendedLength
            && view.Case == apdu.Case);

    [FsCheck.NUnit.Property(MaxTest = 20000)]
    public Property TryParse_RandomBytes_NeverThrowsAndReencodesExactly() =>
        Prop.ForAll(RandomBytes().ToArbitrary(), bytes =>
        {
            if (!CommandApduView.TryParse(bytes, out CommandApduView view))
                return !CommandApdu.TryParse(bytes, out CommandApdu? none) && none is null;
            return CommandApdu.TryParse(bytes, out CommandApdu? apdu)
                && apdu.ToArray(extended: view.IsExtended).AsSpan().SequenceEqual(bytes);
        });

    /// <summary>Byte strings shaped like APDUs often enough to reach every branch of the parser: plausible Lc bytes and lengths.</summary>
    internal static Gen<byte[]> RandomBytes() =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>(),
            from length in Gen.Choose(0, 12)
            from bytes in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length)
            select bytes,
            from header in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 4)
            from lc in Gen.Choose(0, 260)
            from extended in ArbMap.Default.GeneratorFor<bool>()
            from slack in Gen.Choose(-2, 3)
            select Shape(header, lc, extended, slack));

    private static byte[] Shape(byte[] header, int lc, bool extended, int slack)
    {
        byte[] lengthField = extended ? [0, (byte)(lc >> 8), (byte)lc] : [(byte)lc];
        int total = Math.Max(4, 4 + lengthField.Length + lc + slack);
        byte[] bytes = new byte[total];
        header.CopyTo(bytes, 0);
        lengthField.AsSpan(0, Math.Min(lengthField.Length, total - 4)).CopyTo(bytes.AsSpan(4));
        for (int i = 4 + lengthField.Length; i < total; i++)
            bytes[i] = (byte)(i * 31);
        return bytes;
    }
}
