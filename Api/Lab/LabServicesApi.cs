using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Queues.ServiceDefaults.Messaging;
using Queues.ServiceDefaults.Storage;

namespace Queues.Api.Lab;

/// <summary>POST /lab/broker/stop|start and /lab/storage/stop|start: scripts/services.sh, then the port probed until it agrees.</summary>
public static class LabServicesApi
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static RouteGroupBuilder MapLabServices(this RouteGroupBuilder lab)
    {
        lab.MapPost("/broker/{action:regex(^(stop|start)$)}", Broker)
            .WithSummary("Stop or start the RabbitMQ node (services.sh broker-stop|broker-start); answers once its AMQP port refuses or answers");
        lab.MapPost("/storage/{action:regex(^(stop|start)$)}", Storage)
            .WithSummary("Stop or start the S3 server (services.sh storage-stop|storage-start); answers once its port refuses or answers");
        return lab;
    }

    public static LabService BrokerAddress(BusOptions bus) => new("broker", $"{bus.Host}:{bus.Port}", false);

    public static LabService StorageAddress(StorageOptions storage) => new("storage", storage.Endpoint, false);

    public static async Task<LabService> ProbeAsync(LabService service, CancellationToken cancellationToken)
    {
        var colon = service.Address.LastIndexOf(':');
        var up = await LabProcesses.AnswersAsync(service.Address[..colon], int.Parse(service.Address[(colon + 1)..]), cancellationToken);
        return service with { Up = up };
    }

    static Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Broker(string action, IOptions<BusOptions> bus, LabProcesses processes,
        LabMarkers markers, CancellationToken cancellationToken) =>
        SwitchAsync(BrokerAddress(bus.Value), $"broker-{action}", action == "start", processes, markers, cancellationToken);

    static Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Storage(string action, IOptions<StorageOptions> storage, LabProcesses processes,
        LabMarkers markers, CancellationToken cancellationToken) =>
        SwitchAsync(StorageAddress(storage.Value), $"storage-{action}", action == "start", processes, markers, cancellationToken);

    static async Task<Results<Ok<LabActionDone>, ProblemHttpResult>> SwitchAsync(LabService service, string command, bool up,
        LabProcesses processes, LabMarkers markers, CancellationToken cancellationToken)
    {
        var run = await processes.RunScriptAsync("services.sh", Limit, cancellationToken, command);
        if (run.ExitCode != 0) return LabProblems.ScriptFailed($"services.sh {command}", run);
        if (!await LabProcesses.WaitForAsync(async () => (await ProbeAsync(service, cancellationToken)).Up == up, Limit, cancellationToken))
            return LabProblems.Timeout($"{service.Address} still {(up ? "refuses" : "answers")} {Limit.TotalSeconds:0} s after services.sh {command}.");
        var marker = markers.Add($"{service.Name} {(up ? "started" : "stopped")}", run.Output);
        return TypedResults.Ok(new LabActionDone(marker.Label, run.Output, Service: service with { Up = up }));
    }
}
