using System.Globalization;

namespace Queues.Monitoring.Sampling;

/// <summary>
/// One line per reading: time (UTC, ISO 8601), seconds since start, the view's columns, and a status
/// ("ok" or why nothing was read). Flushed each line, so a run cut short still leaves its data.
/// </summary>
public sealed class CsvRecorder : IDisposable
{
    readonly StreamWriter writer;
    readonly DateTime start;

    public CsvRecorder(string path, IReadOnlyList<Column> columns, DateTime start)
    {
        this.start = start;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        writer = new StreamWriter(path, append: false) { AutoFlush = true };
        writer.WriteLine(string.Join(',', ["time", "elapsed_s", .. columns.Select(c => c.Name), "status"]));
    }

    public void Write(Sample sample)
    {
        var values = sample.Values.Select(v => v is { } d && double.IsFinite(d) ? d.ToString("0.###", CultureInfo.InvariantCulture) : "");
        var elapsed = (sample.At - start).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        writer.WriteLine(string.Join(',', [sample.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), elapsed, .. values, Quote(sample.Problem ?? "ok")]));
    }

    static string Quote(string text) => text.Contains(',') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;

    public void Dispose() => writer.Dispose();
}
