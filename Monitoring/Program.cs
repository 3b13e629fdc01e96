using System.Runtime.InteropServices;
using Queues.Monitoring.Cli;
using Queues.Monitoring.Sampling;
using Spectre.Console;

namespace Queues.Monitoring;

// A class, not top-level statements: through ServiceDefaults this project sees ASP.NET Core, whose generator
// would make a top-level Program public, and the tests, which host the Api's Program too, could not tell them apart.
static class Program
{
    static async Task<int> Main(string[] args)
    {
        // Redirected to a file or a pipe, a line is a line: no wrapping at 80 columns.
        if (!AnsiConsole.Profile.Capabilities.Interactive) AnsiConsole.Profile.Width = 1000;

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        // SIGTERM (kill, timeout, a service manager, the tests) stops it the same way, CSV closed and plot drawn: a
        // shell that starts a job in the background starts it with SIGINT ignored, so there Ctrl+C never arrives.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

        return await MonitorCli.RunAsync(args, MonitorAsync, stop.Token);
    }

    static async Task<int> MonitorAsync(MonitorOptions options, CancellationToken cancellationToken)
    {
        if (options.Command != "verify")
        {
            // Stopping is how a view ends: the loop closes the CSV, draws the plot and returns.
            await new MonitorLoop(Samplers.For(options), options, AnsiConsole.Console).RunAsync(cancellationToken);
            return 0;
        }
        try
        {
            return await Verifier.RunAsync(options, AnsiConsole.Console, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("stopped before every check had answered");
            return 130; // as a shell reports an interrupted command
        }
    }
}
