using Queues.Monitoring.Cli;
using Spectre.Console.Testing;

namespace Queues.Monitoring.Tests;

/// <summary>The real command line (Spectre.Console.Cli), with the command's work swapped for catching what it was given.</summary>
public sealed class MonitorOptionsTests
{
    static async Task<(int ExitCode, MonitorOptions? Options, string Errors)> ParseAsync(params string[] args)
    {
        MonitorOptions? seen = null;
        var errors = new StringWriter();
        var exitCode = await MonitorCli.RunAsync(args, (options, _) => { seen = options; return Task.FromResult(0); }, default, errors);
        return (exitCode, seen, errors.ToString());
    }

    [Fact]
    public async Task Options_are_read_with_their_units()
    {
        var (exitCode, options, errors) = await ParseAsync("queues", "--interval", "0.5", "--duration", "2m", "--csv", "q.csv", "--plot", "q.png",
            "--title", "each burst lifts the queue", "--marks", "marks.txt", "--rabbit", "http://127.0.0.1:15672", "--api", "http://127.0.0.1:5000");
        exitCode.ShouldBe(0, errors);
        options.ShouldNotBeNull().Command.ShouldBe("queues");
        options.Interval.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.Duration.ShouldBe(TimeSpan.FromMinutes(2));
        options.Csv.ShouldBe("q.csv");
        options.Plot.ShouldBe("q.png");
        options.Title.ShouldBe("each burst lifts the queue");
        options.Marks.ShouldBe("marks.txt");
        options.Rabbit.ShouldBe(new Uri("http://127.0.0.1:15672/"));
        options.StatsUrl.ShouldBe(new Uri("http://127.0.0.1:5000/"), "standalone: the Api serves /stats");
    }

    [Fact]
    public async Task Unset_options_take_the_documented_defaults()
    {
        var (_, options, _) = await ParseAsync("performance");
        options.ShouldBe(new MonitorOptions { Command = "performance" });
    }

    [Fact]
    public async Task Credentials_in_the_management_url_are_taken_from_it()
    {
        var (_, options, _) = await ParseAsync("queues", "--rabbit", "http://admin:s%40cret@127.0.0.1:15672");
        options.ShouldNotBeNull().Rabbit.ShouldBe(new Uri("http://127.0.0.1:15672/"));
        options.User.ShouldBe("admin");
        options.Password.ShouldBe("s@cret");
    }

    [Theory]
    [InlineData("nothing")]
    [InlineData("queues", "--interval", "0")]
    [InlineData("queues", "--duration", "soon")]
    [InlineData("queues", "--rabbit", "127.0.0.1:15672")]
    [InlineData("queues", "--csv")]
    [InlineData("queues", "--colour", "red")]
    public async Task Nonsense_is_refused_with_a_message_and_exit_code_2(params string[] args)
    {
        var (exitCode, options, errors) = await ParseAsync(args);
        exitCode.ShouldBe(2);
        options.ShouldBeNull("nothing runs");
        errors.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task No_view_at_all_is_a_usage_error_that_says_which_views_there_are()
    {
        var (exitCode, _, errors) = await ParseAsync();
        exitCode.ShouldBe(2);
        errors.ShouldContain("queues, performance or verify");
    }

    [Fact]
    public void Help_lists_every_option_with_its_description_and_default()
    {
        var console = new TestConsole().Width(250);
        MonitorCli.Create((_, _) => Task.FromResult(0), console: console).Run(["queues", "--help"]).ShouldBe(0);
        foreach (var option in new[] { "--interval", "--duration", "--csv", "--plot", "--rabbit", "--user", "--password", "--vhost", "--api", "--notifier" })
            console.Output.ShouldContain(option);
        console.Output.ShouldContain("http://127.0.0.1:5000");
        console.Output.ShouldContain("Refresh period in seconds");
    }
}
