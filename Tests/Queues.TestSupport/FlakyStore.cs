using Queues.ServiceDefaults.Storage;

namespace Queues.Tests.Support;

/// <summary>A real store that fails its next N reads, to inject a transient outage at an exact point.</summary>
public sealed class FlakyStore(IObjectStore inner) : IObjectStore
{
    int failuresLeft;

    public void FailNextReads(int count) => failuresLeft = count;

    public Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken = default) =>
        inner.PutAsync(key, content, contentType, cancellationToken);

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref failuresLeft) >= 0
            ? throw new IOException("storage connection reset (injected)")
            : inner.GetAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task CheckAsync(CancellationToken cancellationToken = default) => inner.CheckAsync(cancellationToken);
}
