using Minio;
using Minio.DataModel.Args;

namespace Queues.ServiceDefaults.Storage;

/// <summary>Objects in an S3-compatible server (MinIO in compose). The key's first segment is the bucket.</summary>
public sealed class MinioObjectStore(IMinioClient client, StorageOptions options, HttpClient? http = null) : IObjectStore
{
    public static readonly string[] Buckets = [ObjectKeys.OriginalsBucket, ObjectKeys.ResultsBucket];

    /// <summary>How long a read's signed URL is valid: it is used at once, by this process.</summary>
    const int ReadUrlSeconds = 60;

    readonly HttpClient reader = http ?? new HttpClient { Timeout = options.Timeout };

    public async Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken = default)
    {
        var (bucket, name) = ObjectKeys.Split(key);
        using var stream = new MemoryStream(content, writable: false);
        await client.PutObjectAsync(new PutObjectArgs()
            .WithBucket(options.BucketPrefix + bucket).WithObject(name)
            .WithStreamData(stream).WithObjectSize(content.Length).WithContentType(contentType), cancellationToken);
    }

    /// <summary>
    /// One GET, through a URL signed here: the SDK's GetObjectAsync first asks whether the bucket exists and stats the
    /// object, two more requests per read (and s3rver answers the bucket check by listing the whole bucket, slower
    /// as objects pile up). The buckets are ensured at start; a missing object is a 404 all the same.
    /// </summary>
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var (bucket, name) = ObjectKeys.Split(key);
        var url = await client.PresignedGetObjectAsync(new PresignedGetObjectArgs()
            .WithBucket(options.BucketPrefix + bucket).WithObject(name).WithExpiry(ReadUrlSeconds));
        using var response = await reader.GetAsync(url, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>S3 answers a delete of a missing object with success too.</summary>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var (bucket, name) = ObjectKeys.Split(key);
        await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(options.BucketPrefix + bucket).WithObject(name), cancellationToken);
    }

    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        foreach (var bucket in Buckets)
            if (!await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(options.BucketPrefix + bucket), cancellationToken))
                throw new InvalidOperationException($"Bucket '{options.BucketPrefix + bucket}' does not exist.");
    }

    /// <summary>Creates the buckets this service writes to; run once when a host starts.</summary>
    public async Task EnsureBucketsAsync(CancellationToken cancellationToken)
    {
        foreach (var bucket in Buckets.Select(b => options.BucketPrefix + b))
            if (!await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), cancellationToken))
                await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), cancellationToken);
    }
}
