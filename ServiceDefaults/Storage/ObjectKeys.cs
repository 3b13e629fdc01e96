using System.Text.RegularExpressions;

namespace Queues.ServiceDefaults.Storage;

/// <summary>Server-generated keys only: nothing in a key comes from what a user typed.</summary>
public static partial class ObjectKeys
{
    public const string OriginalsBucket = "originals";
    public const string ResultsBucket = "results";

    public static string Original(Guid jobId, string extension) => $"{OriginalsBucket}/{jobId:N}.{extension}";

    /// <summary>Deterministic per job, so a redelivered job overwrites its result instead of adding one.</summary>
    public static string Result(Guid jobId, string extension) => $"{ResultsBucket}/{jobId:N}.{extension}";

    /// <summary>One named rendition's result; the name is [a-z0-9-], checked at upload.</summary>
    public static string Result(Guid jobId, string rendition, string extension) => $"{ResultsBucket}/{jobId:N}-{rendition}.{extension}";

    /// <summary>The small picture of the original the dashboard shows.</summary>
    public static string Preview(Guid jobId) => $"{OriginalsBucket}/{jobId:N}-preview.webp";

    public static (string Bucket, string Name) Split(string key)
    {
        if (!KeyPattern().IsMatch(key)) throw new ArgumentException($"Not a valid object key: '{key}'", nameof(key));
        var slash = key.IndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }

    [GeneratedRegex("^[a-z0-9-]+/[A-Za-z0-9._-]+$")]
    private static partial Regex KeyPattern();
}
