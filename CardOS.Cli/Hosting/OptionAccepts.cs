using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace CardOS.Cli.Hosting;

/// <summary>
/// What each option and argument accepts, in words ("a whole number from 2 to 3,000,000"), for the one-line parse
/// errors of <see cref="CardosCommandLine"/>; registered where the option is made, or derived from its value type.
/// </summary>
internal static class OptionAccepts
{
    private static readonly ConditionalWeakTable<Symbol, string> Registered = [];

    /// <summary>Registers what <paramref name="symbol"/> accepts and returns it, for use in an initialiser.</summary>
    public static T Accepting<T>(this T symbol, string accepts)
        where T : Symbol
    {
        Registered.AddOrUpdate(symbol, accepts);
        return symbol;
    }

    /// <summary>
    /// An int option that accepts <paramref name="minimum"/> to <paramref name="maximum"/> only: a value outside is a
    /// parse error naming the range.
    /// </summary>
    /// <param name="option">The option.</param>
    /// <param name="minimum">The smallest value accepted.</param>
    /// <param name="maximum">The largest value accepted.</param>
    /// <param name="noun">What the number is, for the errors: "a whole number", "a number of seconds".</param>
    public static Option<int> Ranged(this Option<int> option, int minimum, int maximum, string noun = "a whole number") => RangedCore(option, minimum, maximum, noun);

    /// <inheritdoc cref="Ranged(Option{int}, int, int, string)"/>
    public static Option<int?> Ranged(this Option<int?> option, int minimum, int maximum, string noun = "a whole number") => RangedCore(option, minimum, maximum, noun);

    private static T RangedCore<T>(T option, int minimum, int maximum, string noun)
        where T : Option
    {
        ArgumentNullException.ThrowIfNull(option);
        string accepts = string.Create(CultureInfo.InvariantCulture, $"{noun} from {minimum:N0} to {maximum:N0}");
        option.Validators.Add(result =>
        {
            // A token that is not a number at all is the type conversion's error, reported once.
            if (result.Tokens.Count == 0 || !int.TryParse(result.Tokens[^1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
                return;
            if (number < minimum || number > maximum)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{number:N0} is out of range: it accepts {accepts}"));
        });
        return option.Accepting(accepts);
    }

    /// <summary>An option that accepts only <paramref name="values"/> (case-sensitive), described as "des or aes".</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(values);
        option.AcceptOnlyFromAmong(values);
        return option.Accepting(values.Length == 1 ? values[0] : string.Join(", ", values[..^1]) + " or " + values[^1]);
    }

    /// <summary>What <paramref name="symbol"/> accepts, in words.</summary>
    public static string Describe(Symbol symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (Registered.TryGetValue(symbol, out string? accepts))
            return accepts;
        Type type = symbol switch
        {
            Option option => option.ValueType,
            Argument argument => argument.ValueType,
            _ => typeof(string),
        };
        return DescribeType(Nullable.GetUnderlyingType(type) ?? type);
    }

    private static string DescribeType(Type type)
    {
        if (type.IsArray)
            return DescribeType(type.GetElementType()!) + " (repeat the option for more)";
        if (type.IsEnum)
            return "one of " + string.Join(", ", Enum.GetNames(type));
        return type switch
        {
            _ when type == typeof(int) => "a whole number from -2,147,483,648 to 2,147,483,647",
            _ when type == typeof(uint) => "a whole number from 0 to 4,294,967,295",
            _ when type == typeof(long) => "a whole number from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807",
            _ when type == typeof(bool) => "nothing (a flag), or true or false",
            _ when type == typeof(FileInfo) => "a file path",
            _ => "a text value",
        };
    }
}
