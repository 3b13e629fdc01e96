using System.Net;
using Queues.Monitoring.Sampling;
using Queues.Monitoring.Sources;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Monitoring.Tests;

/// <summary>The views' columns filled from captured real answers, served one after another as a service would answer them.</summary>
public sealed class SamplerTests
{
    static readonly Uri Service = new("http://127.0.0.1:5000/");

    [Fact]
    public async Task The_queues_view_reads_a_standalone_api_and_turns_its_counters_into_rates()
    {
        var sampler = new ApiQueuesSampler(Replay("standalone-metrics-busy.txt", "standalone-metrics.txt"), Service);
        var at = DateTime.UtcNow;

        var busy = await sampler.ReadAsync(at, default);
        busy[Index("ready")].ShouldBe(25);
        busy[Index("unacked")].ShouldBe(0); // jobs Processing, as the last poll saw them
        busy[Index("consumers")].ShouldBeNull(); // the jobs table cannot know
        busy[Index("publish_per_s")].ShouldBeNull(); // a rate needs two readings
        busy[Index("oldest_waiting_s")].ShouldNotBeNull().ShouldBeGreaterThan(0);

        var after = await sampler.ReadAsync(at.AddSeconds(10), default);
        after[Index("ready")].ShouldBe(0);
        after[Index("error_ready")].ShouldBe(0);
        after[Index("oldest_waiting_s")].ShouldBeNull(); // nothing waits
        // Between the two captures the in-process worker consumed what the Api had sent: 20 in all.
        after[Index("ack_per_s")].ShouldNotBeNull().ShouldBeGreaterThan(0);
        after[Index("deliver_per_s")].ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0);
        after[Index("publish_per_s")].ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task The_queues_view_reads_the_broker_from_the_management_api()
    {
        var broker = new HttpClient(new ReplayHandler(["rabbitmq-queues-draining.json"]));
        var sampler = new RabbitQueuesSampler(new HttpSource(broker, "test broker"),
            new RabbitMqManagementClient(broker, Service, "guest", "guest", "/"), Service);
        var values = await sampler.ReadAsync(DateTime.UtcNow, default);
        values[Index("ready")].ShouldBe(84);
        values[Index("unacked")].ShouldBe(4);
        values[Index("consumers")].ShouldBe(1);
        values[Index("ack_per_s")].ShouldBe(2.8);
        values[Index("error_ready")].ShouldBe(0); // not declared until the first fault
        sampler.LastQueues.Count.ShouldBe(4); // and the Api's temporary heartbeat queue
    }

    [Fact]
    public async Task A_broker_refusing_the_credentials_is_one_line_that_says_so()
    {
        var broker = new HttpClient(new RefusingHandler());
        var sampler = new RabbitQueuesSampler(new HttpSource(broker, "RabbitMQ management API"),
            new RabbitMqManagementClient(broker, Service, "guest", "wrong", "/"), Service);
        var e = await Should.ThrowAsync<SourceUnavailableException>(() => sampler.ReadAsync(DateTime.UtcNow, default));
        e.Message.ShouldBe("RabbitMQ management API at http://127.0.0.1:5000 refused the credentials (401); see --user/--password");
    }

    sealed class RefusingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task The_queues_view_refuses_metrics_that_are_not_the_apis()
    {
        var sampler = new ApiQueuesSampler(Replay("notifier-metrics.txt"), Service);
        var e = await Should.ThrowAsync<SourceUnavailableException>(() => sampler.ReadAsync(DateTime.UtcNow, default));
        e.Message.ShouldContain("belongs to Queues.Notifier");
    }

    [Fact]
    public async Task The_performance_view_reads_stats_and_queue_depth()
    {
        var sampler = new PerformanceSampler(Replay("notifier-stats-draining.json", "notifier-stats.json"), Service,
            Replay("api-metrics-waiting.txt", "api-metrics-drained.txt"), Service);
        var columns = sampler.Columns.Select(c => c.Name).ToList();
        var at = DateTime.UtcNow;
        var first = await sampler.ReadAsync(at, default);
        var second = await sampler.ReadAsync(at.AddSeconds(5), default);

        first[columns.IndexOf("ready")].ShouldBe(102);
        second[columns.IndexOf("completed")].ShouldBe(100);
        second[columns.IndexOf("failed")].ShouldBe(2);
        second[columns.IndexOf("processing_p95_ms")].ShouldNotBeNull().ShouldBeGreaterThan(0);
        second[columns.IndexOf("end_to_end_p50_ms")].ShouldNotBeNull().ShouldBeGreaterThan(second[columns.IndexOf("processing_p50_ms")]!.Value);
        second[columns.IndexOf("workers_online")].ShouldBe(1);
        var completedBetween = second[columns.IndexOf("completed")]!.Value - first[columns.IndexOf("completed")]!.Value;
        second[columns.IndexOf("throughput_per_s")].ShouldBe(Math.Round(completedBetween / 5, 3));
    }

    static int Index(string column) => QueueColumns.All.Select(c => c.Name).ToList().IndexOf(column);

    /// <summary>Answers every GET with the next fixture, then the last one again.</summary>
    static HttpSource Replay(params string[] fixtures) => new(new HttpClient(new ReplayHandler(fixtures)), "test service");

    sealed class ReplayHandler(string[] fixtures) : HttpMessageHandler
    {
        int next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Fixture.Read(fixtures[Math.Min(next++, fixtures.Length - 1)])) });
    }
}
