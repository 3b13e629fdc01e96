using System.Diagnostics;

namespace Queues.AppHost;

/// <summary>
/// The faults the lab injects, as buttons on a resource's row in the dashboard (and <c>aspire resource NAME COMMAND</c>):
/// stop and start the broker's application inside its running VM, as a node outage looks to clients; kill a host
/// with SIGKILL, a crash with no goodbye. Aspire's own Stop is the graceful end (SIGTERM: a worker finishes its images).
/// </summary>
static class LabCommands
{
    public const string BrokerStop = "broker-stop", BrokerStart = "broker-start", ListQueues = "list-queues", Kill = "kill";

    /// <summary><c>rabbitmqctl stop_app</c> / <c>start_app</c> on the node, with the node's own environment.</summary>
    public static IResourceBuilder<ExecutableResource> WithBrokerAppCommands(this IResourceBuilder<ExecutableResource> node,
        IReadOnlyDictionary<string, string> environment)
    {
        node.WithCommand(BrokerStop, "Stop the broker (stop_app)", _ => RabbitmqctlAsync("stop_app", environment),
            new CommandOptions { IconName = "PlugDisconnected", Description = "Clients lose their connections; the Erlang VM stays up" });
        node.WithCommand(BrokerStart, "Start the broker (start_app)", _ => RabbitmqctlAsync("start_app", environment),
            new CommandOptions { IconName = "PlugConnected" });
        // At once, where the management API's counts lag a collection interval.
        node.WithCommand(ListQueues, "List queues (rabbitmqctl)", _ => RabbitmqctlAsync("list_queues", environment,
                "name", "type", "messages_ready", "messages_unacknowledged", "leader"),
            new CommandOptions { IconName = "TextBulletListLtr", Description = "name, type, ready, unacknowledged, leader" });
        return node;
    }

    /// <summary>SIGKILL to the process serving <paramref name="port"/>: the host itself, not the <c>dotnet run</c> that launched it.</summary>
    public static IResourceBuilder<T> WithKillCommand<T>(this IResourceBuilder<T> host, int port) where T : IResource
    {
        host.WithCommand(Kill, "Kill (SIGKILL)", _ =>
        {
            if (ListeningProcess.Of(port) is not { } pid)
                return Task.FromResult(new ExecuteCommandResult { Success = false, Message = $"nothing listens on 127.0.0.1:{port}" });
            Process.GetProcessById(pid).Kill();
            return Task.FromResult(new ExecuteCommandResult { Success = true, Message = $"killed pid {pid}" });
        }, new CommandOptions { IconName = "Delete", Description = "A crash: no shutdown, its jobs are redelivered", ConfirmationMessage = "Kill it with SIGKILL?" });
        return host;
    }

    static async Task<ExecuteCommandResult> RabbitmqctlAsync(string verb, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RabbitMq.Bin, "rabbitmqctl"), ["-q", verb, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? new ExecuteCommandResult { Success = true, Message = output.Trim() }
            : new ExecuteCommandResult { Success = false, Message = $"rabbitmqctl {verb}: exit {process.ExitCode}: {(await error).Trim()}" };
    }
}

/// <summary>The process that listens on a loopback TCP port, from /proc (Linux): the socket's inode, then the process holding it.</summary>
static class ListeningProcess
{
    public static int? Of(int port)
    {
        var hexPort = port.ToString("X4");
        var inode = File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            // local address 127.0.0.1:port (0100007F:PORT), state 0A = LISTEN; column 9 is the inode
            .FirstOrDefault(f => f[1] == $"0100007F:{hexPort}" && f[3] == "0A")?[9];
        if (inode is null) return null;
        var socket = $"socket:[{inode}]";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")).Any(fd => new FileInfo(fd).LinkTarget == socket))
                    return pid;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException) { }
        }
        return null;
    }
}
