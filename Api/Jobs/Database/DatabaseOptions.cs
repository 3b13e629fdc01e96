using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Section "Database".</summary>
public sealed class DatabaseOptions
{
    /// <summary>Sqlite (one file; standalone and single-API setups) or Postgres (several API replicas).</summary>
    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/queues.db";

    /// <summary>
    /// Apply pending migrations on start (the default). Off where migrations run before a rollout
    /// (<c>dotnet Queues.Api.dll migrate</c>): the app then leaves the schema alone and logs what is pending.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;
}

[OptionsValidator]
public sealed partial class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>;
