using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

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

    [EnumDataType(typeof(AuthMode))]
    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>Bootstrap and test keys from configuration (<c>Auth:Keys:0:Key</c>, <c>:Tenant</c>, <c>:Role</c>); more come from the database.</summary>
    [ValidateEnumeratedItems]
    public List<ConfiguredKey> Keys { get; set; } = [];

    /// <summary>Uploads one key may start per second, unless the key says otherwise.</summary>
    [Range(1, int.MaxValue)]
    public int UploadsPerSecond { get; set; } = 20;

    /// <summary>Where the operator key created at start (no operator key anywhere) is also written; see <see cref="OperatorKeyBootstrap"/>.</summary>
    public string? BootstrapKeyFile { get; set; }

    /// <summary>Signs links to originals and results; empty: a key generated once and kept in the database.</summary>
    public string? LinkSigningKey { get; set; }

    /// <summary>How long a signed link works.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "366.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The rate limit's window: a second, other lengths in tests.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan UploadWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Jobs (Queued + Processing) one tenant may have at once, unless its key says otherwise.</summary>
    [Range(1, int.MaxValue)]
    public int MaxJobsInFlight { get; set; } = 1000;
}

[OptionsValidator]
public sealed partial class AccessOptionsValidator : IValidateOptions<AccessOptions>;

public sealed class ConfiguredKey
{
    [Required, MinLength(16)]
    public string Key { get; set; } = "";

    [Required, MaxLength(64)]
    public string Tenant { get; set; } = AccessOptions.DefaultTenant;

    [EnumDataType(typeof(ApiRole))]
    public ApiRole Role { get; set; } = ApiRole.Submitter;

    [Range(1, int.MaxValue)]
    public int? UploadsPerSecond { get; set; }

    [Range(1, int.MaxValue)]
    public int? MaxJobsInFlight { get; set; }
}
