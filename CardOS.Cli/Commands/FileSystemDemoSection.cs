using CardOS.Applets.FileSystem;
using CardOS.Runtime;

namespace CardOS.Cli.Commands;

/// <summary>The file-system part of <c>cardos demo</c>: the ISO 7816-4 applet with its demo structure and PIN 1234.</summary>
internal static class FileSystemDemoSection
{
    public static void Run(Card card, ApduTracePrinter trace)
    {
        IsoFileSystemApplet.Install(card);
        trace.Section("File system: ISO 7816-4 files and a PIN (docs/applets/iso-filesystem.md)");
        trace.Send("00A4040409F0434152444F53465300", "SELECT the file-system applet: FCP of the MF");
        trace.Send("00B201F400", "READ RECORD 1 of EF.DIR (SFI 30): the application template");
        trace.Send("00A4040409F0434152444F53444600", "SELECT the application DF by name: FCP with its name");
        trace.Send("00B0810000", "READ BINARY of EF 6F01 by SFI 1: free to read");
        trace.Send("00D681000401020304", "UPDATE BINARY before VERIFY: 6982");
        trace.Send("002000810430303030", "VERIFY a wrong PIN: 63C2, two tries left");
        trace.Send("002000810431323334", "VERIFY 1234");
        trace.Send("00D681000401020304", "UPDATE BINARY, now allowed (atomic)");
        trace.Send("00B0810008", "READ BINARY 8 bytes");
        trace.Send("00E20018080102030405060708", "APPEND RECORD to the cyclic log (SFI 3)");
        trace.Send("00B2011C00", "READ RECORD 1 of the log: the newest record");
        trace.Send("00B0840000", "READ BINARY of EF 6F04: never allowed, 6982");
    }
}
