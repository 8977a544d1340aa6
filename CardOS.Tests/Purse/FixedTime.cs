namespace CardOS.Tests.Purse;

/// <summary>A clock stopped at one instant: purse tests run on 2026-01-15 whatever the date.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static FixedTime Default { get; } = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}
