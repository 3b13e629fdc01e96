using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Queues.Api.Jobs;

public static class DatabaseExtensions
{
    public static IHostApplicationBuilder AddJobsDatabase(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("Database").ValidateOnStart()
            .Validate(o => o.Provider is "Sqlite" or "Postgres", "Database:Provider must be Sqlite or Postgres");

        builder.Services.AddDbContext<JobsDbContext>(db =>
        {
            if (options.Provider == "Postgres") db.UseNpgsql(options.ConnectionString);
            else db.UseSqlite(SqliteConnectionString(options.ConnectionString, builder.Environment.ContentRootPath))
                .AddInterceptors(new SqliteBusyTimeout());
        });
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("jobs-database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Creates the schema if it is missing. The schema is small and has no migrations yet: see the README.</summary>
    public static async Task EnsureJobsDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        await db.Database.EnsureCreatedAsync();
        // Readers (the dashboard, GET /jobs) then never wait for the consumers' writes.
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    /// <summary>A relative file path is taken from the content root, and its folder is created.</summary>
    static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is not (":memory:" or "") && csb.Mode != SqliteOpenMode.Memory)
        {
            csb.DataSource = Path.GetFullPath(csb.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        }
        return csb.ToString();
    }

    sealed class DatabaseHealthCheck(JobsDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Jobs database unreachable");
    }
}
