using Queues.Monitoring;
using Queues.Monitoring.Sampling;
using Spectre.Console;

MonitorOptions options;
try
{
    options = MonitorOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(MonitorOptions.Usage);
    return 2;
}

// Redirected to a file or a pipe, a line is a line: no wrapping at 80 columns.
if (!AnsiConsole.Profile.Capabilities.Interactive) AnsiConsole.Profile.Width = 1000;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

if (options.Command == "verify") return await Verifier.RunAsync(options, AnsiConsole.Console, stop.Token);

var sampler = Samplers.For(options);
await new MonitorLoop(sampler, options, AnsiConsole.Console).RunAsync(stop.Token);
return 0;
