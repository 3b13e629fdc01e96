namespace Queues.AppHost;

/// <summary>
/// PostgreSQL refuses to run as root, and nginx started by root keeps a root master: as root, run them as the
/// package's user. setpriv execs the program itself (runuser would fork and stand between it and the app host's
/// stop signal), so the program gets SIGTERM directly.
/// </summary>
static class AsUser
{
    static readonly bool IsRoot = Environment.UserName == "root";

    public static (string Command, string[] Args) Command(string user, string command, params string[] args) =>
        IsRoot ? ("setpriv", ["--reuid", user, "--regid", user, "--init-groups", "--", command, .. args]) : (command, args);

    /// <summary>Hands a folder to the user the program will run as (nothing to do when we are not root).</summary>
    public static void Own(string user, string directory)
    {
        Directory.CreateDirectory(directory);
        if (!IsRoot)
            return;
        using var chown = System.Diagnostics.Process.Start("chown", ["-R", $"{user}:", directory]);
        chown.WaitForExit();
        if (chown.ExitCode != 0)
            throw new InvalidOperationException($"chown -R {user}: {directory} failed");
    }
}
