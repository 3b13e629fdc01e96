namespace Queues.ServiceDefaults.Storage;

/// <summary>
/// Where originals and results live. Keys look like "originals/{id}.jpg": the first segment is the bucket
/// (MinIO) or the sub-folder (local folder). The one abstraction in the project, because tests and
/// deployments swap it.
/// </summary>
public interface IObjectStore
{
    /// <summary>Writes or overwrites an object.</summary>
    Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The object's bytes, or null when there is no such object.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes an object; removing one that is not there is no error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Throws when the store cannot be reached; used by the readiness check.</summary>
    Task CheckAsync(CancellationToken cancellationToken = default);
}
