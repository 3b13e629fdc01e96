namespace Queues.EndToEnd.Tests;

/// <summary>scripts/run-local.sh (the app host in the background) as the tests run it: the build the tests use, a run folder and loopback ports of its own.</summary>
public static class RunLocal
{
    /// <summary>
    /// The environment for run-local.sh and scripts/lab.sh in <paramref name="runDirectory"/>: every port its own,
    /// those of part 2 too (<c>--replicas</c>: the replicas and PostgreSQL; <c>--cluster</c>: three nodes and their port mapper).
    /// </summary>
    public static Dictionary<string, string> PrivateEnvironment(string runDirectory) => new()
    {
        ["QUEUES_RUN_DIR"] = runDirectory,
        ["QUEUES_SKIP_BUILD"] = "1",
        ["BUILD_CONFIGURATION"] = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug",
        ["API_PORT"] = $"{FreePorts.Next()}",
        ["NOTIFIER_PORT"] = $"{FreePorts.Next()}",
        ["WORKER_BASE_PORT"] = $"{FreePorts.Next()}",
        ["RABBITMQ_PORT"] = $"{FreePorts.Next()}",
        ["RABBITMQ_MANAGEMENT_PORT"] = $"{FreePorts.Next()}",
        ["RABBITMQ_DIST_PORT"] = $"{FreePorts.Next()}",
        ["EPMD_PORT"] = $"{FreePorts.Next()}", // not the unchecked default, the distribution port + 1
        ["S3_PORT"] = $"{FreePorts.Next()}",
        ["REPLICA_BASE_PORT"] = $"{FreePorts.Next()}",
        ["PG_PORT"] = $"{FreePorts.Next()}",
        ["CLUSTER_AMQP_PORTS"] = FreePorts.List(3),
        ["CLUSTER_MANAGEMENT_PORTS"] = FreePorts.List(3),
        ["CLUSTER_DIST_PORTS"] = FreePorts.List(3),
        ["CLUSTER_EPMD_PORT"] = $"{FreePorts.Next()}",
        // The app host's own: the Aspire dashboard, its OTLP receiver and resource service, the control endpoint.
        ["DASHBOARD_PORT"] = $"{FreePorts.Next()}",
        ["OTLP_PORT"] = $"{FreePorts.Next()}",
        ["RESOURCE_SERVICE_PORT"] = $"{FreePorts.Next()}",
        ["CONTROL_PORT"] = $"{FreePorts.Next()}",
        ["PROMETHEUS_PORT"] = $"{FreePorts.Next()}",
    };
}
