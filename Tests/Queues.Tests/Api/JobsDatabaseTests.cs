using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

public sealed class JobsDatabaseTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    [Fact]
    public async Task Sqlite_connections_wait_for_the_write_lock_instead_of_failing_busy()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout;";
            Convert.ToInt32(await command.ExecuteScalarAsync()).ShouldBe(10_000);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
