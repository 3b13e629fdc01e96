using MassTransit;
using Queues.Contracts;

namespace Queues.Components.Processing;

/// <summary>
/// Turns libvips' evaluation percent into <see cref="ImageProcessingProgressed"/> events, at most one per
/// <see cref="MinInterval"/>: libvips reports every percent, far more often than a dashboard can use. The publish is not
/// awaited (libvips calls this on the evaluating thread); a lost progress event costs nothing, the next one replaces it.
/// </summary>
public sealed class ProgressReporter(ConsumeContext context, Guid jobId, string workerId, ILogger logger) : IProgress<int>
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);
    // The first report waits an interval too: a job done in less says nothing but that it is done.
    long lastTicks = Environment.TickCount64;

    public void Report(int value)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref lastTicks);
        if (value >= 100 || now - last < MinInterval.TotalMilliseconds || Interlocked.CompareExchange(ref lastTicks, now, last) != last) return;
        context.Publish(new ImageProcessingProgressed(jobId, workerId, value, DateTime.UtcNow)).ContinueWith(
            t => logger.LogDebug("Progress of job {JobId} not sent: {Reason}", jobId, t.Exception?.GetBaseException().Message),
            TaskContinuationOptions.OnlyOnFaulted);
    }
}
