namespace Queues.ServiceDefaults.Storage;

/// <summary>Objects as files under one folder. For standalone mode: it is not shared between hosts.</summary>
public sealed class LocalFolderStore(string root) : IObjectStore
{
    public async Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write then rename, so a reader never sees half a file and a rewrite replaces the old one whole.
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temp, content, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(key)); // no error when the file is missing; a missing folder throws
        return Task.CompletedTask;
    }

    public Task CheckAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(root);
        return Task.CompletedTask;
    }

    string PathOf(string key)
    {
        var (bucket, name) = ObjectKeys.Split(key);
        return Path.Combine(root, bucket, name);
    }
}
