using System.Security.Cryptography;

namespace Queues.AppHost;

/// <summary>
/// ApiKey mode's one operator key, as scripts/local.env makes it: Queues:OperatorKey when set, else generated once
/// into the run folder (operator.key) and kept, so a restart does not change it.
/// </summary>
static class OperatorKey
{
    public static string Get(IDistributedApplicationBuilder builder, LocalSettings settings)
    {
        var file = Path.Combine(settings.RunDirectory, "operator.key");
        var configured = builder.Configuration["Queues:OperatorKey"];
        if (string.IsNullOrWhiteSpace(configured) && File.Exists(file))
            configured = File.ReadAllText(file).Trim();
        var key = string.IsNullOrWhiteSpace(configured)
            ? "qk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace("+", "").Replace("/", "")
            : configured;
        File.WriteAllText(file, key + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }
}
