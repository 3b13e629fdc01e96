namespace Queues.Api.Jobs;

public sealed class DatabaseOptions
{
    /// <summary>Sqlite (one file; standalone and single-API setups) or Postgres (several API replicas).</summary>
    public string Provider { get; set; } = "Sqlite";

    public string ConnectionString { get; set; } = "Data Source=data/queues.db";
}
