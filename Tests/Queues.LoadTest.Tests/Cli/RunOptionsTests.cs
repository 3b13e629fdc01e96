using Queues.LoadTest.Cli;
using Queues.LoadTest.Client;

namespace Queues.LoadTest.Tests.Cli;

public sealed class RunOptionsTests
{
    [Fact]
    public void A_rate_command_becomes_its_schedule_and_options()
    {
        var options = RunOptions.Parse(["rate", "--rps", "2.5", "--duration", "4s", "--sizes", "0.3,12", "--url", "http://127.0.0.1:5080", "--quiet"]);

        options.Arrivals.Count.ShouldBe(10);
        options.Concurrency.ShouldBe(0);
        options.Megapixels.ShouldBe([0.3, 12]);
        options.Url.ShouldBe(new Uri("http://127.0.0.1:5080"));
        options.Live.ShouldBeFalse();
    }

    [Theory]
    [InlineData("bulk", "--count", "10", "--concurency", "2")]
    [InlineData("bulk", "--count", "1000000")]
    [InlineData("rate", "--rps", "10", "--duration", "2h")]
    [InlineData("soak")]
    public void Mistakes_and_unbounded_runs_are_refused(params string[] args) =>
        Should.Throw<ArgumentException>(() => RunOptions.Parse(args));

    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5s", 1_500)]
    public void Durations_read_with_or_without_a_unit(string text, double milliseconds) =>
        Options.ParseDuration(text).TotalMilliseconds.ShouldBe(milliseconds);

    [Theory]
    [InlineData("""{"jobId":"0f8fad5b-d9cb-469f-a165-70867728950e","state":"Completed","at":"2026-01-01T00:00:00Z"}""", "Completed")]
    [InlineData("""{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","state":3}""", "Failed")]
    public void Server_sent_job_changes_are_read_whichever_way_the_state_is_written(string json, string state) =>
        EventStream.Parse(json).ShouldBe(new EventStream.Change(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), state));

    [Fact]
    public void Other_server_sent_events_are_ignored() => EventStream.Parse("""{"completed": 3}""").ShouldBeNull();
}
