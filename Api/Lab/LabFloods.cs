using System.Collections.Concurrent;
using Queues.Api.Jobs;
using Queues.Imaging;

namespace Queues.Api.Lab;

/// <summary>A flood as it goes: the ids accepted so far, the uploads refused, whether it has sent them all.</summary>
public sealed record LabFlood(string Id, int Count, int Rate, IReadOnlyList<Guid> Accepted, int Refused, string? LastRefusal, bool Done);

/// <summary>
/// POST /lab/flood's uploads of the sample image, at a steady rate, in the background of this process (the request answers at
/// once with the flood's id). Each upload goes through the same intake as POST /jobs, as the caller's tenant.
/// </summary>
public sealed class LabFloods(IServiceScopeFactory scopes, DemoImage demo, IHostApplicationLifetime lifetime, ILogger<LabFloods> logger)
{
    public const int MaxCount = 500, MaxRate = 50;
    readonly ConcurrentDictionary<string, Flood> floods = new();
    int started;

    sealed class Flood(string id, int count, int rate)
    {
        public readonly List<Guid> Accepted = [];
        public int Refused;
        public string? LastRefusal;
        public bool Done;
        public LabFlood View() { lock (Accepted) return new(id, count, rate, [.. Accepted], Refused, LastRefusal, Done); }
    }

    public LabFlood Start(int count, int rate, string tenant)
    {
        var id = $"flood-{Interlocked.Increment(ref started)}";
        var flood = floods[id] = new Flood(id, count, rate);
        // Not the request's execution context: its HttpContext (read by the intake's quota) ends with the request.
        using (ExecutionContext.SuppressFlow()) _ = Task.Run(() => RunAsync(flood, count, rate, tenant, lifetime.ApplicationStopping));
        return flood.View();
    }

    public LabFlood? Find(string id) => floods.TryGetValue(id, out var flood) ? flood.View() : null;

    public IReadOnlyList<LabFlood> All() => floods.Values.Select(f => f.View()).OrderBy(f => f.Id, StringComparer.Ordinal).ToList();

    async Task RunAsync(Flood flood, int count, int rate, string tenant, CancellationToken stopping)
    {
        try
        {
            OperationParser.TryParse((string?)null, out var plan, out _);
            var upload = new Upload(demo.Jpeg, DemoImage.FileName, plan, [], JobSchedule.Now, Preview: Preview.Make(demo.Jpeg));
            using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate));
            for (var i = 0; i < count; i++)
            {
                if (i > 0) await pace.WaitForNextTickAsync(stopping);
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<JobIntake>().AcceptAsync(upload, tenant, stopping);
                lock (flood.Accepted)
                {
                    if (outcome.Job is { } job) flood.Accepted.Add(job.Id);
                    else (flood.Refused, flood.LastRefusal) = (flood.Refused + 1, outcome.Problem?.ProblemDetails.Title);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        catch (Exception e)
        {
            logger.LogWarning(e, "Lab flood {Flood} stopped early", flood.View().Id);
            lock (flood.Accepted) flood.LastRefusal = e.Message;
        }
        finally
        {
            lock (flood.Accepted) flood.Done = true;
        }
    }
}
