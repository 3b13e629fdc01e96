using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Queues.Api.Lab;

/// <summary>
/// The lab's hand on the processes: the Aspire app host's control endpoint (Lab:ControlUrl, with Lab:ControlToken), which
/// lists its resources with their PIDs and starts and stops them; signals by PID; probes of a port.
/// </summary>
public sealed class LabControl(HttpClient http)
{
    /// <param name="State">Aspire's: Running, NotStarted, Exited, Finished, …</param>
    /// <param name="Pid">Its process, or the last one it had.</param>
    public sealed record Resource(string Name, string State, string? Health, int? Pid)
    {
        public bool Running => State is "Running" or "Starting" or "Waiting";
    }

    /// <summary>What a command did: the resource's state and PID once it took effect, or why it did not.</summary>
    public sealed record Outcome(bool Success, string Detail, int? Pid);

    public async Task<IReadOnlyList<Resource>> ResourcesAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<Resource>>("resources", cancellationToken) ?? [];

    /// <summary>The workers that run or ran (worker-N, in number order); the spares never started are left out.</summary>
    public async Task<IReadOnlyList<Resource>> WorkersAsync(CancellationToken cancellationToken) =>
        (await ResourcesAsync(cancellationToken)).Where(r => WorkerNumber(r.Name) is not null && r.State != "NotStarted")
            .OrderBy(r => WorkerNumber(r.Name)).ToList();

    /// <summary>N for the app host's worker-N, else null.</summary>
    public static int? WorkerNumber(string name) =>
        name.StartsWith("worker-") && int.TryParse(name["worker-".Length..], out var n) ? n : null;

    /// <summary>
    /// The app host runs <paramref name="command"/> on <paramref name="resource"/> (start, stop, kill, broker-stop, …; start
    /// with <paramref name="settings"/> for this start) and answers once it took effect: started and healthy, or exited.
    /// </summary>
    public async Task<Outcome> CommandAsync(string resource, string command, IReadOnlyDictionary<string, string>? settings,
        CancellationToken cancellationToken)
    {
        var query = settings is null || settings.Count == 0 ? ""
            : "?" + string.Join('&', settings.Select(s => $"{Uri.EscapeDataString(s.Key)}={Uri.EscapeDataString(s.Value)}"));
        using var response = await http.PostAsync($"resources/{resource}/{command}{query}", null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            return new(false, $"app host: {resource} {command}: {(int)response.StatusCode} {body}", null);
        var done = System.Text.Json.JsonSerializer.Deserialize<Done>(body, System.Text.Json.JsonSerializerOptions.Web);
        return new(true, $"{resource} {command}: {done?.State}" + (done?.Pid is { } pid ? $", pid {pid}" : "") +
            (string.IsNullOrEmpty(done?.Message) ? "" : $" ({done.Message})"), done?.Pid);
    }

    sealed record Done(string State, int? Pid, string? Message);

    /// <summary>Whether the process runs: a zombie (exited, its parent has not reaped it) counts as gone.</summary>
    public static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X' or default(char));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }

    /// <summary>kill -KILL or -TERM, by PID only.</summary>
    public static async Task SignalAsync(int pid, string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString()]) { RedirectStandardError = true })!;
        var error = await kill.StandardError.ReadToEndAsync(cancellationToken);
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0 && Alive(pid)) throw new InvalidOperationException($"kill -{signal} {pid} failed: {error.Trim()}");
    }

    /// <summary>Whether something accepts TCP connections on HOST:PORT (a refused or unanswered connection within a second: no).</summary>
    public static async Task<bool> AnswersAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(host, port, limit.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 200 ms until it holds (true) or <paramref name="timeout"/> passes (false).</summary>
    public static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout) return false;
            await Task.Delay(200, cancellationToken);
        }
        return true;
    }
}
