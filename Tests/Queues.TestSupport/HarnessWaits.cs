using MassTransit;
using MassTransit.Testing;

namespace Queues.Tests.Support;

/// <summary>
/// Waits on what a consumer has consumed. A consume is recorded once the consumer has returned, so whatever it wrote
/// is written. The harness's own waits (<c>Consumed.Any</c>) end at its test timeout or its first idle moment, both
/// counted from when the app started, which an app shared by a test class outlives; so these poll a snapshot instead.
/// </summary>
public static class HarnessWaits
{
    static readonly CancellationToken Snapshot = new(canceled: true);

    /// <summary>The messages of type <typeparamref name="T"/> that <typeparamref name="TConsumer"/> has consumed so far and that match.</summary>
    public static IReadOnlyList<T> ConsumedBy<TConsumer, T>(this ITestHarness harness, Func<T, bool> match)
        where TConsumer : class, IConsumer where T : class =>
        harness.GetConsumerHarness<TConsumer>().Consumed.Select<T>(m => match(m.Context.Message), Snapshot)
            .Select(m => m.Context.Message).ToList();

    /// <summary>The messages of type <typeparamref name="T"/> published so far that match.</summary>
    public static IReadOnlyList<T> PublishedSoFar<T>(this ITestHarness harness, Func<T, bool> match) where T : class =>
        harness.Published.Select<T>(m => match(m.Context.Message), Snapshot).Select(m => m.Context.Message).ToList();

    /// <summary>The messages of type <typeparamref name="T"/> sent so far (commands, e.g. the outbox's ProcessImage) that match.</summary>
    public static IReadOnlyList<T> SentSoFar<T>(this ITestHarness harness, Func<T, bool> match) where T : class =>
        harness.Sent.Select<T>(m => match(m.Context.Message), Snapshot).Select(m => m.Context.Message).ToList();

    /// <summary>
    /// Waits until <paramref name="count"/> matching messages of type <typeparamref name="T"/> were published: an explicit
    /// condition and timeout, where the harness's <c>Published.Any</c> also gives up at its first idle moment (a consumer
    /// waiting between retries looks idle).
    /// </summary>
    public static async Task<IReadOnlyList<T>> WaitUntilPublishedAsync<T>(this ITestHarness harness, Func<T, bool> match,
        string awaited, int count = 1, TimeSpan? timeout = null) where T : class
    {
        await Eventually.Until(() => Task.FromResult(harness.PublishedSoFar(match).Count), seen => seen >= count,
            $"{count} {typeof(T).Name} published ({awaited})", timeout);
        return harness.PublishedSoFar(match);
    }

    /// <summary>Waits until <typeparamref name="TConsumer"/> has consumed <paramref name="count"/> matching messages of type <typeparamref name="T"/>.</summary>
    public static async Task<IReadOnlyList<T>> WaitUntilConsumedAsync<TConsumer, T>(this ITestHarness harness, Func<T, bool> match,
        string awaited, int count = 1, TimeSpan? timeout = null) where TConsumer : class, IConsumer where T : class
    {
        await Eventually.Until(() => Task.FromResult(harness.ConsumedBy<TConsumer, T>(match).Count), seen => seen >= count,
            $"{typeof(TConsumer).Name} to consume {count} {typeof(T).Name} ({awaited}), counting what it consumed", timeout);
        return harness.ConsumedBy<TConsumer, T>(match);
    }
}
