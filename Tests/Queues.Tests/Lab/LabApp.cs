using Queues.Tests.Support;

namespace Queues.Tests.Lab;

/// <summary>The keyed standalone app in lab mode (Lab:Enabled): /lab mapped, pause and resume leaving markers.</summary>
public sealed class LabApp : KeyedApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Lab:Enabled"] = "true" };
}
