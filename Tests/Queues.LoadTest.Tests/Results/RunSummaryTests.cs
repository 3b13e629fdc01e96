using Queues.LoadTest.Results;

namespace Queues.LoadTest.Tests.Results;

public sealed class RunSummaryTests
{
    static readonly RunSetup Setup = new("test", "rate", "loadtest rate", DateTime.UtcNow, "http://127.0.0.1:5000/", "generated", null, 6);

    [Fact]
    public void Counts_requests_by_status_and_jobs_by_outcome()
    {
        var records = new[]
        {
            Job(0, sent: 0, upload: 20, finished: 100, "Completed", server: 70),
            Job(1, sent: 500, upload: 30, finished: 700, "Completed", server: 160),
            Job(2, sent: 1000, upload: 25, finished: 1300, "Failed"),
            Job(3, sent: 1500, upload: 25, finished: null, "Lost"),
            new JobRecord(4, 2000, "a.jpg") { Sent = true, SentMs = 2000, UploadMs = 5, Status = 415 },
            new JobRecord(5, 2500, "a.jpg") { Sent = true, SentMs = 2500, UploadMs = 1, Status = 0, Error = "refused" },
        };

        var result = RunSummary.Build(Setup, records, "polling", maxLagMs: 1.5);

        result.Requests.ShouldBe(new RequestCounts(6, 6, 4, 2, result.Requests.ByStatus));
        result.Requests.ByStatus.ShouldBe(new Dictionary<string, int> { ["202"] = 4, ["415"] = 1, ["no answer"] = 1 });
        result.Jobs.ShouldBe(new JobCounts(Completed: 2, Failed: 1, Lost: 1));
        result.EndToEnd.Count.ShouldBe(2);
        result.EndToEnd.Max.ShouldBe(200, tolerance: 0.5);   // job 1: sent at 500, seen completed at 700
        result.ServerEndToEnd.Max.ShouldBe(160, tolerance: 0.5);
        result.Upload.Count.ShouldBe(6);
        result.ThroughputPerSecond.ShouldBe(2 / 1.3, tolerance: 0.01); // 2 completed between 0 and 1.3 s
        result.Timeline.Sum(s => s.Sent).ShouldBe(6);
        result.Timeline.Sum(s => s.Completed).ShouldBe(2);
        result.Timeline[1].Outstanding.ShouldBe(1, "job 2 failed at 1.3 s; job 3 was accepted and never finished");
    }

    static JobRecord Job(int index, double sent, double upload, double? finished, string outcome, double? server = null) =>
        new(index, sent, "a.jpg")
        {
            Sent = true, SentMs = sent, UploadMs = upload, Status = 202, JobId = Guid.NewGuid(),
            FinishedMs = finished, Outcome = outcome, ServerEndToEndMs = server,
        };
}
