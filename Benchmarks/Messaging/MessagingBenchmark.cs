using System.Globalization;
using System.Text;
using static Queues.Benchmarks.Statistics;

namespace Queues.Benchmarks.Messaging;

/// <summary>
/// send→consume throughput of ProcessImage: raw RabbitMQ.Client, MassTransit on RabbitMQ (same prefetch,
/// and the services' default prefetch), and MassTransit in memory. The variants take turns within each round,
/// so a neighbour's build slows all of them alike and the per-round ratio stays meaningful on a shared machine.
/// </summary>
static class MessagingBenchmark
{
    public static async Task<string> RunAsync(int port, int count, int rounds, int batch, int prefetch)
    {
        var appPrefetch = Environment.ProcessorCount; // BusOptions.PrefetchCount = 0 means the machine's cores
        var variants = new (string Name, Func<int, Task<double>> Run)[]
        {
            ("raw RabbitMQ.Client", n => RawRabbitRun.MessagesPerSecondAsync(port, n, batch, (ushort)prefetch)),
            ($"MassTransit RabbitMQ, prefetch {prefetch}", n => MassTransitRun.MessagesPerSecondAsync(port, n, batch, prefetch)),
            ($"MassTransit RabbitMQ, prefetch {appPrefetch} (BusOptions default: cores)", n => MassTransitRun.MessagesPerSecondAsync(port, n, batch, appPrefetch)),
            ("MassTransit in-memory", n => MassTransitRun.MessagesPerSecondAsync(null, n, batch, prefetch)),
        };

        Console.WriteLine("warm-up (JIT, queue and exchange creation), not counted");
        foreach (var (_, run) in variants) await run(Math.Min(count, 2_000));

        var results = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
            foreach (var (name, run) in variants)
            {
                var rate = await run(count);
                results[name].Add(rate);
                Console.WriteLine($"round {round}: {name,-55} {rate,10:N0} msg/s");
            }

        var raw = results[variants[0].Name];
        var report = new StringBuilder();
        report.AppendLine($"{count:N0} messages per run, {rounds} rounds, sent in batches of {batch}, durable + persistent + confirms, manual ack");
        report.AppendLine().AppendLine("| variant | median msg/s | min | max | ratio to raw (median of per-round ratios) |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, rates) in results)
        {
            var ratio = Median(rates.Zip(raw, (r, baseline) => r / baseline));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(rates):N0} | {rates.Min():N0} | {rates.Max():N0} | {ratio:0.00} |"));
        }
        return report.ToString();
    }
}
