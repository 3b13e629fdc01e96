using MassTransit;
using Queues.Contracts;
using Queues.Imaging;

namespace Queues.Components.Failures;

/// <summary>
/// What a MassTransit fault says about a failed job: its <see cref="FailureKind"/> and the worker, read from the
/// exception data the worker put there, and the reason a person reads. Nothing here is parsed from message text.
/// </summary>
public static class FaultFacts
{
    /// <summary>The key under which the worker puts its id on every exception it lets escape.</summary>
    public const string WorkerKey = "WorkerId";

    public static FailureKind Kind<T>(Fault<T> fault) =>
        fault.Exceptions.FirstOrDefault()?.Data is { } data
        && data.TryGetValue(ImageRejectedException.KindKey, out var kind)
        && Enum.TryParse<FailureKind>(kind?.ToString(), out var parsed)
            ? parsed
            : FailureKind.Transient;

    public static string? WorkerId<T>(Fault<T> fault) =>
        fault.Exceptions.FirstOrDefault()?.Data is { } data && data.TryGetValue(WorkerKey, out var id) ? id?.ToString() : null;

    /// <summary>A rejection's own message; for a transient fault, what was still failing when retries ran out.</summary>
    public static string Reason<T>(Fault<T> fault)
    {
        var exception = fault.Exceptions.FirstOrDefault();
        if (exception is null) return "Unknown failure.";
        return Kind(fault) == FailureKind.Transient
            ? $"Gave up after retries: {ShortType(exception.ExceptionType)}: {exception.Message}"
            : exception.Message;
    }

    static string ShortType(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];
}
