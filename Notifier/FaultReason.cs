using MassTransit;

namespace Queues.Notifier;

/// <summary>Turns a MassTransit fault into the reason a person reads, and a short class for metrics.</summary>
public static class FaultReason
{
    const string Rejected = "ImageRejectedException";

    public static string Describe<T>(Fault<T> fault)
    {
        var exception = fault.Exceptions.FirstOrDefault();
        if (exception is null) return "Unknown failure.";
        return ShortType(exception.ExceptionType) == Rejected
            ? exception.Message
            : $"Gave up after retries: {ShortType(exception.ExceptionType)}: {exception.Message}";
    }

    /// <summary>"rejected:Corrupt" for permanent faults (no retry), "transient:HttpRequestException" when retries ran out.</summary>
    public static string Classify<T>(Fault<T> fault)
    {
        var exception = fault.Exceptions.FirstOrDefault();
        if (exception is null) return "unknown";
        var type = ShortType(exception.ExceptionType);
        return type == Rejected && exception.Data?.TryGetValue("Kind", out var kind) == true
            ? $"rejected:{kind}"
            : type == Rejected ? "rejected" : $"transient:{type}";
    }

    static string ShortType(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];
}
