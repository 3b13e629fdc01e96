using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Access;
using Queues.Api.Jobs;
using Queues.Imaging;

namespace Queues.Api.Lab;

/// <summary>POST /lab/poison and /lab/flood: uploads made by the lab through the same intake as POST /jobs.</summary>
public static class LabUploadsApi
{
    static readonly TimeSpan PoisonLimit = TimeSpan.FromSeconds(60);

    public static RouteGroupBuilder MapLabUploads(this RouteGroupBuilder lab)
    {
        lab.MapPost("/poison", Poison)
            .WithSummary("Upload a JPEG cut short (accepted; only decoding finds out) and a text file named corrupted.jpg (refused)")
            .WithDescription("Answers once the cut-short JPEG's job has ended (Failed, with its reason), and with the intake's refusal of the text file.");
        lab.MapPost("/flood", Flood)
            .WithSummary($"Upload the sample image count times (1-{LabFloods.MaxCount}) at rate per second (1-{LabFloods.MaxRate}), in the background")
            .WithDescription("Answers at once with the flood's id; GET /lab/floods/{id} lists the ids accepted so far.");
        lab.MapGet("/floods/{id}", (string id, LabFloods floods) =>
                floods.Find(id) is { } flood ? Results.Ok(flood) : Results.Problem(statusCode: 404, title: "No such flood", detail: id))
            .WithSummary("A flood's progress: the ids accepted so far, the uploads refused, whether it is done");
        return lab;
    }

    static Results<Accepted<LabFlood>, ProblemHttpResult> Flood(int? count, int? rate, LabFloods floods, LabMarkers markers, ClaimsPrincipal user)
    {
        if (count is not (>= 1 and <= LabFloods.MaxCount) || rate is not (>= 1 and <= LabFloods.MaxRate))
            return LabProblems.Problem(400, "Invalid flood", $"count is 1 to {LabFloods.MaxCount}, rate 1 to {LabFloods.MaxRate} uploads per second.");
        var flood = floods.Start(count.Value, rate.Value, user.Tenant());
        markers.Add($"flood: {count} at {rate}/s", flood.Id);
        return TypedResults.Accepted($"/lab/floods/{flood.Id}", flood);
    }

    static async Task<Results<Ok<LabPoisonSent>, ProblemHttpResult>> Poison(JobIntake intake, DemoImage demo, IServiceScopeFactory scopes,
        LabMarkers markers, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        OperationParser.TryParse((string?)null, out var plan, out _);
        var text = await intake.AcceptAsync(new Upload("a text file, not a photo\n"u8.ToArray(), "corrupted.jpg", plan, [], JobSchedule.Now),
            user.Tenant(), cancellationToken);
        // Half the sample: its header is whole, so the intake accepts it; the worker's decoding fails, for good.
        var cut = await intake.AcceptAsync(new Upload(demo.Jpeg[..(demo.Jpeg.Length / 2)], "cut-short.jpg", plan, [], JobSchedule.Now),
            user.Tenant(), cancellationToken);
        if (cut.Job is not { } job)
            return LabProblems.Problem(cut.Problem?.StatusCode ?? 500, "Cut-short JPEG refused at upload", cut.Problem?.ProblemDetails.Detail ?? "");
        markers.Add("poison sent", $"job {job.Id}; corrupted.jpg refused with {text.Problem?.StatusCode}");

        ImageJob? ended = null;
        await LabControl.WaitForAsync(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>().SeeAllTenants();
            ended = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == job.Id, cancellationToken);
            return ended?.IsFinished == true;
        }, PoisonLimit, cancellationToken);
        if (ended?.IsFinished != true)
            return LabProblems.Timeout($"job {job.Id} (the cut-short JPEG) still {ended?.State} after {PoisonLimit.TotalSeconds:0} s: are the workers and the broker up?");
        return TypedResults.Ok(new LabPoisonSent("poison sent", job.Id, ended.State.ToString(), ended.FailureReason,
            text.Problem?.StatusCode ?? 200, text.Problem?.ProblemDetails.Title, text.Problem?.ProblemDetails.Detail));
    }
}
