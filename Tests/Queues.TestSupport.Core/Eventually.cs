namespace Queues.Tests.Support;

/// <summary>
/// Waits for a fact instead of for the clock: polls until the condition holds, and fails with what was awaited
/// and the last value seen when it does not hold in time.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string awaited, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {awaited}; last seen: {value}");
            await Task.Delay(Interval);
        }
    }

    public static Task Until(Func<bool> condition, string awaited, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), done => done, awaited, timeout);

    public static Task Until(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null) =>
        Until(condition, done => done, awaited, timeout);
}
