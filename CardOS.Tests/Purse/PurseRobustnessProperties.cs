using CardOS.Apdu;
using CardOS.Applets.Purse;
using FsCheck;
using FsCheck.Fluent;

namespace CardOS.Tests.Purse;

/// <summary>
/// Random commands to the purse, the PSAM and the load module, biased towards their instructions and lengths: no answer
/// is 6F00 (an unexpected fault), nothing moves the purse's balance or log (only correctly signed DEBIT and CREDIT do),
/// and the counter moves only with the INITIALIZE commands.
/// </summary>
public class PurseRobustnessProperties
{
    private static readonly byte[] Instructions =
        [0xCA, 0x50, 0x52, 0x54, 0x56, 0x58, 0x5A, 0xB2, 0x70, 0x72, 0x74, 0x76, 0x78, 0x7A, 0x20, 0x22, 0x24, 0x26, 0xEE];

    private static readonly byte[] Lengths = [0, 1, 8, 12, 14, 16, 24, 25, 36, 42, 44, 56];

    private static readonly Gen<byte[]> Command =
        from cla in Gen.Elements<byte>(0x80, 0x00, 0x81, 0x84, 0x90)
        from ins in Gen.Frequency((5, Gen.Elements(Instructions)), (1, ArbMap.Default.GeneratorFor<byte>()))
        from p1 in Gen.Frequency((4, Gen.Constant<byte>(0)), (1, Gen.Elements<byte>(1, 2, 8, 0x10)))
        from p2 in Gen.Frequency((4, Gen.Constant<byte>(0)), (1, Gen.Elements<byte>(0x0C, 0x04, 1)))
        from length in Gen.Elements(Lengths)
        from data in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length)
        from ne in Gen.Elements(0, 256)
        select new CommandApdu(cla, ins, p1, p2, data, ne).ToArray();

    [FsCheck.NUnit.Property(MaxTest = 150)]
    public Property RandomCommands_NeverFault_NeverMoveValue() =>
        Prop.ForAll(Gen.ListOf(Command).Select(l => l.Take(40).ToArray()).ToArbitrary(), commands =>
        {
            var world = new PurseWorld();
            world.SelectAll();
            uint balance = world.Purse.Balance;
            uint counter = world.Purse.Counter;
            foreach (byte[] command in commands)
            {
                bool opens = command[0] == 0x80 && command[1] is PurseInstructions.InitializeForPurchase or PurseInstructions.InitializeForLoad;
                foreach (var reader in new[] { world.PurseReader, world.PsamReader, world.LoadModuleReader })
                {
                    ResponseApdu response = reader.Transmit(command.AsSpan());
                    if (response.StatusWord == StatusWord.NoPreciseDiagnosis)
                        return false.Label($"6F00 for {Hex.Encode(command)}");
                }

                if (world.Purse.Balance != balance || world.ReadLog().Count != 0)
                    return false.Label($"value moved after {Hex.Encode(command)}");
                if (!opens && world.Purse.Counter != counter)
                    return false.Label($"counter moved after {Hex.Encode(command)}");
                counter = world.Purse.Counter;
                world.SelectAll();
            }

            return true.ToProperty();
        });
}
