using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Minio;
using Minio.DataModel.Args;
using Queues.ServiceDefaults.Storage;

namespace Queues.AppHost.Tests;

/// <summary>The local distributed mode as `dotnet run --project AppHost` starts it: real RabbitMQ, s3rver and our hosts.</summary>
public sealed class DistributedModeTests
{
    static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(4);
    static readonly TimeSpan JobDeadline = TimeSpan.FromSeconds(60);
    static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);
    const string OperatorKey = "qk_apphost_test_operator_key";

    // Loopback ports of their own (27100-27199), so a test run collides with neither the defaults nor a manual run.
    const int Amqp = 27172, Management = 27173, Distribution = 27174, Epmd = 27175, S3 = 27190, Api = 27150, Notifier = 27152,
        WorkerBase = 27160, ReplicaBase = 27140, Postgres = 27133, Prometheus = 27191, Otlp = 27189, Control = 27195;

    [Fact]
    public async Task An_upload_completes_with_its_result_in_the_S3_server_through_a_broker_outage_and_a_killed_worker_and_stopping_leaves_no_process()
    {
        using var run = new TempFolder();
        using var deadline = new CancellationTokenSource(StartDeadline);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(Args(run.Path), deadline.Token);
        var app = await builder.BuildAsync(deadline.Token);
        List<ProcessId> started;
        await using (app)
        {
            await app.StartAsync(deadline.Token);
            foreach (var resource in new[] { "rabbitmq", "s3", "api", "worker-1", "worker-2", "notifier" })
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
            started = ProcessesOfTheAppHost();
            started.ShouldContain(p => p.CommandLine.Contains("beam.smp"), "the RabbitMQ node's Erlang VM among the processes found");
            started.ShouldContain(p => p.CommandLine.Contains("s3rver.js"), "s3rver among the processes found");
            started.ShouldContain(p => p.CommandLine.Contains("epmd"), "epmd among the processes found");

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Api}/") };
            http.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
            var id = await UploadAsync(http, TestImages.Jpeg(640, 480));
            var job = await CompletionAsync(http, id);
            job.State.ShouldBe("Completed", job.FailureReason);

            var (bucket, name) = ObjectKeys.Split(ObjectKeys.Result(id, "jpg"));
            var s3 = new MinioClient().WithEndpoint("127.0.0.1", S3).WithCredentials("S3RVER", "S3RVER").WithSSL(false).Build();
            var stat = await s3.StatObjectAsync(new StatObjectArgs().WithBucket(bucket).WithObject(name));
            stat.Size.ShouldBeGreaterThan(0, $"{bucket}/{name} in the S3 server");

            // The lab's faults, from the resources' commands: an upload during a broker outage waits in the outbox and
            // completes when the broker is back; with worker-1 killed, worker-2 takes the next job.
            await RunCommandAsync(app, "rabbitmq", "broker-stop", deadline.Token);
            await Eventually.Until(() => Task.FromResult(FreePorts.Accepts(Amqp)), accepts => !accepts, "the broker to close its AMQP port", JobDeadline);
            var duringOutage = await UploadAsync(http, TestImages.Jpeg(320, 240));
            await RunCommandAsync(app, "rabbitmq", "broker-start", deadline.Token);
            (await CompletionAsync(http, duringOutage)).State.ShouldBe("Completed");

            await RunCommandAsync(app, "worker-1", "kill", deadline.Token);
            await Eventually.Until(() => Task.FromResult(FreePorts.Accepts(WorkerBase + 1)), accepts => !accepts, "worker-1 to be gone", JobDeadline);
            var afterKill = await CompletionAsync(http, await UploadAsync(http, TestImages.Jpeg(320, 240)));
            afterKill.State.ShouldBe("Completed", afterKill.FailureReason);
            afterKill.WorkerId.ShouldBe("worker-2");
        }

        await Eventually.Until(() => Task.FromResult(string.Join("; ", started.Where(p => p.IsAlive))), alive => alive == "",
            "every process the app host started to exit", StopDeadline);
        // A process that left the tree (a daemon, as epmd makes itself when a node starts it) still holds its port.
        await Eventually.Until(() => Task.FromResult(string.Join(", ", Ports.Where(FreePorts.Accepts))), listening => listening == "",
            "every port of the app host to be closed", StopDeadline);
    }

    static readonly int[] Ports = [Amqp, Management, Distribution, Epmd, S3, Api, Notifier, WorkerBase + 1, WorkerBase + 2, Control];

    static string[] Args(string runDirectory) =>
    [
        $"--Queues:RunDirectory={runDirectory}", $"--Queues:OperatorKey={OperatorKey}", "--Queues:Workers=2",
        $"--Queues:AmqpPort={Amqp}", $"--Queues:ManagementPort={Management}", $"--Queues:DistributionPort={Distribution}",
        $"--Queues:EpmdPort={Epmd}", $"--Queues:S3Port={S3}", $"--Queues:ApiPort={Api}", $"--Queues:NotifierPort={Notifier}",
        $"--Queues:WorkerBasePort={WorkerBase}", $"--Queues:ReplicaBasePort={ReplicaBase}", $"--Queues:PostgresPort={Postgres}",
        $"--Queues:PrometheusPort={Prometheus}", $"--Queues:ControlPort={Control}", $"--DOTNET_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{Otlp}",
        // s3rver as installed by scripts/install-test-deps.sh in this checkout, or where QUEUES_S3RVER points (another worktree's).
        .. Environment.GetEnvironmentVariable("QUEUES_S3RVER") is { Length: > 0 } s3rver ? [$"--Queues:S3rverPath={s3rver}"] : Array.Empty<string>(),
    ];

    /// <summary>The orchestrator (DCP) this test process started and everything under it: every resource's processes.</summary>
    static List<ProcessId> ProcessesOfTheAppHost() =>
        ProcessId.Matching($"--monitor {Environment.ProcessId}").SelectMany(ProcessId.TreeOf).DistinctBy(p => p.Pid).ToList();

    static async Task RunCommandAsync(DistributedApplication app, string resource, string command, CancellationToken cancellationToken)
    {
        var target = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        var result = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(target, command, cancellationToken);
        result.Success.ShouldBeTrue($"{resource} {command}: {result.Message}");
    }

    static async Task<JobState> CompletionAsync(HttpClient http, Guid id) =>
        (await Eventually.Until(() => http.GetFromJsonAsync<JobState>($"jobs/{id}")!,
            j => j!.State is "Completed" or "Failed", $"job {id} to end", JobDeadline))!;

    static async Task<Guid> UploadAsync(HttpClient http, byte[] jpeg)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(jpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "apphost.jpg");
        using var response = await http.PostAsync("jobs", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobState>())!.Id;
    }

    sealed record JobState(Guid Id, string State, string? FailureReason, string? WorkerId);
}
