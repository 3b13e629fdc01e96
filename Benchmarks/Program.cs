using Queues.Benchmarks.Cli;
using Spectre.Console.Cli;

// dotnet run --project Benchmarks -c Release -- pipeline [BenchmarkDotNet options, e.g. --filter *Default*]
// dotnet run --project Benchmarks -c Release -- pipeline-turns [--megapixels 1,12] [--rounds 15] [--images 5] [--only default]
// dotnet run --project Benchmarks -c Release -- renditions [--megapixels 1,12] [--rounds 8]
// dotnet run --project Benchmarks -c Release -- decode-profile [--megapixels 12] [--grains 0,4,12]
// dotnet run --project Benchmarks -c Release -- raw-ceiling [--megapixels 1] [--seconds 10]
// dotnet run --project Benchmarks -c Release -- messaging --rabbit-port 5790 [--count 20000] [--rounds 3]
// dotnet run --project Benchmarks -c Release -- imagesharp-vs-netvips [--megapixels 1,12] [--rounds 3]
var app = new CommandApp();
app.Configure(BenchCommands.Configure);
if (args.Length > 0) return await app.RunAsync(args);
await app.RunAsync(["--help"]);
return BenchCommands.UsageError;
