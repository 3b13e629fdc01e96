using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Queues.Api.Access;
using Queues.Api.Jobs;
using Queues.Api.Jobs.Migrations;
using Queues.Contracts;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.Tests.Api.Schema;

/// <summary>
/// A jobs database as an older release left it (see <see cref="OldJobsDbContext"/>), holding one job of each kind an
/// upgrade must keep: queued and not yet sent (its original in the object store, so it can still be processed),
/// completed, failed; made by migrations before Initial, also an API key.
/// </summary>
public sealed class OldDatabase(DatabaseProvider provider, string connectionString, string objectsPath)
{
    static readonly DateTime At = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    public OldJob Queued { get; } = Job(JobState.Queued, At);
    public OldJob Completed { get; } = Job(JobState.Completed, At.AddMinutes(-2));
    public OldJob Failed { get; } = Job(JobState.Failed, At.AddMinutes(-1));
    public ApiKeyRecord Key { get; } = new()
    {
        Id = Guid.NewGuid(), Hash = ApiKeySecrets.HashOf("qk_old"), Tenant = "acme", Role = ApiRole.Submitter, Name = "old key",
        CreatedAt = At.AddDays(-1), UploadsPerSecond = 5,
    };

    /// <summary>What the failed job's FailureKind was made, if anything; whether <see cref="Key"/> is stored.</summary>
    public FailureKind? FailedKind { get; private set; }
    public bool KeyStored { get; private set; }

    /// <summary>
    /// With <paramref name="stopgapColumn"/>, the database as 755d786..migrations left it: EnsureCreated, then the
    /// hand-written ALTER TABLE of the old JobsSchema stopgap, the failed job's FailureKind set.
    /// </summary>
    public async Task CreateAsync(bool stopgapColumn = false)
    {
        await using (var db = Open())
        {
            await db.Database.EnsureCreatedAsync();
            db.Jobs.AddRange(Queued, Completed, Failed);
            await db.SaveChangesAsync();
            if (stopgapColumn)
            {
                await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Postgres
                    ? "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS \"FailureKind\" character varying(32) NULL"
                    : "ALTER TABLE jobs ADD COLUMN \"FailureKind\" TEXT NULL");
                await db.Database.ExecuteSqlRawAsync("UPDATE jobs SET \"FailureKind\" = 'Corrupt' WHERE \"State\" = 'Failed'");
                FailedKind = FailureKind.Corrupt;
            }
        }
        await StoreQueuedOriginalAsync();
    }

    /// <summary>
    /// As the versions between the first migration and Initial left it: the first <paramref name="steps"/> migrations of
    /// the old chain, run from the SQL `dotnet ef migrations script` made of them (all of them: today's main before the
    /// squash), then the rows as those versions wrote them: ended jobs announced, the failure's kind, an API key.
    /// </summary>
    public async Task CreateByOldMigrationsAsync(int steps)
    {
        var chain = BeforeInitial.Steps(provider);
        var script = BeforeInitial.Script(provider);
        var end = script.IndexOf("COMMIT;", script.IndexOf($"'{chain[steps - 1].MigrationId}'", StringComparison.Ordinal), StringComparison.Ordinal);
        var made = chain.Take(steps).Select(s => s.MigrationId[15..]).ToHashSet();
        await using (var db = Open())
        {
            await db.GetService<IRelationalDatabaseCreator>().CreateAsync();
            await db.Database.ExecuteSqlRawAsync(script[..(end + "COMMIT;".Length)]);
            db.Jobs.AddRange(Queued, Completed, Failed);
            await db.SaveChangesAsync();
            if (made.Contains("AddFailureKind"))
                await db.Database.ExecuteSqlRawAsync("UPDATE jobs SET \"FailureKind\" = 'Corrupt' WHERE \"State\" = 'Failed'");
            FailedKind = made.Contains("AddFailureKind") ? FailureKind.Corrupt : null;
            if (made.Contains("AddNotifiedAt"))
                await db.Database.ExecuteSqlRawAsync("UPDATE jobs SET \"NotifiedAt\" = \"FinishedAt\" WHERE \"State\" <> 'Queued'");
            if (made.Contains("AccessControl"))
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO api_keys ("Id", "Hash", "Tenant", "Role", "Name", "CreatedAt", "UploadsPerSecond")
                    VALUES ({Key.Id}, {Key.Hash}, {Key.Tenant}, {Key.Role.ToString()}, {Key.Name}, {Key.CreatedAt}, {Key.UploadsPerSecond})
                    """);
            KeyStored = made.Contains("AccessControl");
        }
        await StoreQueuedOriginalAsync();
    }

    Task StoreQueuedOriginalAsync() =>
        new LocalFolderStore(objectsPath).PutAsync(Queued.OriginalKey, TestImages.Jpeg(64, 48), "image/jpeg");

    public OldJobsDbContext Open() => OldJobsDbContext.Open(provider, connectionString);

    /// <summary>Every row, oldest first, read through the old model: what an older release would still see.</summary>
    public async Task<OldJob[]> ReadAsync()
    {
        await using var db = Open();
        return await db.Jobs.AsNoTracking().OrderBy(j => j.QueuedAt).ToArrayAsync();
    }

    public static string Json(OldJob job) => JsonSerializer.Serialize(job);

    static OldJob Job(JobState state, DateTime queuedAt)
    {
        var id = Guid.NewGuid();
        var done = state is JobState.Completed or JobState.Failed;
        return new OldJob
        {
            Id = id, State = state, OriginalKey = ObjectKeys.Original(id, "jpg"), OriginalFileName = $"{state}.jpg".ToLowerInvariant(),
            OriginalContentType = "image/jpeg", OriginalSizeBytes = 1234, OriginalWidth = 64, OriginalHeight = 48,
            Operations = ["grayscale"], OutputFormat = "jpeg", Quality = 80, QueuedAt = queuedAt,
            Attempts = done ? 1 : 0, WorkerId = done ? "worker-old" : null,
            PublishedAt = done ? queuedAt.AddSeconds(1) : null,
            StartedAt = done ? queuedAt.AddSeconds(2) : null, FinishedAt = done ? queuedAt.AddSeconds(3) : null,
            ProcessingMs = done ? 12.5 : null,
            ResultKey = state == JobState.Completed ? $"results/{id:N}.jpg" : null,
            ResultContentType = state == JobState.Completed ? "image/jpeg" : null,
            ResultWidth = state == JobState.Completed ? 64 : null, ResultHeight = state == JobState.Completed ? 48 : null,
            ResultSizeBytes = state == JobState.Completed ? 999 : null,
            FailureReason = state == JobState.Failed ? "The image data is corrupt" : null,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
    }
}
