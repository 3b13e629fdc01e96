using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Queues.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.EndToEnd.Tests;

/// <summary>The lab's broker actions on a 3-node cluster (<c>QUEUES_LAB=1 scripts/run-local.sh 2 --cluster</c>): one node at a time.</summary>
[Collection(LabClusterCollection.Name)]
public sealed class LabClusterTests(LabClusterSystem lab)
{
    sealed record Service(string Name, string Address, bool Up);
    sealed record View(Service Broker, List<Service> BrokerNodes);
    sealed record Done(string Marker, string Detail, Service? Service);

    HttpClient Api => lab.Api;

    [Fact(Timeout = 600_000)]
    public async Task Stopping_and_starting_the_first_node_during_a_flood_loses_no_job_and_the_cluster_stays_up()
    {
        var before = (await Api.GetFromJsonAsync<View>("lab"))!;
        before.BrokerNodes.Select(n => n.Name).ShouldBe(["node 1", "node 2", "node 3"]);
        before.BrokerNodes.ShouldAllBe(n => n.Up);

        var flood = await lab.StartFloodAsync(30, 5);
        await lab.SomeAcceptedAsync(flood, 5);

        // Node 1: the one every service connected to first, which leads the queues declared through it.
        var stopped = await lab.ActAsync<Done>(HttpMethod.Post, "lab/broker/stop?node=1");
        stopped.Marker.ShouldBe("node 1 stopped");
        stopped.Service!.Up.ShouldBeFalse();
        var during = (await Api.GetFromJsonAsync<View>("lab"))!;
        during.BrokerNodes.Select(n => n.Up).ShouldBe([false, true, true]);
        during.Broker.Up.ShouldBeTrue("two of three nodes serve");

        var started = await lab.ActAsync<Done>(HttpMethod.Post, "lab/broker/start?node=1");
        started.Marker.ShouldBe("node 1 started");
        started.Service!.Up.ShouldBeTrue();

        var jobs = await Api.WaitForEndAsync(await lab.FloodAcceptedAsync(flood.Id, 30), TimeSpan.FromMinutes(3));
        jobs.Values.Where(j => j.State != "Completed").ShouldBeEmpty();
        var markers = await lab.MarkerLabelsAsync();
        markers.IndexOf("node 1 started").ShouldBeGreaterThan(markers.IndexOf("node 1 stopped"));
        markers.ShouldContain("node 1 stopped");
    }

    [Fact(Timeout = 600_000)]
    public async Task The_panel_shows_each_node_and_its_broker_buttons_stop_and_start_the_chosen_one()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(lab.Api.BaseAddress!, "/");
        var state = page.Locator("#lab-state");
        var answer = page.Locator("#lab-answer");
        await Expect(state).ToContainTextAsync("node 1 UP node 2 UP node 3 UP", new() { Timeout = 60_000 });
        await page.Locator("#lab-node").SelectOptionAsync("2");

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop broker", Exact = true }).ClickAsync();
        await Expect(answer).ToHaveTextAsync("node 2 stopped", new() { Timeout = 240_000 });
        await Expect(state).ToContainTextAsync("broker UP node 1 UP node 2 DOWN node 3 UP");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start broker", Exact = true }).ClickAsync();
        await Expect(answer).ToHaveTextAsync("node 2 started", new() { Timeout = 240_000 });
        await Expect(state).ToContainTextAsync("node 2 UP");
    }

    [Fact]
    public async Task A_node_beyond_the_cluster_is_refused()
    {
        using var response = await Api.PostAsync("lab/broker/stop?node=4", null);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Api.GetFromJsonAsync<View>("lab"))!.BrokerNodes.ShouldAllBe(n => n.Up);
    }
}
