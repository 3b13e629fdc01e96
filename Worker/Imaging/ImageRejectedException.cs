namespace Queues.Worker.Imaging;

public enum RejectionKind { Empty, NotAnImage, UnsupportedFormat, TooManyPixels, Corrupt, InvalidOperation, MissingOriginal }

/// <summary>
/// A permanent fault: the same input will fail the same way, so the worker does not retry it.
/// The message is shown to users as the job's failure reason. It wraps no inner exception on purpose:
/// MassTransit's error-queue headers describe the innermost one, and this message is the readable one.
/// </summary>
public sealed class ImageRejectedException(RejectionKind kind, string message) : Exception(message)
{
    public RejectionKind Kind { get; } = kind;

    // Travels in the fault message (MassTransit copies Data), so consumers can classify without the type.
    public override System.Collections.IDictionary Data { get; } = new System.Collections.Hashtable { ["Kind"] = kind.ToString() };
}
