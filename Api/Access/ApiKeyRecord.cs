using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Queues.Api.Access;

/// <summary>
/// A key created through POST /keys or the <c>keys</c> command. Only its SHA-256 is kept: the key is 32 random
/// bytes, so a fast hash is enough (a slow, salted one defends guessable passwords, which these are not), and a
/// lookup by hash is one indexed read.
/// </summary>
public sealed class ApiKeyRecord
{
    public Guid Id { get; set; }
    public required string Hash { get; set; }
    public required string Tenant { get; set; }
    public ApiRole Role { get; set; }
    public string? Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public int? UploadsPerSecond { get; set; }
    public int? MaxJobsInFlight { get; set; }
}

public static class ApiKeySecrets
{
    /// <summary>"qk_" and 43 URL-safe characters: 256 random bits.</summary>
    public static string NewKey() => "qk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
