using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Queues.Api.Access;

/// <summary>
/// Signed, expiring links to a job's original and result: <c>?expires=UNIX&amp;sig=HMAC-SHA256(path "\n" expires)</c>,
/// so an <c>&lt;img&gt;</c> tag, or a link shared with someone else, works without a key, for that path only and
/// until then. The key is <c>Auth:LinkSigningKey</c>, or one generated once and kept in the database so every
/// replica signs alike (<see cref="LinkSigningKeyStore"/>).
/// </summary>
public sealed class LinkSigner(IOptions<AccessOptions> access, TimeProvider clock)
{
    public const string ExpiresParameter = "expires";
    public const string SignatureParameter = "sig";

    byte[] key = RandomNumberGenerator.GetBytes(32);

    /// <summary>Set once at start, before any request.</summary>
    public void UseKey(byte[] value) => key = value;

    public string Sign(string path)
    {
        var expires = clock.GetUtcNow().Add(access.Value.LinkLifetime).ToUnixTimeSeconds();
        return $"{path}?{ExpiresParameter}={expires}&{SignatureParameter}={SignatureOf(path, expires.ToString(CultureInfo.InvariantCulture))}";
    }

    public enum Verdict { Unsigned, Valid, Invalid, Expired }

    public Verdict Check(HttpRequest request)
    {
        string? expires = request.Query[ExpiresParameter], signature = request.Query[SignatureParameter];
        if (expires is null && signature is null) return Verdict.Unsigned;
        if (expires is null || signature is null || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var until))
            return Verdict.Invalid;
        var expected = Encoding.ASCII.GetBytes(SignatureOf(request.Path.Value ?? "", expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))) return Verdict.Invalid;
        return clock.GetUtcNow().ToUnixTimeSeconds() > until ? Verdict.Expired : Verdict.Valid;
    }

    string SignatureOf(string path, string expires) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{path}\n{expires}")));
}
