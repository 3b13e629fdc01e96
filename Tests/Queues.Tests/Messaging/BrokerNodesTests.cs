using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Tests.Messaging;

public sealed class BrokerNodesTests
{
    [Fact]
    public void A_cluster_list_keeps_each_nodes_port_and_fills_in_the_default_one()
    {
        var nodes = BrokerNodes.Of(new BusOptions { Port = 5999, ClusterNodes = "127.0.0.1:5672, 127.0.0.1:5673,rabbit-3" });

        nodes.Select(n => $"{n.HostName}:{n.Port}").ShouldBe(["127.0.0.1:5672", "127.0.0.1:5673", "rabbit-3:5999"]);
    }

    [Fact]
    public void Without_a_cluster_list_the_one_node_is_Host_and_Port()
    {
        var node = BrokerNodes.Of(new BusOptions { Host = "rabbitmq", Port = 5700 }).ShouldHaveSingleItem();

        (node.HostName, node.Port).ShouldBe(("rabbitmq", 5700));
    }

    [Theory]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("127.0.0.1:amqp")]
    [InlineData("127.0.0.1:5672,,127.0.0.1:5673")]
    [InlineData(":5672")]
    public void A_malformed_entry_is_refused(string list) => BrokerNodes.TryParse(list, 5672, out _).ShouldBeFalse();

    [Fact]
    public void A_malformed_cluster_list_stops_the_host_at_start_with_the_setting_named()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:ClusterNodes"] = "127.0.0.1:5672,127.0.0.1:nope",
        });
        builder.AddQueuesBus(_ => { });
        using var host = builder.Build();

        var error = Should.Throw<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<BusOptions>>().Value);
        error.Message.ShouldContain("Bus:ClusterNodes");
    }
}
