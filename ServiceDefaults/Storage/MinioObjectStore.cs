using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace Queues.ServiceDefaults.Storage;

/// <summary>Objects in an S3-compatible server (MinIO in compose). The key's first segment is the bucket.</summary>
public sealed class MinioObjectStore(IMinioClient client, StorageOptions options) : IObjectStore
{
    public static readonly string[] Buckets = [ObjectKeys.OriginalsBucket, ObjectKeys.ResultsBucket];

    public async Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken = default)
    {
        var (bucket, name) = ObjectKeys.Split(key);
        using var stream = new MemoryStream(content, writable: false);
        await client.PutObjectAsync(new PutObjectArgs()
            .WithBucket(options.BucketPrefix + bucket).WithObject(name)
            .WithStreamData(stream).WithObjectSize(content.Length).WithContentType(contentType), cancellationToken);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var (bucket, name) = ObjectKeys.Split(key);
        using var buffer = new MemoryStream();
        try
        {
            await client.GetObjectAsync(new GetObjectArgs()
                .WithBucket(options.BucketPrefix + bucket).WithObject(name)
                .WithCallbackStream((stream, ct) => stream.CopyToAsync(buffer, ct)), cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        return buffer.ToArray();
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
