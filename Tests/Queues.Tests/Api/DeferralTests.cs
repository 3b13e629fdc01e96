using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Queues.Api.Jobs;
using Queues.Contracts;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// A storage outage longer than the worker's quick retries: the worker gives the job back, the Api keeps it Queued
/// with a due time and its outbox sends it again, with a growing delay, until it passes or the hand-backs run out.
/// </summary>
public sealed class DeferralTests
{
    /// <summary>One quick retry per delivery and short delays, so a few hand-backs take well under a second.</summary>
    sealed class FlakyStorageApp(int deferLimit) : StandaloneApp
    {
        public FlakyStore Store { get; private set; } = null!;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Worker:RetryLimit", "1");
            builder.UseSetting("Jobs:DeferLimit", deferLimit.ToString());
            builder.UseSetting("Jobs:DeferMinDelay", "00:00:00.100");
            builder.UseSetting("Jobs:DeferMaxDelay", "00:00:00.400");
            builder.ConfigureTestServices(services =>
            {
                var inner = services.Single(d => d.ServiceType == typeof(IObjectStore));
                services.RemoveAll<IObjectStore>();
                services.AddSingleton<IObjectStore>(sp => Store = new FlakyStore((IObjectStore)inner.ImplementationFactory!(sp)));
            });
        }
    }

    [Fact]
    public async Task A_job_given_back_twice_is_sent_again_and_completes_with_no_dead_letter()
    {
        await using var app = new FlakyStorageApp(deferLimit: 5);
        var client = app.CreateClient();
        // Two deliveries of two attempts each meet the outage; the third delivery finds the store back.
        // (An upload only writes to the store, so the outage starts with the worker's first read.)
        app.Store.FailNextReads(4);
        var job = await client.UploadAsync(TestImages.Jpeg(320, 240));

        var done = await client.WaitForEndAsync(job.Id);

        done.State.ShouldBe(JobState.Completed, done.FailureReason);
        done.Deferrals.ShouldBe(2);
        done.Attempts.ShouldBe(5);
        done.NotBefore.ShouldBeNull();
        done.FailureReason.ShouldBeNull();
        var letters = await client.GetFromJsonAsync<JsonElement>("/dlq/stats");
        letters.GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task When_the_hand_backs_run_out_the_job_fails_as_transient_with_the_reason()
    {
        await using var app = new FlakyStorageApp(deferLimit: 2);
        var client = app.CreateClient();
        app.Store.FailNextReads(1000);
        var job = await client.UploadAsync(TestImages.Jpeg(320, 240));

        var done = await client.WaitForEndAsync(job.Id);

        done.State.ShouldBe(JobState.Failed);
        done.FailureKind.ShouldBe(FailureKind.Transient);
        done.FailureReason.ShouldNotBeNull().ShouldStartWith("Gave up after 3 hand-backs: IOException: storage connection reset (injected)");
        done.Deferrals.ShouldBe(2);
    }
}
