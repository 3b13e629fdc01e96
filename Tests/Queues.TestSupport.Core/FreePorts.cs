using System.Net;
using System.Net.Sockets;

namespace Queues.Tests.Support;

/// <summary>
/// Ports for the servers a test starts. Not port 0's answer: the kernel hands those out of its ephemeral range
/// (32768-60999 here), the range it also takes every outgoing connection's local port from, so a port free when asked
/// could be some client's by the time the server binds it (CI, 2026-12-02: a cluster node failed with eaddrinuse on
/// such a port, twice in a row). These come from below that range, are free when handed out, and are never handed
/// out twice in one test process.
/// </summary>
public static class FreePorts
{
    const int First = 20000;
    static readonly int Last = EphemeralRangeStart() - 1;
    static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(First, Last + 1);
                if (Given.Contains(port) || !CanBind(port)) continue;
                Given.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"no free port between {First} and {Last} after 1000 tries");
    }

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/> now.</summary>
    public static bool Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary><paramref name="count"/> of them, comma-separated, as run-local.sh takes a port per cluster node.</summary>
    public static string List(int count) => string.Join(',', Enumerable.Range(0, count).Select(_ => Next()));

    static bool CanBind(int port)
    {
        try
        {
            // Any address, as the servers' wildcard listeners would; SO_REUSEADDR off, so a port in TIME_WAIT counts as taken.
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range; Linux's default when it cannot be read.</summary>
    static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return Math.Max(First + 1000, int.Parse(range[0]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
