using Queues.LoadTest;
using Queues.LoadTest.Cli;
using Queues.LoadTest.Client;
using Queues.LoadTest.Images;
using Queues.LoadTest.Reports;
using Queues.LoadTest.Results;
using Spectre.Console;

// loadtest bulk|burst|rate [options]  — one bounded run against the API, then a report.
// loadtest analyze FILE.json...       — several runs compared.
if (args is [] or ["-h" or "--help" or "help", ..])
{
    Console.WriteLine(RunOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

// Redirected to a file or a CI log, Spectre assumes 80 columns and folds the tables into unreadable strips.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 180;

try
{
    if (args[0] == "analyze") return Analyze(args[1..]);

    var options = RunOptions.Parse(args);
    var images = options.ImagesFolder is { } folder ? SampleImages.FromFolder(folder) : SampleImages.Generate(options.Megapixels);
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

    var (result, records) = await new LoadRun(options, images, QueuesClient.Create(options.Url)).ExecuteAsync(cancel.Token);
    var files = RunReport.Write(options.OutputFolder, result, records);
    ConsoleReport.Print(result, files);
    return result.Jobs.Lost > 0 ? 1 : 0;
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(RunOptions.Usage);
    return 2;
}

static int Analyze(string[] args)
{
    var files = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
    var rest = args.Skip(files.Count).ToArray();
    if (files.Count == 0 || rest is not ([] or ["--out", _])) throw new ArgumentException("analyze FILE.json... [--out DIR]");
    foreach (var file in Comparison.Write(files, rest is [_, var dir] ? dir : "loadtest-results")) Console.WriteLine(file);
    return 0;
}
