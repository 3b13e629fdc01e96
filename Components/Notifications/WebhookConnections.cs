using System.Net;
using System.Net.Sockets;

namespace Queues.Components.Notifications;

/// <summary>
/// The webhook client's connections: each one resolves the host itself, refuses if any address is internal
/// (<see cref="WebhookTargetGuard.ForbiddenKind"/>), connects to exactly the addresses it checked and checks the one
/// it is connected to. A name that resolved to a public address at upload and to 127.0.0.1 now (DNS rebinding) is
/// refused here, before a byte is sent. No proxy (the check would see the proxy's address) and no redirects (a 3xx
/// is a failed attempt, not a way to reach another host).
/// </summary>
public static class WebhookConnections
{
    public static SocketsHttpHandler Handler(WebhookOptions options) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, options.AllowPrivateTargets, cancellationToken),
    };

    static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!allowPrivate)
            foreach (var address in addresses)
                Refuse(host, address);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            if (!allowPrivate) Refuse(host, ((IPEndPoint)socket.RemoteEndPoint!).Address);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    static void Refuse(string host, IPAddress address)
    {
        if (WebhookTargetGuard.ForbiddenKind(address) is { } kind)
            throw new WebhookRefusedException($"{host} resolves to {address}, {kind} address (Webhooks:AllowPrivateTargets is off)");
    }
}

/// <summary>The target is internal: no retry will change that, so the delivery goes straight to webhooks_error.</summary>
public sealed class WebhookRefusedException(string message) : Exception(message);

/// <summary>The receiver did not take the delivery (no answer, or not 2xx); it is tried again after a wait.</summary>
public sealed class WebhookNotDeliveredException(string message) : Exception(message);
