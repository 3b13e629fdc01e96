using Queues.Contracts;

namespace Queues.Imaging;

/// <summary>
/// A permanent fault: the same input will fail the same way, so the worker does not retry it.
/// The message is shown to users as the job's failure reason. It wraps no inner exception on purpose:
/// MassTransit's error-queue headers describe the innermost one, and this message is the readable one.
/// </summary>
public sealed class ImageRejectedException(FailureKind kind, string message) : Exception(message)
{
    /// <summary>The key under which the kind travels in the fault's exception data (MassTransit copies Data).</summary>
    public const string KindKey = "Kind";

    public FailureKind Kind { get; } = kind;

    /// <summary>
    /// None: a rejection is an expected outcome of bad input, not a bug, and MassTransit logs every fault with
    /// its exception; without a stack trace that is the reason alone, not thirty lines of frames.
    /// </summary>
    public override string? StackTrace => null;

    public override System.Collections.IDictionary Data { get; } = new System.Collections.Hashtable { [KindKey] = kind.ToString() };
}
