using System.Text.Json;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>A rendition as the job row keeps it: what was asked for and, once processed, what came out.</summary>
public sealed record StoredRendition(string Name, string[] Operations, string OutputFormat, int Quality, RenditionResult? Result = null);

/// <summary>The <see cref="ImageJob.Renditions"/> column: a JSON array of <see cref="StoredRendition"/>.</summary>
public static class JobRenditions
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string? Write(IReadOnlyList<StoredRendition>? renditions) =>
        renditions is null or { Count: 0 } ? null : JsonSerializer.Serialize(renditions, Json);

    public static IReadOnlyList<StoredRendition> Read(string? column) =>
        column is null ? [] : JsonSerializer.Deserialize<List<StoredRendition>>(column, Json) ?? [];

    /// <summary>The requests with the worker's results filled in, by name.</summary>
    public static string? WithResults(string? column, RenditionResult[]? results)
    {
        if (column is null || results is null) return column;
        var byName = results.ToDictionary(r => r.Name);
        return Write(Read(column).Select(r => r with { Result = byName.GetValueOrDefault(r.Name) }).ToList());
    }

    public static RenditionSpec[]? ToMessage(string? column) =>
        column is null ? null : Read(column).Select(r => new RenditionSpec(r.Name, r.Operations, r.OutputFormat, r.Quality)).ToArray();
}
