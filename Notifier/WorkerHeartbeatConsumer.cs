using MassTransit;
using Queues.Contracts;

namespace Queues.Notifier;

/// <summary>Counts workers online for /stats and the workers-online gauge.</summary>
public sealed class WorkerHeartbeatConsumer(PipelineStats stats) : IConsumer<WorkerHeartbeat>
{
    public Task Consume(ConsumeContext<WorkerHeartbeat> context)
    {
        stats.Heartbeat(context.Message.WorkerId);
        return Task.CompletedTask;
    }
}
