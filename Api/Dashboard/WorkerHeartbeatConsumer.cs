using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Dashboard;

/// <summary>Feeds the workers panel. Runs on a temporary queue per API replica: see <see cref="DashboardRegistration.AddDashboardConsumers"/>.</summary>
public sealed class WorkerHeartbeatConsumer(WorkerRegistry registry) : IConsumer<WorkerHeartbeat>
{
    public Task Consume(ConsumeContext<WorkerHeartbeat> context)
    {
        registry.Heard(context.Message);
        return Task.CompletedTask;
    }
}
