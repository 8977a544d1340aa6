using CardOS.Apdu;
using CardOS.Reader.Pcsc;
using CardOS.Reader.Pcsc.Interop;

namespace CardOS.Tests.Reader.Pcsc;

public class PcscExceptionTests
{
    [TestCase(SCardError.NoService, typeof(NoServiceException))]
    [TestCase(SCardError.ServiceStopped, typeof(NoServiceException))]
    [TestCase(SCardError.RemovedCard, typeof(RemovedCardException))]
    [TestCase(SCardError.NoSmartcard, typeof(NoSmartcardException))]
    [TestCase(SCardError.ReaderUnavailable, typeof(ReaderUnavailableException))]
    [TestCase(SCardError.UnknownReader, typeof(UnknownReaderException))]
    [TestCase(SCardError.ResetCard, typeof(ResetCardException))]
    [TestCase(SCardError.UnpoweredCard, typeof(UnpoweredCardException))]
    [TestCase(SCardError.UnresponsiveCard, typeof(UnresponsiveCardException))]
    [TestCase(SCardError.SharingViolation, typeof(SharingViolationException))]
    [TestCase(SCardError.InvalidHandle, typeof(InvalidContextException))]
    [TestCase(SCardError.CommunicationError, typeof(PcscException))]
    [TestCase((SCardError)0x80100099, typeof(PcscException))]
    public void ThrowIfNotSuccess_ErrorCode_ThrowsTypedExceptionCarryingTheCode(SCardError error, Type expected)
    {
        var e = Assert.Throws(expected, () => error.ThrowIfNotSuccess()) as PcscException;
        Assert.That(e!.Error, Is.EqualTo(error));
        Assert.That(e, Is.InstanceOf<CardConnectionException>());
        Assert.That(e.Message, Does.Contain(((uint)error).ToString("X8", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void ThrowIfNotSuccess_Success_DoesNotThrow() => Assert.DoesNotThrow(() => SCardError.Success.ThrowIfNotSuccess());

    [TestCase(unchecked((long)0x0000000080100069L), SCardError.RemovedCard)]
    [TestCase(0L, SCardError.Success)]
    public void ToSCardError_NativeLinuxLong_LowThirtyTwoBits(long native, SCardError expected) =>
        Assert.That(((nint)native).ToSCardError(), Is.EqualTo(expected));

    [Test]
    public void ToSCardError_NativeWindowsLong_NegativeInt32() =>
        Assert.That(unchecked((int)0x8010001D).ToSCardError(), Is.EqualTo(SCardError.NoService));

    [TestCase("", new string[0])]
    [TestCase("\0", new string[0])]
    [TestCase("Virtual PCD 00 00\0\0", new[] { "Virtual PCD 00 00" })]
    [TestCase("Virtual PCD 00 00\0Virtual PCD 00 01\0\0", new[] { "Virtual PCD 00 00", "Virtual PCD 00 01" })]
    [TestCase("No terminator", new[] { "No terminator" })]
    public void Split_MultiString_ReaderNames(string multiString, string[] expected) =>
        Assert.That(MultiString.Split(System.Text.Encoding.UTF8.GetBytes(multiString)), Is.EqualTo(expected));
}
