namespace Queues.EndToEnd.Tests;

/// <summary>scripts/run-local.sh as the tests run it: the build the tests use, a run folder and loopback ports of its own.</summary>
public static class RunLocal
{
    /// <summary>
    /// The environment for run-local.sh (and the scripts it runs) in <paramref name="runDirectory"/>: every port its own,
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
    };
}
