using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Queues.Api.Access;
using Queues.Api.Jobs;
using Queues.Components.Processing;
using Queues.ServiceDefaults;

namespace Queues.Tests.Configuration;

/// <summary>Settings are validated at start by the generated validators, and their failures name the setting as configured.</summary>
public sealed class SettingsTests
{
    static TOptions Read<TOptions, TValidator>(string section, Dictionary<string, string?> settings)
        where TOptions : class where TValidator : class, IValidateOptions<TOptions>, new()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddValidatedOptions<TOptions, TValidator>(section);
        return services.BuildServiceProvider().GetRequiredService<IOptions<TOptions>>().Value;
    }

    [Fact]
    public void Durations_are_read_as_time_spans()
    {
        var worker = Read<WorkerOptions, WorkerOptionsValidator>("Worker", new()
        {
            ["Worker:RetryMinDelay"] = "00:00:00.250",
            ["Worker:HeartbeatInterval"] = "00:00:01",
        });

        worker.RetryMinDelay.ShouldBe(TimeSpan.FromMilliseconds(250));
        worker.HeartbeatInterval.ShouldBe(TimeSpan.FromSeconds(1));
        worker.PublishTimeout.ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_duration_out_of_its_range_is_refused_with_the_setting_named()
    {
        var error = Should.Throw<OptionsValidationException>(() =>
            Read<WorkerOptions, WorkerOptionsValidator>("Worker", new() { ["Worker:HeartbeatInterval"] = "00:00:00" }));

        error.Message.ShouldContain("Worker:HeartbeatInterval");
    }

    [Fact]
    public void A_maximum_below_its_minimum_is_refused()
    {
        var error = Should.Throw<OptionsValidationException>(() => Read<WorkerOptions, WorkerOptionsValidator>("Worker", new()
        {
            ["Worker:RetryMinDelay"] = "00:00:02",
            ["Worker:RetryMaxDelay"] = "00:00:01",
        }));

        error.Message.ShouldContain("Worker:RetryMaxDelay");
        error.Message.ShouldContain("at least RetryMinDelay");
    }

    [Fact]
    public void Each_configured_key_is_checked()
    {
        var error = Should.Throw<OptionsValidationException>(() => Read<AccessOptions, AccessOptionsValidator>("Auth", new()
        {
            ["Auth:Keys:0:Key"] = "long-enough-operator-key",
            ["Auth:Keys:1:Key"] = "short",
        }));

        error.Message.ShouldContain("Keys[1].Key");
    }

    [Fact]
    public void Tenant_overrides_are_read_by_tenant_and_the_rest_follow_the_defaults()
    {
        var tenants = Read<TenantsOptions, TenantsOptionsValidator>("Tenants", new()
        {
            ["Tenants:MaxWaitingInBrokerPerTenant"] = "10",
            ["Tenants:Overrides:acme:Weight"] = "3",
            ["Tenants:Overrides:small:MaxProcessing"] = "1",
        });

        (tenants.WeightOf("acme"), tenants.MaxWaitingOf("acme"), tenants.MaxProcessingOf("acme")).ShouldBe((3, 30, null));
        (tenants.WeightOf("small"), tenants.MaxWaitingOf("small"), tenants.MaxProcessingOf("small")).ShouldBe((1, 10, 1));
        (tenants.WeightOf("other"), tenants.MaxWaitingOf("other")).ShouldBe((1, 10));
        tenants.MaxWaitingOfAny().ShouldBe(30);
    }

    [Fact]
    public void A_tenant_override_out_of_its_range_is_refused_with_the_tenant_named()
    {
        var error = Should.Throw<OptionsValidationException>(() =>
            Read<TenantsOptions, TenantsOptionsValidator>("Tenants", new() { ["Tenants:Overrides:acme:Weight"] = "0" }));

        error.Message.ShouldContain("Tenants:Overrides:acme:Weight");
    }

    [Fact]
    public void A_duration_under_its_former_name_stops_the_host_with_the_new_name_and_the_same_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Worker:HeartbeatSeconds"] = "1",
            ["Jobs:DeferMinMilliseconds"] = "250",
            ["Worker:Concurrency"] = "2",
        }).Build();

        var error = Should.Throw<InvalidOperationException>(() => RenamedSettings.Refuse(configuration));

        error.Message.ShouldContain("Worker:HeartbeatSeconds=1 is now Worker:HeartbeatInterval=00:00:01");
        error.Message.ShouldContain("Jobs:DeferMinMilliseconds=250 is now Jobs:DeferMinDelay=00:00:00.2500000");
        error.Message.ShouldNotContain("Concurrency");
    }

    [Fact]
    public void Current_names_pass() => Should.NotThrow(() => RenamedSettings.Refuse(new ConfigurationBuilder().AddInMemoryCollection(
        new Dictionary<string, string?> { ["Worker:HeartbeatInterval"] = "00:00:01" }).Build()));
}
