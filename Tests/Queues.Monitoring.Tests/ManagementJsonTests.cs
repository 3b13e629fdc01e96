using Queues.ServiceDefaults.Messaging;

namespace Queues.Monitoring.Tests;

/// <summary>
/// The shared management client's reading of GET /api/queues and /api/overview as a real RabbitMQ 3.10.8
/// answered them (Fixtures/capture.sh): the Api, this tool and the load test all read the broker through it.
/// </summary>
public sealed class ManagementJsonTests
{
    static QueueInfo Queue(string fixture, string name) => RabbitMqManagementJson.ParseQueues(Fixture.Read(fixture)).Single(q => q.Name == name);

    [Fact]
    public void Queued_jobs_with_no_worker_are_ready_with_no_consumer()
    {
        var work = Queue("rabbitmq-queues-waiting.json", "process-image");
        work.Ready.ShouldBe(102); // 100 jobs and 2 corrupt uploads
        work.Unacknowledged.ShouldBe(0);
        work.Consumers.ShouldBe(0);
        work.AckRate.ShouldBe(0);
    }

    [Fact]
    public void A_draining_queue_has_a_consumer_unacked_messages_and_delivery_rates()
    {
        var work = Queue("rabbitmq-queues-draining.json", "process-image");
        work.Consumers.ShouldBe(1);
        work.Ready.ShouldBeInRange(1, 101);
        work.Unacknowledged.ShouldBeInRange(1, 4); // Bus:PrefetchCount 4 in the capture
        work.DeliverRate.ShouldBeGreaterThan(0);
        work.AckRate.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_drained_queue_is_empty_and_the_corrupt_uploads_wait_in_the_error_queue()
    {
        var work = Queue("rabbitmq-queues-drained.json", "process-image");
        work.Ready.ShouldBe(0);
        work.Unacknowledged.ShouldBe(0);
        var errors = Queue("rabbitmq-queues-drained.json", "process-image_error");
        errors.Ready.ShouldBe(2);
        errors.Consumers.ShouldBe(0);
        var names = RabbitMqManagementJson.ParseQueues(Fixture.Read("rabbitmq-queues-drained.json")).Select(q => q.Name).ToList();
        foreach (var name in new[] { "job-state", "notifier", "process-image", "process-image_error" }) names.ShouldContain(name);
    }

    [Fact]
    public void The_overview_has_the_version_totals_and_rates()
    {
        var overview = RabbitMqManagementJson.ParseOverview(Fixture.Read("rabbitmq-overview.json"));
        overview.Version.ShouldBe("3.10.8");
        overview.Node.ShouldStartWith("queues-46791@");
        overview.Ready.ShouldBe(2); // the error queue's
        overview.Consumers.ShouldBe(4); // worker, notifier, the Api's job-state and heartbeat queues
        overview.Queues.ShouldBeGreaterThanOrEqualTo(4);
        overview.Connections.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void Missing_counts_and_stats_read_as_zero_and_a_paged_answer_is_understood()
    {
        // A queue declared moments ago, before the broker has sampled it: no counts, no message_stats.
        var queues = RabbitMqManagementJson.ParseQueues("""{"items":[{"name":"fresh","vhost":"/"}],"page":1}""");
        queues.ShouldHaveSingleItem().ShouldBe(new QueueInfo("fresh", 0, 0, 0, 0, 0, 0));
    }
}
