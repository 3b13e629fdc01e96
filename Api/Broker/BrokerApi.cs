using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Access;
using Queues.Api.Jobs;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Broker;

/// <summary>Queue depths and the dead-letter queue: inspect, count, replay.</summary>
public static class BrokerApi
{
    public static IEndpointRouteBuilder MapBroker(this IEndpointRouteBuilder app)
    {
        app.MapGet("/queues", Queues).WithTags("Queues")
            .WithSummary("Depth (ready, unacknowledged), consumers and rates of every queue (RabbitMQ management API)")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).OperatorOnly();

        // Every dead-letter operation asks the broker, which may be down.
        var dlq = app.MapGroup("/dlq").WithTags("Dead letters").ProducesProblem(StatusCodes.Status503ServiceUnavailable).OperatorOnly();
        dlq.MapGet("/", List).WithSummary("Messages in the error queues: job, exception, reason, time, attempts");
        dlq.MapGet("/stats", Stats).WithSummary("Dead-letter counts by queue and by reason");
        dlq.MapPost("/replay", Replay).WithSummary("Move dead letters back to process-image: all, or one job's (?jobId=)");
        return app;
    }

    public sealed record QueueList(string Source, bool Available, string? Note, IReadOnlyList<QueueInfo> Queues, long JobsQueued, long JobsProcessing);

    static async Task<Results<Ok<QueueList>, ProblemHttpResult>> Queues(IServiceProvider services, JobsDbContext db, JobCountsReader jobCounts,
        CancellationToken cancellationToken)
    {
        var counts = await jobCounts.ReadAsync(db, cancellationToken);
        var (queued, processing) = (counts.Queued, counts.Processing);
        if (services.GetService<RabbitMqManagementClient>() is not { } management)
            return TypedResults.Ok(new QueueList("jobs-table", false,
                "Queue statistics are not available on the in-memory bus; the counts are from the jobs table.", [], queued, processing));
        try
        {
            return TypedResults.Ok(new QueueList("rabbitmq", true, null, await management.GetQueuesAsync(cancellationToken), queued, processing));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return BrokerUnavailable(e);
        }
    }

    static async Task<Results<Ok<DeadLetterList>, ProblemHttpResult>> List(IDeadLetterQueue dlq, int limit = 100, CancellationToken cancellationToken = default)
    {
        try
        {
            return TypedResults.Ok(await dlq.ListAsync(Math.Clamp(limit, 1, 1000), cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return BrokerUnavailable(e);
        }
    }

    static async Task<Results<Ok<DeadLetterStats>, ProblemHttpResult>> Stats(IDeadLetterQueue dlq, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await dlq.StatsAsync(cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return BrokerUnavailable(e);
        }
    }

    static async Task<Results<Ok<ReplayResult>, ProblemHttpResult>> Replay(IDeadLetterQueue dlq, Guid? jobId, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await dlq.ReplayAsync(jobId, cancellationToken));
        }
        catch (Exception e) when (IsBrokerDown(e))
        {
            return BrokerUnavailable(e);
        }
    }

    public static bool IsBrokerDown(Exception e) =>
        e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or HttpRequestException or TaskCanceledException;

    public static ProblemHttpResult BrokerUnavailable(Exception e) =>
        TypedResults.Problem(statusCode: 503, title: "Broker unavailable", detail: e.Message);
}
