using System.Runtime.InteropServices;
using Queues.LoadTest.Cli;
using Queues.LoadTest.Client;
using Queues.LoadTest.Images;
using Queues.LoadTest.Reports;
using Spectre.Console;

namespace Queues.LoadTest;

// A class, not top-level statements: through ServiceDefaults this project sees ASP.NET Core, whose generator would
// make a top-level Program public, and the tests, which host the Api's Program too, could not tell them apart.
static class Program
{
    // loadtest bulk|burst|rate [options]  — one bounded run against the API, then a report.
    // loadtest analyze FILE.json...       — several runs compared.
    static async Task<int> Main(string[] args)
    {
        // Redirected to a file or a CI log, Spectre assumes 80 columns and folds the tables into unreadable strips.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 180;

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        // SIGTERM (kill, timeout, a script's cleanup) stops a run the same way; a background job has SIGINT ignored.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cancel.Cancel(); });

        return await LoadCli.RunAsync(args, RunAsync, cancel.Token);
    }

    /// <summary>Exit code 130 when stopped before the end, as a shell reports an interrupted command.</summary>
    const int Stopped = 130;

    static async Task<int> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        var images = options.ImagesFolder is { } folder ? SampleImages.FromFolder(folder) : SampleImages.Generate(options.Megapixels);
        try
        {
            var (result, records) = await new LoadRun(options, images, QueuesClient.Create(options.Url, options.ApiKey)).ExecuteAsync(cancellationToken);
            var files = RunReport.Write(options.OutputFolder, result, records);
            ConsoleReport.Print(result, files);
            return result.Jobs.Lost > 0 ? 1 : 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A run cut short has no honest totals (jobs in flight are neither lost nor finished): no report.
            Console.Error.WriteLine("stopped (Ctrl+C or SIGTERM) before the run ended; no report written");
            return Stopped;
        }
    }
}
