using System.ComponentModel;
using System.Globalization;
using Queues.LoadTest.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Queues.LoadTest.Cli;

/// <summary>
/// The command line: <c>bulk</c>, <c>burst</c> and <c>rate</c> (one bounded run, then a report) and <c>analyze</c>
/// (several runs compared). What a run does is given to <see cref="Create"/>, so a test reads the parsed options
/// without sending anything. Exit codes: the run's (1 when jobs were lost); 2 for a usage error.
/// </summary>
public static class LoadCli
{
    public delegate Task<int> Run(RunOptions options, CancellationToken cancellationToken);

    public const int UsageError = 2;

    public static CommandApp Create(Run run, TextWriter? errors = null, IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("loadtest");
            config.SetApplicationCulture(CultureInfo.InvariantCulture); // --rps 2.5 on any machine
            config.CaseSensitivity(CaseSensitivity.None);
            if (console is not null) config.ConfigureConsole(console);
            config.SetExceptionHandler((e, _) => Refuse(e, errors ?? Console.Error));
            config.AddCommand<RunCommand<BulkSettings>>("bulk").WithData(run)
                .WithDescription("N uploads, at most C in flight").WithExample("bulk", "--count", "300", "--concurrency", "8");
            config.AddCommand<RunCommand<BurstSettings>>("burst").WithData(run)
                .WithDescription("B spikes of S uploads, T apart").WithExample("burst", "--size", "20", "--bursts", "3", "--interval", "10s");
            config.AddCommand<RunCommand<RateSettings>>("rate").WithData(run)
                .WithDescription("R uploads per second for D (open model); durations: 30, 30s, 500ms, 2m, 1h")
                .WithExample("rate", "--rps", "1", "--duration", "60");
            config.AddCommand<PlotCommand>("plot")
                .WithDescription("redraw runs' throughput plots from their result files (e.g. after a style change)").WithExample("plot", "loadtest-results/bulk-20261202-061304.json");
            config.AddCommand<AnalyzeCommand>("analyze")
                .WithDescription("compare runs in one table and plot").WithExample("analyze", "loadtest-results/*.json", "--out", "loadtest-results");
        });
        return app;
    }

    /// <summary>Runs the command line. No arguments: the help, as a usage error; <c>help</c> as a word is <c>--help</c>.</summary>
    public static async Task<int> RunAsync(string[] args, Run run, CancellationToken cancellationToken, TextWriter? errors = null)
    {
        var app = Create(run, errors);
        if (args is [] or ["help"]) return await app.RunAsync(["--help"], cancellationToken) is 0 && args is [] ? UsageError : 0;
        return await app.RunAsync(args, cancellationToken);
    }

    static int Refuse(Exception e, TextWriter errors)
    {
        if (e is not (CommandAppException or ArgumentException or FormatException or IOException))
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        errors.WriteLine(e.Message);
        errors.WriteLine("Options: loadtest <bulk|burst|rate|analyze> --help");
        return UsageError;
    }

    /// <summary>
    /// An option nobody asked for is a mistake, not something to ignore. (Spectre's strict parsing would say so itself,
    /// but it then reads an option given no value as the text "__default_command".)
    /// </summary>
    static void RefuseUnknown(CommandContext context)
    {
        if (context.Remaining.Parsed.Count > 0 || context.Remaining.Raw.Count > 0)
            throw new ArgumentException("unknown option: " + string.Join(", ", context.Remaining.Parsed.Select(o => o.Key).Concat(context.Remaining.Raw)));
    }

    sealed class RunCommand<TSettings> : AsyncCommand<TSettings> where TSettings : RunSettings
    {
        public override Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
        {
            RefuseUnknown(context);
            return ((Run)context.Data!)(RunOptions.From(context.Name, settings, context.Arguments), cancellationToken);
        }
    }

    public sealed class AnalyzeSettings : CommandSettings
    {
        [CommandArgument(0, "<FILES>"), Description("Result files (NAME.json) of earlier runs.")]
        public string[] Files { get; init; } = [];

        [CommandOption("--out <DIR>"), Description("Where the comparison goes."), DefaultValue("loadtest-results")]
        public string Out { get; init; } = "loadtest-results";

        [CommandOption("--title <TEXT>"), Description("The plot's title: what to look at, e.g. \"a third worker does not help\".")]
        public string? Title { get; init; }
    }

    public sealed class PlotSettings : CommandSettings
    {
        [CommandArgument(0, "<FILES>"), Description("Result files (NAME.json); each gets NAME.throughput.png again.")]
        public string[] Files { get; init; } = [];
    }

    sealed class PlotCommand : Command<PlotSettings>
    {
        public override int Execute(CommandContext context, PlotSettings settings, CancellationToken cancellationToken)
        {
            RefuseUnknown(context);
            foreach (var file in settings.Files)
            {
                var png = Path.ChangeExtension(file, null) + ".throughput.png";
                Plots.Throughput(Results.ResultFiles.Read(file), png);
                Console.WriteLine(png);
            }
            return 0;
        }
    }

    sealed class AnalyzeCommand : Command<AnalyzeSettings>
    {
        public override int Execute(CommandContext context, AnalyzeSettings settings, CancellationToken cancellationToken)
        {
            RefuseUnknown(context);
            foreach (var file in Comparison.Write(settings.Files, settings.Out, settings.Title)) Console.WriteLine(file);
            return 0;
        }
    }
}
