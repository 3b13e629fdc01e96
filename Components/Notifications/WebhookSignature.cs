using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Queues.Components.Notifications;

/// <summary>
/// <c>X-Queues-Signature: t=UNIX,v1=HEX</c>, where HEX is HMAC-SHA256(Notifier:WebhookSecret, "UNIX.BODY"). The
/// timestamp is inside the signed text, so a receiver can refuse an old delivery replayed with its signature.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Queues-Signature";

    public static string For(string secret, long unixSeconds, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".").Concat(body).ToArray();
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }
}
