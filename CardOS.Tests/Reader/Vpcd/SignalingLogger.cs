using Microsoft.Extensions.Logging;

namespace CardOS.Tests.Reader.Vpcd;

/// <summary>A logger a test awaits: the n-th event with a given id completes a task with that event's named values.</summary>
internal sealed class SignalingLogger : ILogger
{
    private readonly object _lock = new();
    private readonly List<(int Id, IReadOnlyDictionary<string, object?> Values)> _events = [];
    private readonly List<(int Id, int Occurrence, TaskCompletionSource<IReadOnlyDictionary<string, object?>> Signal)> _waits = [];

    /// <summary>Completes with the values of the <paramref name="occurrence"/>-th event (1-based) with id <paramref name="eventId"/>.</summary>
    public Task<IReadOnlyDictionary<string, object?>> WaitForAsync(int eventId, int occurrence, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var seen = _events.Where(e => e.Id == eventId).ToList();
            if (seen.Count >= occurrence)
                return Task.FromResult(seen[occurrence - 1].Values);
            var signal = new TaskCompletionSource<IReadOnlyDictionary<string, object?>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((eventId, occurrence, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = new Dictionary<string, object?>();
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (KeyValuePair<string, object?> pair in pairs)
                values[pair.Key] = pair.Value;
        }

        lock (_lock)
        {
            _events.Add((eventId.Id, values));
            int count = _events.Count(e => e.Id == eventId.Id);
            foreach (var wait in _waits.Where(w => w.Id == eventId.Id && w.Occurrence == count).ToList())
            {
                wait.Signal.TrySetResult(values);
                _waits.Remove(wait);
            }
        }
    }
}
