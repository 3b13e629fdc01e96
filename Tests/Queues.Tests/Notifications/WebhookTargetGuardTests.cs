using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Queues.Components.Notifications;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Notifications;

/// <summary>
/// The SSRF guard: which webhook targets are refused, and why, at upload and again when the notifier connects.
/// Names are resolved for real ("localhost" through /etc/hosts), nothing is mocked.
/// </summary>
public sealed class WebhookTargetGuardTests
{
    static WebhookTargetGuard Guard(bool allowPrivate = false) => new(Options.Create(new WebhookOptions { AllowPrivateTargets = allowPrivate }));

    [Theory]
    [InlineData("http://127.0.0.1/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.1.2.3:8080/hook", "loopback")]
    [InlineData("http://10.0.0.1/hook", "10.0.0.1 is a private address")]
    [InlineData("http://172.16.5.4/hook", "private")]
    [InlineData("http://192.168.1.1/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "metadata")]
    [InlineData("http://169.254.1.1/hook", "link-local")]
    [InlineData("http://0.0.0.0/hook", "unspecified")]
    [InlineData("http://224.0.0.1/hook", "multicast")]
    [InlineData("http://[::1]/hook", "::1 is a loopback address")]
    [InlineData("http://[fe80::1]/hook", "link-local")]
    [InlineData("http://[fc00::1]/hook", "private")]
    [InlineData("http://[fd12:3456::1]/hook", "private")]
    [InlineData("http://[::ffff:127.0.0.1]/hook", "loopback")]
    [InlineData("http://[::]/hook", "unspecified")]
    [InlineData("http://[ff02::1]/hook", "multicast")]
    [InlineData("http://2130706433/hook", "loopback")]
    [InlineData("http://localhost:5000/hook", "'localhost' resolves to")]
    [InlineData("file:///etc/passwd", "absolute http:// or https:// URL")]
    [InlineData("ftp://203.0.113.7/hook", "absolute http:// or https:// URL")]
    [InlineData("gopher://203.0.113.7/", "absolute http:// or https:// URL")]
    [InlineData("/hook", "absolute http:// or https:// URL")]
    [InlineData("not a url", "absolute http:// or https:// URL")]
    [InlineData("http://no-such-host.invalid/hook", "does not resolve")]
    public async Task Refuses_internal_and_non_http_targets_saying_why(string url, string reason) =>
        (await Guard().RefusalAsync(url, CancellationToken.None)).ShouldNotBeNull().ShouldContain(reason);

    [Theory]
    [InlineData("https://203.0.113.7/hook")]
    [InlineData("http://198.51.100.20:8080/hooks/queues?token=abc")]
    [InlineData("https://[2001:db8::7]/hook")]
    [InlineData("http://172.32.0.1/")]
    public async Task Accepts_public_addresses(string url) =>
        (await Guard().RefusalAsync(url, CancellationToken.None)).ShouldBeNull();

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://localhost:5000/hook")]
    public async Task With_AllowPrivateTargets_internal_addresses_are_accepted(string url) =>
        (await Guard(allowPrivate: true).RefusalAsync(url, CancellationToken.None)).ShouldBeNull();

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/")]
    public async Task With_AllowPrivateTargets_only_http_and_https_are_accepted(string url) =>
        (await Guard(allowPrivate: true).RefusalAsync(url, CancellationToken.None)).ShouldNotBeNull();

    [Fact]
    public async Task A_url_longer_than_the_limit_is_refused() =>
        (await Guard().RefusalAsync("https://203.0.113.7/" + new string('a', WebhookOptions.MaxUrlLength), CancellationToken.None))
            .ShouldNotBeNull().ShouldContain("longer than");

    /// <summary>
    /// DNS rebinding: a name that passed at upload may resolve to an internal address by delivery time. The notifier's
    /// connection checks what it connects to, so a name resolving to loopback now is refused before a byte is sent.
    /// </summary>
    [Fact]
    public async Task The_notifier_refuses_to_connect_to_a_name_that_resolves_to_loopback_and_sends_it_nothing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var outcome = await Sender(allowPrivate: false).PostAsync(Delivery($"http://localhost:{port}/hook"), CancellationToken.None);

        outcome.Refused.ShouldBeTrue();
        outcome.Delivered.ShouldBeFalse();
        outcome.Error.ShouldNotBeNull().ShouldContain("a loopback address");
        // Nothing connected: a connection made would wait in the listener's backlog, since nothing accepts it.
        listener.Pending().ShouldBeFalse();
    }

    [Fact]
    public async Task With_AllowPrivateTargets_the_notifier_connects_to_loopback()
    {
        await using var receiver = WebhookReceiver.Start();
        var id = Guid.NewGuid();
        var outcome = await Sender(allowPrivate: true).PostAsync(Delivery(receiver.Url, id), CancellationToken.None);
        (outcome with { DurationMs = null }).ShouldBe(new WebhookOutcome(200, null, Refused: false));
        outcome.DurationMs.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0);
        receiver.DeliveriesOf(id).ShouldBe(1);
    }

    static WebhookSender Sender(bool allowPrivate) => new(
        new HttpClient(WebhookConnections.Handler(new WebhookOptions { AllowPrivateTargets = allowPrivate })),
        Options.Create(new NotifierOptions()), TimeProvider.System);

    static DeliverWebhook Delivery(string url, Guid? jobId = null)
    {
        var id = jobId ?? Guid.NewGuid();
        return new DeliverWebhook(id, "job.completed", url, true, $$"""{"jobId":"{{id}}"}""", $"{id}.job.completed.1");
    }
}
