namespace Queues.AppHost.Tests;

/// <summary>
/// Processes by PID and start time (a PID alone may be reused), read from /proc: what the app host started, so a test
/// can say which of them are still alive after it stopped.
/// </summary>
public sealed record ProcessId(int Pid, string StartTime, string CommandLine)
{
    public bool IsAlive => StartTimeOf(Pid) == StartTime;

    public static ProcessId? Of(int pid) =>
        StartTimeOf(pid) is { } start ? new ProcessId(pid, start, CommandLineOf(pid)) : null;

    /// <summary>The process and every descendant of it, now.</summary>
    public static List<ProcessId> TreeOf(int root)
    {
        var parents = All().Select(pid => (pid, parent: ParentOf(pid))).ToList();
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
            tree.AddRange(parents.Where(p => p.parent == tree[i]).Select(p => p.pid));
        return tree.Select(Of).OfType<ProcessId>().ToList();
    }

    /// <summary>Processes whose command line contains <paramref name="text"/>.</summary>
    public static List<int> Matching(string text) => All().Where(pid => CommandLineOf(pid).Contains(text)).ToList();

    public override string ToString() => $"{Pid} {CommandLine}";

    static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(n => int.TryParse(n, out var pid) ? pid : 0).Where(pid => pid > 0);

    // /proc/PID/stat: "pid (comm) state ppid ... starttime" — comm may hold spaces, so fields are counted after the ')'.
    static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    static int ParentOf(int pid) => StatFields(pid) is { } f ? int.Parse(f[1]) : 0;

    static string? StartTimeOf(int pid) => StatFields(pid)?[19];

    static string CommandLineOf(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
