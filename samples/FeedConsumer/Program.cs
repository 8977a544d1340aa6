using CardOS.Apdu;
using CardOS.Applets.FileSystem;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

// A terminal built only from the CardOS packages: a card with the ISO 7816-4 file-system applet, in this process.
var card = new Card(new CardOptions { RandomSeed = 7 });
IsoFileSystemApplet.Install(card);
var reader = new InProcessReader(card);
Console.WriteLine($"ATR {Hex.Encode(reader.Atr)}");

string[] script =
[
    "00A4040409F0434152444F53465300", // SELECT the file-system applet
    "002000810431323334",             // VERIFY PIN 1234
];
foreach (string command in script)
{
    ResponseApdu response = reader.Transmit(command);
    Console.WriteLine($"> {command}");
    Console.WriteLine($"< {response}");
    if (response.StatusWord != StatusWord.Success)
        return 1;
}

Console.WriteLine("feed consumer: ok");
return 0;
