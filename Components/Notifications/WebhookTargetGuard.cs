using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Queues.Components.Notifications;

/// <summary>
/// SSRF guard: a webhook goes only to an absolute http(s) URL whose host is, and resolves to, public addresses, so
/// whoever sets a callbackUrl cannot make the notifier call into its own network (the broker's management API, a
/// database, the cloud metadata service at 169.254.169.254). <see cref="WebhookOptions.AllowPrivateTargets"/> lifts
/// the address check. Checked at upload (a 400 saying why), at start for the global URL, and again on every
/// connection (<see cref="WebhookConnections"/>), since a name may resolve elsewhere by then (DNS rebinding).
/// </summary>
public sealed class WebhookTargetGuard(IOptions<WebhookOptions> options)
{
    static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Why <paramref name="url"/> may not be a webhook target, or null when it may.</summary>
    /// <param name="refuseUnresolved">False at start: a name that does not resolve yet is checked when it is connected to.</param>
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken, bool refuseUnresolved = true)
    {
        if (url.Length > WebhookOptions.MaxUrlLength) return $"it is longer than {WebhookOptions.MaxUrlLength} characters";
        if (HostOf(url) is not { } host) return "it must be an absolute http:// or https:// URL";
        if (options.Value.AllowPrivateTargets) return null;

        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal)) addresses = [literal];
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ResolveTimeout);
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            }
            // ArgumentException: a name no resolver takes (over 255 characters, a label over 63).
            catch (Exception e) when (e is SocketException or ArgumentException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return refuseUnresolved ? $"its host '{host}' does not resolve" : null;
            }
        }
        foreach (var address in addresses)
            if (ForbiddenKind(address) is { } kind)
                return literal is null ? $"its host '{host}' resolves to {address}, {kind} address" : $"{address} is {kind} address";
        return addresses.Length == 0 && refuseUnresolved ? $"its host '{host}' does not resolve" : null;
    }

    /// <summary>The host as a resolver takes it (punycode, IPv6 without brackets); null when this is no http(s) URL.</summary>
    static string? HostOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        try
        {
            var host = uri.IdnHost.Trim('[', ']');
            return host.Length == 0 ? null : host;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            return null;   // a name that has no ASCII form
        }
    }

    /// <summary>What makes an address internal ("a loopback", "a private", …), or null for a public one.</summary>
    public static string? ForbiddenKind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return address.GetAddressBytes() switch
            {
                [0, ..] => "an unspecified",
                [127, ..] => "a loopback",
                [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => "a private",
                [100, >= 64 and <= 127, ..] => "a shared (carrier-grade NAT)",
                [169, 254, 169, 254] => "the cloud metadata service's link-local",
                [169, 254, ..] => "a link-local",
                [>= 224 and <= 239, ..] => "a multicast",
                [>= 240, ..] => "a reserved or broadcast",
                _ => null,
            };
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return "a non-IP";
        if (address.Equals(IPAddress.IPv6Loopback)) return "a loopback";
        if (address.Equals(IPAddress.IPv6Any)) return "an unspecified";
        if (address.IsIPv6LinkLocal) return "a link-local";
        if (address.IsIPv6Multicast) return "a multicast";
        if (address.IsIPv6SiteLocal || (address.GetAddressBytes()[0] & 0xfe) == 0xfc) return "a private";
        return null;
    }
}
