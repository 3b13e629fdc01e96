using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Queues.Api.Access;

/// <summary>
/// Uploads per key per window (<see cref="AccessOptions.UploadsPerSecond"/>, or the key's own), with ASP.NET Core's
/// rate limiter: one fixed window per key. Over it: 429, Retry-After and a problem document naming the limit.
/// Only submitter keys in ApiKey mode are limited by default: the open mode is the lab, and operators run the
/// load test and the tools; an operator key that sets its own limit is limited too.
/// </summary>
public static class UploadRateLimits
{
    public const string Policy = "uploads";

    public static IHostApplicationBuilder AddUploadLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var access = context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value;
                var user = context.User;
                var own = user.Limit(Caller.UploadsPerSecondClaim);
                if (access.Mode == AuthMode.None || (user.IsOperator() && own is null))
                    return RateLimitPartition.GetNoLimiter("unlimited");
                var permits = own ?? access.UploadsPerSecond;
                return RateLimitPartition.GetFixedWindowLimiter($"{user.KeyId()}:{permits}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = access.UploadWindow,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                var access = http.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var permits = http.User.Limit(Caller.UploadsPerSecondClaim) ?? access.UploadsPerSecond;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Upload rate limit",
                        Detail = $"This key may start {permits} uploads per {access.UploadWindow.TotalSeconds:0.###} s; wait and send again.",
                        Extensions = { ["limit"] = "uploads-per-second", ["permits"] = permits },
                    },
                });
            };
        });
        return builder;
    }
}
