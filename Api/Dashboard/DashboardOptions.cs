namespace Queues.Api.Dashboard;

public sealed class DashboardOptions
{
    /// <summary>A worker with no heartbeat for this long shows offline: three missed beats at the default 2 s.</summary>
    public int WorkerOfflineSeconds { get; set; } = 6;

    /// <summary>An offline worker leaves the panel after this long (a killed worker stays visible, greyed, until then).</summary>
    public int WorkerForgetSeconds { get; set; } = 300;

    /// <summary>A comment line on the event stream this often, so proxies and browsers keep an idle stream open.</summary>
    public int EventsKeepAliveSeconds { get; set; } = 15;
}
