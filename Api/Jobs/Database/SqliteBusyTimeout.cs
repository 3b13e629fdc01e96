using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Queues.Api.Jobs;

/// <summary>
/// SQLite takes one writer at a time, and uploads, the outbox and the job-state consumers all write (a job's
/// Started and Processed events arrive together and both update its row). Without a busy timeout a writer that
/// finds the lock taken gets SQLITE_BUSY back and Microsoft.Data.Sqlite retries after blocking its thread in
/// Thread.Sleep, which a profile showed as most of the time spent in SQLite and which added about 130 ms to a
/// job's upload-to-completed time even at 2 jobs/s (docs/decisions/0009-sqlite-busy-timeout.md). With a busy timeout SQLite waits inside the
/// call and proceeds as soon as the lock is free.
/// </summary>
sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    const string Pragma = "PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
