using Microsoft.Extensions.DependencyInjection;
using Queues.Components.Notifications;

namespace Queues.Tests.Support;

/// <summary>
/// For apps whose jobs name public callback URLs that no test can receive (the upload checks and the fuzz): the
/// webhook client connects nowhere and each attempt fails at once, as with the network down, so a test sends
/// nothing off this machine. The receiving side is tested with <see cref="WebhookReceiver"/> on loopback.
/// </summary>
public static class NoOutboundWebhooks
{
    public static IServiceCollection RefuseWebhookConnections(this IServiceCollection services)
    {
        services.AddHttpClient<WebhookSender>().ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            ConnectCallback = (_, _) => throw new HttpRequestException("this test sends no webhook off the machine"),
        });
        return services;
    }
}
