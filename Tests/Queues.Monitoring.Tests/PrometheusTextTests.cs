using Queues.Monitoring.Sources;

namespace Queues.Monitoring.Tests;

/// <summary>Against /metrics as the real Api, notifier and worker answered during a capture (Fixtures/capture.sh).</summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public void The_api_reports_the_waiting_queue_from_the_management_api()
    {
        var m = MetricSet.Parse(Fixture.Read("api-metrics-waiting.txt"));
        m.Sum("queues_queue_messages_ready", "queue=process-image", "source=rabbitmq").ShouldBe(102);
        m.Sum("queues_queue_consumers", "queue=process-image").ShouldBe(0);
        m.Sum("queues_queue_oldest_job_age_seconds", "queue=process-image").ShouldNotBeNull().ShouldBeGreaterThan(0);
        m.Sum("queues_jobs_accepted_total").ShouldBe(102);
        m.Sum("messaging_masstransit_send_ea_total", "messaging_masstransit_destination=process-image").ShouldBe(102);
    }

    [Fact]
    public void The_notifier_counts_completed_and_failed_jobs_with_their_labels()
    {
        var m = MetricSet.Parse(Fixture.Read("notifier-metrics.txt"));
        m.Sum("queues_jobs_completed_total", "worker=capture-worker", "operations=resize+blur+sepia+watermark").ShouldBe(100);
        m.Sum("queues_jobs_failed_total", "reason=rejected:Corrupt").ShouldBe(2);
        m.Sum("queues_job_processing_duration_milliseconds_count", "worker=capture-worker").ShouldBe(100);
        m.Sum("queues_job_end_to_end_duration_milliseconds_bucket", "worker=capture-worker", "le=+Inf").ShouldBe(100);
        m.Where("queues_job_end_to_end_duration_milliseconds_bucket", "le=+Inf").Single().Labels["otel_scope_name"].ShouldBe("Queues.Pipeline");
    }

    [Fact]
    public void The_api_counts_the_workers_it_hears_from()
    {
        MetricSet.Parse(Fixture.Read("api-metrics-drained.txt")).Sum("queues_workers_online").ShouldBe(1);
        MetricSet.Parse(Fixture.Read("api-metrics-waiting.txt")).Sum("queues_workers_online").ShouldBe(0, "the worker was stopped");
    }

    [Fact]
    public void The_worker_reports_its_images_in_flight()
    {
        var m = MetricSet.Parse(Fixture.Read("worker-metrics.txt"));
        m.Sum("queues_worker_images_in_flight", "worker=capture-worker").ShouldBe(0);
    }

    [Fact]
    public void A_standalone_api_reports_queue_depth_from_the_jobs_table()
    {
        var m = MetricSet.Parse(Fixture.Read("standalone-metrics.txt"));
        m.Sum("queues_queue_messages_ready", "queue=process-image", "source=jobs-table").ShouldBe(0);
        m.Sum("queues_queue_consumers", "queue=process-image").ShouldBeNull(); // unknown without a broker, not zero
        m.Sum("queues_jobs_accepted_total").ShouldBe(40);
        m.Sum("queues_jobs_completed_total", "worker=standalone-worker").ShouldBe(40);
    }

    [Fact]
    public void Every_sample_line_of_a_real_scrape_is_read()
    {
        foreach (var name in new[] { "api-metrics-drained.txt", "notifier-metrics.txt", "worker-metrics.txt", "standalone-metrics.txt" })
        {
            var text = Fixture.Read(name);
            var lines = text.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
            PrometheusText.Parse(text).Count.ShouldBe(lines, name);
        }
    }

    [Fact]
    public void Escaped_label_values_special_values_and_timestamps_are_handled()
    {
        var samples = PrometheusText.Parse("""
            # HELP x A metric.
            # TYPE x gauge
            x{path="C:\\dir",msg="say \"hi\"\nbye"} 1.5e3 1712345678000
            y NaN
            z{le="+Inf"} +Inf
            """);
        samples.Count.ShouldBe(3);
        samples[0].Labels["path"].ShouldBe(@"C:\dir");
        samples[0].Labels["msg"].ShouldBe("say \"hi\"\nbye");
        samples[0].Value.ShouldBe(1500);
        double.IsNaN(samples[1].Value).ShouldBeTrue();
        samples[2].Value.ShouldBe(double.PositiveInfinity);
    }
}
