namespace Queues.Api.Access;

/// <summary>None: everyone is an operator of the default tenant (standalone, the lab). ApiKey: every call but the open ones needs a key.</summary>
public enum AuthMode { None, ApiKey }

/// <summary>A Submitter uploads and acts on its own tenant's jobs; an Operator on everything.</summary>
public enum ApiRole { Submitter, Operator }

/// <summary>The "Auth" section.</summary>
public sealed class AccessOptions
{
    /// <summary>The tenant of every job in None mode, and of jobs written before tenants existed.</summary>
    public const string DefaultTenant = "default";

    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>Bootstrap and test keys from configuration (<c>Auth:Keys:0:Key</c>, <c>:Tenant</c>, <c>:Role</c>); more come from the database.</summary>
    public List<ConfiguredKey> Keys { get; set; } = [];

    /// <summary>Uploads one key may start per second, unless the key says otherwise.</summary>
    public int UploadsPerSecond { get; set; } = 20;

    /// <summary>Where the operator key created at start (no operator key anywhere) is also written; see <see cref="OperatorKeyBootstrap"/>.</summary>
    public string? BootstrapKeyFile { get; set; }

    /// <summary>Signs links to originals and results; empty: a key generated once and kept in the database.</summary>
    public string? LinkSigningKey { get; set; }

    /// <summary>How long a signed link works.</summary>
    public int LinkLifetimeMinutes { get; set; } = 60;

    /// <summary>The rate limit's window: a second, shorter in tests.</summary>
    public int UploadWindowMilliseconds { get; set; } = 1000;

    /// <summary>Jobs (Queued + Processing) one tenant may have at once, unless its key says otherwise.</summary>
    public int MaxJobsInFlight { get; set; } = 1000;

    public bool IsValid() =>
        UploadsPerSecond > 0 && MaxJobsInFlight > 0 && UploadWindowMilliseconds > 0 && LinkLifetimeMinutes > 0
        && Keys.All(k => k.Key.Length >= 16 && !string.IsNullOrWhiteSpace(k.Tenant) && k.Tenant.Length <= 64
            && (k.UploadsPerSecond ?? 1) > 0 && (k.MaxJobsInFlight ?? 1) > 0);
}

public sealed class ConfiguredKey
{
    public string Key { get; set; } = "";
    public string Tenant { get; set; } = AccessOptions.DefaultTenant;
    public ApiRole Role { get; set; } = ApiRole.Submitter;
    public int? UploadsPerSecond { get; set; }
    public int? MaxJobsInFlight { get; set; }
}
