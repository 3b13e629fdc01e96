using Microsoft.Extensions.Options;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Tests.Api;

/// <summary>The distributed Api resolves the management client as a typed HttpClient: that must pick one constructor.</summary>
public sealed class ManagementClientRegistrationTests
{
    [Fact]
    public void The_typed_management_client_resolves_with_the_bus_settings()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(new BusOptions { Transport = BusTransport.RabbitMq, ManagementUrl = "http://127.0.0.1:15999/" }));
        services.AddHttpClient<RabbitMqManagementClient>();
        using var provider = services.BuildServiceProvider();

        Should.NotThrow(() => provider.GetRequiredService<RabbitMqManagementClient>());
    }
}
