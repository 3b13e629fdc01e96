namespace Queues.Api.Jobs;

public static class TenantScopes
{
    /// <summary>
    /// The scope's jobs context, seeing every tenant's jobs: for code that acts for all of them (the outbox, retention,
    /// the watchdog, the probes). A context taken any other way outside a request sees no job.
    /// </summary>
    public static JobsDbContext JobsOfEveryTenant(this IServiceProvider services) =>
        services.GetRequiredService<JobsDbContext>().SeeAllTenants();
}
