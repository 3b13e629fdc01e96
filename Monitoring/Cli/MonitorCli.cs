using Spectre.Console;
using Spectre.Console.Cli;

namespace Queues.Monitoring.Cli;

/// <summary>
/// The command line: <c>queues</c>, <c>performance</c> and <c>verify</c>, each with the same options. What a command
/// does is given to <see cref="Create"/>, so a test reads the parsed options without starting a monitor.
/// Exit codes: what the command returns; 2 for a usage error.
/// </summary>
public static class MonitorCli
{
    public delegate Task<int> Run(MonitorOptions options, CancellationToken cancellationToken);

    public const int UsageError = 2;

    public static CommandApp Create(Run run, TextWriter? errors = null, IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("dotnet run --project Monitoring --");
            config.CaseSensitivity(CaseSensitivity.None);
            if (console is not null) config.ConfigureConsole(console);
            config.SetExceptionHandler((e, _) => Refuse(e, errors ?? Console.Error));
            config.AddCommand<MonitorCommand>("queues").WithData(run)
                .WithDescription("ready, unacked, consumers, publish/deliver/ack rates, error-queue depth")
                .WithExample("queues", "--rabbit", "http://127.0.0.1:15672", "--duration", "2m", "--csv", "run.csv", "--plot", "run.png");
            config.AddCommand<MonitorCommand>("performance").WithData(run)
                .WithDescription("throughput, p50/p95/p99 processing and end-to-end latency, failures, workers online")
                .WithExample("performance", "--api", "http://127.0.0.1:5000", "--notifier", "http://127.0.0.1:5002");
            config.AddCommand<MonitorCommand>("verify").WithData(run)
                .WithDescription("checks the broker, storage, Api, workers and notifier once and says what is wrong (exit 1 if anything is)");
        });
        return app;
    }

    /// <summary>Runs the command line; with no arguments it shows the help and fails, as it always has.</summary>
    public static async Task<int> RunAsync(string[] args, Run run, CancellationToken cancellationToken, TextWriter? errors = null)
    {
        var app = Create(run, errors);
        if (args.Length > 0) return await app.RunAsync(args, cancellationToken);
        (errors ?? Console.Error).WriteLine("Say which view: queues, performance or verify.");
        await app.RunAsync(["--help"], cancellationToken);
        return UsageError;
    }

    static int Refuse(Exception e, TextWriter errors)
    {
        if (e is not (CommandAppException or ArgumentException)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        errors.WriteLine(e.Message);
        errors.WriteLine("Options: dotnet run --project Monitoring -- <queues|performance|verify> --help");
        return UsageError;
    }

    sealed class MonitorCommand : AsyncCommand<MonitorSettings>
    {
        public override Task<int> ExecuteAsync(CommandContext context, MonitorSettings settings, CancellationToken cancellationToken)
        {
            // An option nobody asked for is a mistake, not something to ignore. (Spectre's strict parsing would say so
            // itself, but it then reads an option given no value as the text "__default_command".)
            if (context.Remaining.Parsed.Count > 0 || context.Remaining.Raw.Count > 0)
                throw new ArgumentException("Unknown option " + string.Join(", ", context.Remaining.Parsed.Select(o => o.Key).Concat(context.Remaining.Raw)) + ".");
            return ((Run)context.Data!)(MonitorOptions.From(context.Name, settings), cancellationToken);
        }
    }
}
