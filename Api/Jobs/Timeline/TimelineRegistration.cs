using Queues.ServiceDefaults;

namespace Queues.Api.Jobs;

public static class TimelineRegistration
{
    /// <summary>
    /// Each job's timeline: the recorder the job's code paths call and the writer behind it. Registered before the outbox
    /// and the bus, so the writer stops after them and flushes the events of their last work.
    /// </summary>
    public static IHostApplicationBuilder AddTimeline(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TimelineOptions, TimelineOptionsValidator>("Timeline");
        builder.Services.AddSingleton<JobTimeline>();
        builder.Services.AddHostedService<TimelineWriter>();
        return builder;
    }
}
