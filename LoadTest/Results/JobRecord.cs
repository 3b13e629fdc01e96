namespace Queues.LoadTest.Results;

/// <summary>What happened to one planned upload. Times are milliseconds since the run started.</summary>
public sealed class JobRecord(int index, double scheduledMs, string image)
{
    public int Index { get; } = index;
    public double ScheduledMs { get; } = scheduledMs;
    public string Image { get; } = image;

    public bool Sent { get; set; }
    public double SentMs { get; set; }
    public double? UploadMs { get; set; }
    /// <summary>The upload's HTTP status; 0 when no answer came (connection refused, timeout).</summary>
    public int Status { get; set; }
    public Guid? JobId { get; set; }
    public string? Error { get; set; }

    /// <summary>Completed, Failed, Lost (accepted, not finished by the deadline) or Rejected (upload not accepted).</summary>
    public string Outcome { get; set; } = "Rejected";
    /// <summary>When this client saw the job finished (SSE event or poll).</summary>
    public double? FinishedMs { get; set; }
    /// <summary>The server's own queued→finished time (the job's endToEndMs).</summary>
    public double? ServerEndToEndMs { get; set; }
    public double? ProcessingMs { get; set; }

    public bool Accepted => Status == 202;

    /// <summary>Upload started → this client saw the job finished: what a user waits for.</summary>
    public double? EndToEndMs => FinishedMs - SentMs;
}
