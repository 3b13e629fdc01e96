namespace Queues.Api.Jobs;

/// <summary>
/// What <see cref="ImageJob.SearchText"/> holds: the file name and the operations, lower-case, then every failure or
/// hand-back reason the job met. Reasons stay when a retry completes the job: "which jobs hit this error" still finds it.
/// </summary>
public static class SearchTexts
{
    public const int MaxLength = 600;

    /// <summary>Appended in the UPDATE that records the reason; the database cuts the text to the column's length.</summary>
    public static string Reason(string reason) => " | " + (reason.Length > MaxLength ? reason[..MaxLength] : reason).ToLowerInvariant();

    public static string For(string? fileName, IEnumerable<string> operations)
    {
        var text = $"{fileName} {string.Join(',', operations)}".Trim().ToLowerInvariant();
        return text.Length > MaxLength ? text[..MaxLength] : text;
    }
}
