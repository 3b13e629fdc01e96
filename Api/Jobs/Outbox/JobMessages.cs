using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>The messages the outbox makes of a job row: the command that starts it, and the event that announces its end.</summary>
public static class JobMessages
{
    public static ProcessImage ProcessImage(ImageJob job) =>
        new(job.Id, job.OriginalKey, job.Operations, job.OutputFormat, job.Quality, job.QueuedAt, JobRenditions.ToMessage(job.Renditions));

    public static JobCompleted Completed(ImageJob job) =>
        new(job.Id, job.WorkerId ?? "", job.ShownAttempts, job.ResultKey ?? "", job.Operations, job.ProcessingMs ?? 0, job.QueuedAt,
            job.FinishedAt ?? job.QueuedAt, job.Tenant, job.ResultBlurHash, job.ResultDominantColour, job.CallbackUrl);

    public static JobFailed Failed(ImageJob job) =>
        new(job.Id, job.WorkerId, job.ShownAttempts, job.FailureKind ?? FailureKind.Transient, job.FailureReason ?? "", job.Operations,
            job.QueuedAt, job.FinishedAt ?? job.QueuedAt, job.Tenant, job.CallbackUrl);
}
