namespace Queues.Api.Jobs;

public static class RetentionRegistration
{
    /// <summary>The retention sweep (<see cref="RetentionSweeper"/>): registered always, idle unless Retention:MaxAge is set.</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration("Retention").ValidateOnStart()
            .Validate(o => o.MaxAge is null || o.MaxAge >= TimeSpan.Zero, "Retention:MaxAge must not be negative")
            .Validate(o => o.IntervalSeconds > 0 && o.BatchSize > 0, "Retention:IntervalSeconds and Retention:BatchSize must be positive");
        builder.Services.AddSingleton<RetentionMetrics>();
        builder.Services.AddSingleton<RetentionSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        return builder;
    }
}
