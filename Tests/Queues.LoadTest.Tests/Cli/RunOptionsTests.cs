using Queues.LoadTest.Cli;
using Queues.LoadTest.Client;
using Spectre.Console.Testing;

namespace Queues.LoadTest.Tests.Cli;

/// <summary>The real command line (Spectre.Console.Cli), with the run swapped for catching the options it was given.</summary>
public sealed class RunOptionsTests
{
    static async Task<(int ExitCode, RunOptions? Options, string Errors)> ParseAsync(params string[] args)
    {
        RunOptions? seen = null;
        var errors = new StringWriter();
        var exitCode = await LoadCli.RunAsync(args, (options, _) => { seen = options; return Task.FromResult(0); }, default, errors);
        return (exitCode, seen, errors.ToString());
    }

    [Fact]
    public async Task A_rate_command_becomes_its_schedule_and_options()
    {
        var (exitCode, options, errors) = await ParseAsync("rate", "--rps", "2.5", "--duration", "4s", "--sizes", "0.3,12", "--url", "http://127.0.0.1:5080", "--quiet",
            "--title", "what to look at", "--marks", "marks.txt");

        exitCode.ShouldBe(0, errors);
        options.ShouldNotBeNull().Title.ShouldBe("what to look at");
        options.Marks.ShouldBe("marks.txt");
        options.ShouldNotBeNull().Arrivals.Count.ShouldBe(10);
        options.Concurrency.ShouldBe(0);
        options.Megapixels.ShouldBe([0.3, 12]);
        options.Url.ShouldBe(new Uri("http://127.0.0.1:5080"));
        options.Live.ShouldBeFalse();
        options.Command.ShouldBe("loadtest rate --rps 2.5 --duration 4s --sizes 0.3,12 --url http://127.0.0.1:5080 --quiet --title \"what to look at\" --marks marks.txt");
    }

    [Fact]
    public async Task A_bulk_command_without_options_takes_the_documented_defaults()
    {
        var (_, options, _) = await ParseAsync("bulk", "--label", "2 workers");

        options.ShouldNotBeNull().Arrivals.Count.ShouldBe(100);
        options.Concurrency.ShouldBe(8);
        options.Url.ShouldBe(new Uri("http://127.0.0.1:5000"));
        options.Deadline.ShouldBe(TimeSpan.FromSeconds(60));
        options.Queue.ShouldBe("process-image");
        options.OutputFolder.ShouldBe("loadtest-results");
        options.Live.ShouldBeTrue();
        options.Command.ShouldBe("loadtest bulk --label \"2 workers\"", "a label with a space is quoted, so the command can be pasted again");
    }

    [Theory]
    [InlineData("bulk", "--count", "10", "--concurency", "2")]
    [InlineData("bulk", "--count", "1000000")]
    [InlineData("rate", "--rps", "10", "--duration", "2h")]
    [InlineData("rate", "--rps", "0")]
    [InlineData("burst", "--interval", "soon")]
    [InlineData("bulk", "--sizes", "80")]
    [InlineData("bulk", "--url", "127.0.0.1:5000")]
    [InlineData("bulk", "--label")]
    [InlineData("soak")]
    [InlineData()]
    public async Task Mistakes_and_unbounded_runs_are_refused_with_a_message_and_exit_code_2(params string[] args)
    {
        var (exitCode, options, errors) = await ParseAsync(args);
        exitCode.ShouldBe(2);
        options.ShouldBeNull("nothing is sent");
        if (args.Length > 0) errors.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Help_lists_every_option_of_a_run_with_its_description_and_default()
    {
        var console = new TestConsole().Width(250);
        LoadCli.Create((_, _) => Task.FromResult(0), console: console).Run(["bulk", "--help"]).ShouldBe(0);
        foreach (var option in new[] { "--count", "--concurrency", "--url", "--sizes", "--images", "--operations", "--deadline", "--rabbit", "--queue", "--out", "--label", "--quiet" })
            console.Output.ShouldContain(option);
        console.Output.ShouldContain("60s");
        console.Output.ShouldContain("How long after the last upload a job may finish");
    }

    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5s", 1_500)]
    public void Durations_read_with_or_without_a_unit(string text, double milliseconds) =>
        Durations.Parse(text).TotalMilliseconds.ShouldBe(milliseconds);

    [Theory]
    [InlineData("""{"jobId":"0f8fad5b-d9cb-469f-a165-70867728950e","state":"Completed","at":"2026-01-01T00:00:00Z"}""", "Completed")]
    [InlineData("""{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","state":3}""", "Failed")]
    public void Server_sent_job_changes_are_read_whichever_way_the_state_is_written(string json, string state) =>
        EventStream.Parse(json).ShouldBe(new EventStream.Change(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), state));

    [Fact]
    public void Other_server_sent_events_are_ignored() => EventStream.Parse("""{"completed": 3}""").ShouldBeNull();
}
