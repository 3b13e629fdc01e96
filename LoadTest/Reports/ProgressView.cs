using Queues.LoadTest.Results;
using Spectre.Console;

namespace Queues.LoadTest.Reports;

/// <summary>The live display during a run: a table redrawn twice a second, or a plain line every 5 s when
/// the output is not a terminal (CI logs, tests).</summary>
public static class ProgressView
{
    public sealed record Snapshot(double Seconds, int Planned, int Sent, int Accepted, int Rejected, int Completed,
        int Failed, int Outstanding, long? QueueDepth)
    {
        public static Snapshot Of(IReadOnlyList<JobRecord> records, double nowMs, int outstanding, long? queueDepth)
        {
            int sent = 0, accepted = 0, answered = 0, completed = 0, failed = 0;
            foreach (var r in records)
            {
                if (!r.Sent) continue;
                sent++;
                if (r.UploadMs is not null) answered++;
                if (r.Accepted) accepted++;
                if (r.Outcome == "Completed") completed++;
                else if (r.Outcome == "Failed") failed++;
            }
            return new(nowMs / 1000, records.Count, sent, accepted, answered - accepted, completed, failed, outstanding, queueDepth);
        }

        public override string ToString() =>
            $"{Seconds,6:0.0}s  sent {Sent}/{Planned}  accepted {Accepted}  rejected {Rejected}  completed {Completed}  "
            + $"failed {Failed}  in progress {Outstanding}" + (QueueDepth is { } d ? $"  queue {d}" : "");
    }

    public static async Task RunAsync(Func<Snapshot> snapshot, bool live, CancellationToken cancellationToken)
    {
        try
        {
            if (live && AnsiConsole.Profile.Capabilities.Interactive)
            {
                var table = new Table().AddColumns("elapsed", "sent", "accepted", "rejected", "completed", "failed", "in progress", "queue");
                await AnsiConsole.Live(table).StartAsync(async context =>
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        var s = snapshot();
                        table.Rows.Clear();
                        table.AddRow($"{s.Seconds:0.0}s", $"{s.Sent}/{s.Planned}", $"{s.Accepted}", $"{s.Rejected}",
                            $"{s.Completed}", $"{s.Failed}", $"{s.Outstanding}", s.QueueDepth?.ToString() ?? "-");
                        context.Refresh();
                        await Task.Delay(500, cancellationToken);
                    }
                });
            }
            else
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(5000, cancellationToken);
                    Console.WriteLine(snapshot());
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
