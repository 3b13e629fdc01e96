using Spectre.Console;

namespace Queues.Monitoring;

/// <summary>Placeholder until the checks are written.</summary>
public static class Verifier
{
    public static Task<int> RunAsync(MonitorOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        console.WriteLine("verify: not written yet");
        return Task.FromResult(1);
    }
}
