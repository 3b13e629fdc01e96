using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Queues.Api.Access;
using Queues.Api.Lab;
using Queues.Components.Processing;
using Queues.Contracts;
using Queues.ServiceDefaults;

namespace Queues.Api.Processing;

/// <summary>Section "Processing".</summary>
public sealed class ProcessingOptions
{
    /// <summary>How often every replica tells the workers whether processing is paused (they also hear each change at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan AnnounceInterval { get; set; } = TimeSpan.FromSeconds(2);
}

[OptionsValidator]
public sealed partial class ProcessingOptionsValidator : IValidateOptions<ProcessingOptions>;

/// <summary>GET /processing, POST /processing/pause and /processing/resume: the operator's switch for every worker at once.</summary>
public static class ProcessingApi
{
    public static IHostApplicationBuilder AddProcessingControl(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ProcessingOptions, ProcessingOptionsValidator>("Processing");
        builder.Services.AddSingleton<ProcessingGauge>();
        builder.Services.AddScoped<ProcessingControl>();
        builder.Services.AddHostedService<ProcessingAnnouncer>();
        return builder;
    }

    /// <summary>
    /// Standalone: the worker in this process learns the state before the bus starts, so after a restart while paused it
    /// stops its endpoint as soon as it is up and hands back what reached it meanwhile.
    /// </summary>
    public static async Task PrepareProcessingAsync(this WebApplication app)
    {
        if (app.Services.GetService<ProcessingSwitch>() is not { } worker) return;
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            var view = await scope.ServiceProvider.GetRequiredService<ProcessingControl>().ReadAsync(CancellationToken.None);
            worker.Hear(new ProcessingStateAnnounced(view.Paused, view.Since, view.By, DateTime.UtcNow));
        }
        catch (Exception e)
        {
            app.Logger.LogWarning("Processing state not read at start; the announcer tries again: {Reason}", e.Message);
        }
    }

    public static IEndpointRouteBuilder MapProcessing(this IEndpointRouteBuilder app)
    {
        var processing = app.MapGroup("/processing").WithTags("Processing").OperatorOnly();
        processing.MapGet("/", Get).WithSummary("Whether processing is paused, since when and by which key");
        processing.MapPost("/pause", Pause).WithSummary("Pause processing: every worker stops taking new jobs, those in flight finish")
            .WithDescription("Kept in the jobs database and announced to every worker, including one that starts later. Uploads are still "
                + "accepted and wait in the queue, whose depth grows until processing resumes. Pausing a paused pipeline answers the same.");
        processing.MapPost("/resume", Resume).WithSummary("Resume processing: every worker takes jobs again")
            .WithDescription("Resuming a running pipeline answers the same.");
        return app;
    }

    static async Task<Ok<ProcessingView>> Get(ProcessingControl control, CancellationToken cancellationToken) =>
        TypedResults.Ok(await control.ReadAsync(cancellationToken));

    static Task<Ok<ProcessingView>> Pause(HttpContext http, ProcessingControl control, LabMarkers markers, IOptions<LabOptions> lab,
        CancellationToken cancellationToken) => SetAsync(true, http, control, markers, lab, cancellationToken);

    static Task<Ok<ProcessingView>> Resume(HttpContext http, ProcessingControl control, LabMarkers markers, IOptions<LabOptions> lab,
        CancellationToken cancellationToken) => SetAsync(false, http, control, markers, lab, cancellationToken);

    static async Task<Ok<ProcessingView>> SetAsync(bool paused, HttpContext http, ProcessingControl control, LabMarkers markers,
        IOptions<LabOptions> lab, CancellationToken cancellationToken)
    {
        var view = await control.SetAsync(paused, http.User.KeyId(), cancellationToken);
        // In the lab, the charts show when the class paused and resumed.
        if (lab.Value.Enabled) markers.Add(paused ? "processing paused" : "processing resumed");
        return TypedResults.Ok(view);
    }
}
