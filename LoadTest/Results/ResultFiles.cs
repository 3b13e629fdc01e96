using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Queues.LoadTest.Results;

/// <summary>A run on disk: NAME.json (summary and timeline), NAME.jobs.csv (one row per upload), NAME.timeline.csv.</summary>
public static class ResultFiles
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IReadOnlyList<string> Write(string folder, string name, RunResult result, IReadOnlyList<JobRecord> records)
    {
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, name + ".json");
        File.WriteAllText(json, JsonSerializer.Serialize(result, Json));

        var jobs = Path.Combine(folder, name + ".jobs.csv");
        var csv = new StringBuilder("index,image,scheduled_ms,sent_ms,upload_ms,status,job_id,outcome,finished_ms,end_to_end_ms,server_end_to_end_ms,processing_ms,error\n");
        foreach (var r in records.Where(r => r.Sent))
            csv.AppendLine(string.Join(',', r.Index, r.Image, N(r.ScheduledMs), N(r.SentMs), N(r.UploadMs), r.Status, r.JobId,
                r.Outcome, N(r.FinishedMs), N(r.EndToEndMs), N(r.ServerEndToEndMs), N(r.ProcessingMs), Quote(r.Error)));
        File.WriteAllText(jobs, csv.ToString());

        var timeline = Path.Combine(folder, name + ".timeline.csv");
        var lines = new StringBuilder("second,sent,accepted,completed,failed,in_progress,queue_depth,upload_p99_ms,end_to_end_p50_ms,end_to_end_p99_ms\n");
        foreach (var s in result.Timeline)
            lines.AppendLine(string.Join(',', s.Second, s.Sent, s.Accepted, s.Completed, s.Failed, s.Outstanding, s.QueueDepth,
                N(s.UploadP99), N(s.EndToEndP50), N(s.EndToEndP99)));
        File.WriteAllText(timeline, lines.ToString());
        return [json, jobs, timeline];
    }

    public static RunResult Read(string path) =>
        JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is not a result file");

    static string N(double? value) => value is { } v ? Math.Round(v, 2).ToString(CultureInfo.InvariantCulture) : "";

    static string Quote(string? text) => text is null ? "" : "\"" + text.Replace("\"", "\"\"").ReplaceLineEndings(" ") + "\"";
}
