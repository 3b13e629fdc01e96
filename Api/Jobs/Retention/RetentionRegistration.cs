using Queues.ServiceDefaults;

namespace Queues.Api.Jobs;

public static class RetentionRegistration
{
    /// <summary>The retention sweep (<see cref="RetentionSweeper"/>): registered always, idle unless Retention:MaxAge is set.</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RetentionOptions, RetentionOptionsValidator>("Retention");
        builder.Services.AddSingleton<RetentionMetrics>();
        builder.Services.AddSingleton<RetentionSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        return builder;
    }
}
