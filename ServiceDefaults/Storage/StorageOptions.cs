using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.ServiceDefaults.Storage;

public enum StorageProvider { Local, Minio }

public sealed class StorageOptions
{
    /// <summary>Local (a folder; standalone only) or Minio (any S3-compatible server).</summary>
    [EnumDataType(typeof(StorageProvider))]
    public StorageProvider Provider { get; set; } = StorageProvider.Local;

    public string LocalPath { get; set; } = "data/objects";

    public string Endpoint { get; set; } = "localhost:9000";
    public string AccessKey { get; set; } = "minioadmin";
    public string SecretKey { get; set; } = "minioadmin";
    public bool UseSsl { get; set; }

    /// <summary>The server's region, used to sign requests (MinIO and s3rver take any; AWS needs the bucket's own).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Put in front of the bucket names, so several deployments can share one server.</summary>
    public string BucketPrefix { get; set; } = "";

    /// <summary>Per request; a storage outage should fail fast into a retry, not hang a worker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

[OptionsValidator]
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
