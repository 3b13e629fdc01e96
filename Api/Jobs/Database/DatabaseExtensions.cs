using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs.Migrations;
using Queues.ServiceDefaults;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Jobs;

public static class DatabaseExtensions
{
    public static IHostApplicationBuilder AddJobsDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DatabaseOptions, DatabaseOptionsValidator>("Database");
        static DatabaseOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        // The provider's own context type carries its migrations; everything else asks for JobsDbContext. The provider
        // decides which type is registered, so it alone is read before the services exist; the rest through IOptions.
        if (builder.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite) == DatabaseProvider.Postgres)
            builder.Services.AddDbContext<JobsDbContext, PostgresJobsDbContext>((sp, db) => db.UseNpgsql(Options(sp).ConnectionString));
        else
            builder.Services.AddDbContext<JobsDbContext, SqliteJobsDbContext>((sp, db) =>
                db.UseSqlite(SqliteConnectionString(Options(sp).ConnectionString, builder.Environment.ContentRootPath))
                    .AddInterceptors(new SqliteBusyTimeout()));
        builder.Services.AddHealthChecks().AddDbContextCheck<JobsDbContext>("jobs-database", tags: ["ready"]);
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        return builder;
    }

    /// <summary>
    /// <c>dotnet Queues.Api.dll migrate</c>: applies the pending migrations (see <see cref="JobsSchema"/>) and
    /// returns true, for the caller to exit. Needs only the runtime, so it runs in the deployed container.
    /// </summary>
    public static async Task<bool> RunMigrateCommandAsync(this WebApplication app, string[] args)
    {
        if (args.FirstOrDefault() != "migrate") return false;
        await using (var scope = app.Services.CreateAsyncScope())
            await JobsSchema.MigrateAsync(scope.ServiceProvider.GetRequiredService<JobsDbContext>(), app.Logger, CancellationToken.None);
        await app.DisposeAsync(); // flushes the log
        return true;
    }

    /// <summary>
    /// Applies pending migrations unless <c>Database:MigrateOnStart</c> is false; then, on the in-memory bus,
    /// hands back to the outbox every job a previous process took down with it.
    /// </summary>
    public static async Task PrepareJobsDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
            await JobsSchema.MigrateAsync(db, app.Logger, CancellationToken.None);
        else if (!await JobsSchema.ReportPendingAsync(db, app.Logger, CancellationToken.None))
            return; // the jobs below need the current schema
        // Readers (the dashboard, GET /jobs) then never wait for the consumers' writes.
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");

        if (!scope.ServiceProvider.GetRequiredService<IOptions<BusOptions>>().Value.IsInMemory) return;
        var recovered = await scope.ServiceProvider.GetRequiredService<JobTransitions>().RecoverUnsentAsync(CancellationToken.None);
        if (recovered > 0)
            app.Logger.LogInformation("{Count} jobs left unfinished by the previous run are queued again", recovered);
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
}
