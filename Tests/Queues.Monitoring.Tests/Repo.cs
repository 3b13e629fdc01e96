namespace Queues.Monitoring.Tests;

public static class Repo
{
    /// <summary>The checkout's root (where Queues.sln is), found from the test's output folder.</summary>
    public static readonly string Root = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Queues.sln"))) return dir.FullName;
        throw new InvalidOperationException("Queues.sln not found above " + AppContext.BaseDirectory);
    }
}
