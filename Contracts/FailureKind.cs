namespace Queues.Contracts;

/// <summary>
/// Why a job failed, as a value rather than a sentence: travels with the fault (exception data "Kind"), is stored
/// on the job, and is what metrics and the dead-letter statistics group by. Permanent kinds are never retried.
/// </summary>
public enum FailureKind
{
    /// <summary>Retries ran out on a fault that may pass (storage or network down).</summary>
    Transient,
    Empty,
    NotAnImage,
    UnsupportedFormat,
    TooManyPixels,
    /// <summary>The original cannot be decoded: truncated or damaged data.</summary>
    Corrupt,
    /// <summary>An operation or one of its parameters is not valid.</summary>
    InvalidOperation,
    /// <summary>The image decodes, but libvips failed while applying the operations.</summary>
    ProcessingError,
    MissingOriginal,
}
