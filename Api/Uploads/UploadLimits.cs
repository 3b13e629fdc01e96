using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Queues.ServiceDefaults;

namespace Queues.Api.Uploads;

/// <summary>
/// Size limits for upload endpoints. A declared Content-Length over the limit is refused with 413 before any
/// byte of the body is read; a body without a declared length is cut off by Kestrel at the same limit.
/// </summary>
public static class UploadLimits
{
    /// <summary>Room for the multipart boundaries and form fields around the file.</summary>
    const long FormOverhead = 64 * 1024;

    sealed class UploadEndpoint;

    public static IHostApplicationBuilder AddUploads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<UploadOptions, UploadOptionsValidator>("Uploads");
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<UploadOptions>>((kestrel, uploads) =>
            kestrel.Limits.MaxRequestBodySize = uploads.Value.MaxBytes + FormOverhead);
        builder.Services.AddOptions<FormOptions>().Configure<IOptions<UploadOptions>>((form, uploads) =>
        {
            form.MultipartBodyLengthLimit = uploads.Value.MaxBytes + FormOverhead;
            form.MemoryBufferThreshold = uploads.Value.MemoryBufferBytes;
        });
        return builder;
    }

    /// <summary>Marks an endpoint as taking an image upload.</summary>
    public static TBuilder AcceptsUpload<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new UploadEndpoint()).RequireRateLimiting(Access.UploadRateLimits.Policy);

    public static WebApplication UseUploadLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<UploadEndpoint>() is null)
            {
                await next(context);
                return;
            }
            var max = context.RequestServices.GetRequiredService<IOptions<UploadOptions>>().Value.MaxBytes;
            if (context.Request.ContentLength > max + FormOverhead)
            {
                await TooLarge(max, context.Request.ContentLength.Value).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    public static ProblemHttpResult TooLarge(long max, long size) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large",
        detail: $"The upload is {Describe(size)}; the limit is {Describe(max)}.");

    static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MiB" : $"{bytes} bytes";
}
