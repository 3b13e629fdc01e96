using System.Net;
using System.Net.Http.Json;

namespace Queues.EndToEnd.Tests;

/// <summary>The lab's controller (the Api in lab mode) acting on real processes, as the dashboard's Lab panel drives it.</summary>
[Collection(LabCollection.Name)]
public sealed class LabControllerTests(LabSystem lab)
{
    sealed record Worker(string Id, int Pid, bool Alive, string? Status, int InFlight, int? Concurrency);
    sealed record Service(string Name, string Address, bool Up);
    sealed record View(List<Worker> Workers, Service Broker, Service Storage, List<Service> BrokerNodes);
    sealed record Done(string Marker, string Detail, Worker? Worker, Service? Service);

    HttpClient Api => lab.Api;

    [Fact(Timeout = 300_000)]
    public async Task Killing_the_busiest_worker_during_a_flood_loses_no_job_and_marks_the_kill()
    {
        var flood = await lab.StartFloodAsync(50, 25);
        await Eventually.Until(() => Api.GetFromJsonAsync<View>("lab")!, v => v!.Workers.Any(w => w.Alive && w.InFlight > 0),
            "a worker holding jobs (its heartbeat's in-flight count)", TimeSpan.FromSeconds(60));

        var killed = await lab.ActAsync<Done>(HttpMethod.Delete, "lab/workers/busiest?signal=kill");
        killed.Marker.ShouldMatch(@"^worker-\d+ killed$");
        killed.Worker!.Alive.ShouldBeFalse();
        (await Api.GetFromJsonAsync<View>("lab"))!.Workers.Single(w => w.Id == killed.Worker.Id).Alive.ShouldBeFalse();

        var jobs = await Api.WaitForEndAsync(await lab.FloodAcceptedAsync(flood.Id, 50), TimeSpan.FromMinutes(3));
        jobs.Values.Where(j => j.State != "Completed").ShouldBeEmpty();
        (await lab.MarkerLabelsAsync()).ShouldContain(killed.Marker);

        // The killed worker's replacement: the lowest-numbered one not running.
        var added = await lab.ActAsync<Done>(HttpMethod.Post, "lab/workers");
        added.Marker.ShouldBe($"{killed.Worker.Id} added");
        added.Worker!.Alive.ShouldBeTrue();
        added.Worker.Status.ShouldBe("online");
    }

    [Fact(Timeout = 300_000)]
    public async Task Restarting_a_worker_with_another_concurrency_brings_it_back_taking_jobs_with_the_new_value()
    {
        var before = (await Api.GetFromJsonAsync<View>("lab"))!.Workers.First(w => w.Alive);
        var value = before.Concurrency == 1 ? 3 : 1;

        var restarted = await lab.ActAsync<Done>(HttpMethod.Post, $"lab/workers/{before.Id}/concurrency?value={value}");
        restarted.Marker.ShouldBe($"{before.Id} concurrency {value}");
        restarted.Worker!.Id.ShouldBe(before.Id);
        restarted.Worker.Pid.ShouldNotBe(before.Pid, "a new process");
        restarted.Worker.Alive.ShouldBeTrue();
        restarted.Worker.Status.ShouldBe("online");
        restarted.Worker.Concurrency.ShouldBe(value, "as its heartbeat reports it");
        (await Api.GetFromJsonAsync<View>("lab"))!.Workers.ShouldNotContain(w => w.Pid == before.Pid && w.Alive, "the old process is gone");
        (await lab.MarkerLabelsAsync()).ShouldContain(restarted.Marker);

        // It takes jobs: a flood completes with the restarted worker among those that finished them. A worker connects its
        // consumer once it hears the pause state from the Api (at most Worker:PauseStateWait, 10 s, after it starts), which
        // its heartbeat does not show, so the flood lasts longer than that: 60 uploads at 5 a second.
        var flood = await lab.StartFloodAsync(60, 5);
        var jobs = await Api.WaitForEndAsync(await lab.FloodAcceptedAsync(flood.Id, 60), TimeSpan.FromMinutes(2));
        jobs.Values.Where(j => j.State != "Completed").ShouldBeEmpty();
        jobs.Values.ShouldContain(j => j.WorkerId == before.Id);
    }

    [Fact(Timeout = 300_000)]
    public async Task Stopping_and_starting_the_broker_during_a_flood_loses_no_job()
    {
        var flood = await lab.StartFloodAsync(30, 5);
        await lab.SomeAcceptedAsync(flood, 5);

        var stopped = await lab.ActAsync<Done>(HttpMethod.Post, "lab/broker/stop");
        stopped.Service!.Up.ShouldBeFalse();
        (await Api.GetFromJsonAsync<View>("lab"))!.Broker.Up.ShouldBeFalse();
        var started = await lab.ActAsync<Done>(HttpMethod.Post, "lab/broker/start");
        started.Service!.Up.ShouldBeTrue();

        var jobs = await Api.WaitForEndAsync(await lab.FloodAcceptedAsync(flood.Id, 30), TimeSpan.FromMinutes(3));
        jobs.Values.Where(j => j.State != "Completed").ShouldBeEmpty();
        var markers = await lab.MarkerLabelsAsync();
        markers.IndexOf("broker started").ShouldBeGreaterThan(markers.IndexOf("broker stopped"));
        markers.ShouldContain("broker stopped");
    }

    [Fact]
    public async Task A_node_on_a_single_broker_is_refused_and_nothing_stops()
    {
        using var response = await Api.PostAsync("lab/broker/stop?node=1", null);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var view = (await Api.GetFromJsonAsync<View>("lab"))!;
        view.Broker.Up.ShouldBeTrue();
        view.BrokerNodes.ShouldBeEmpty();
    }
}
