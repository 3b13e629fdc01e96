using System.Diagnostics;

namespace Queues.EndToEnd.Tests;

/// <summary>No Docker engine runs here, so the compose file and Dockerfile are checked by their own tools.</summary>
public sealed class DeploymentFilesTests
{
    static readonly string Root = DistributedSystem.RepoRoot;

    static async Task<(int Exit, string Output)> Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task The_compose_file_is_valid_compose_v1()
    {
        var (exit, output) = await Run("docker-compose", "-f", "docker-compose.yml", "config", "-q");
        exit.ShouldBe(0, output);
    }

    [Fact]
    public async Task The_compose_file_runs_every_service_with_health_gated_start_up()
    {
        var (exit, config) = await Run("docker-compose", "-f", "docker-compose.yml", "config");
        exit.ShouldBe(0, config);
        var services = (await Run("docker-compose", "-f", "docker-compose.yml", "config", "--services")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var service in new[] { "rabbitmq", "minio", "api", "worker", "notifier" }) services.ShouldContain(service);
        config.ShouldContain("condition: service_healthy");
        config.ShouldContain("masstransit/rabbitmq");
        config.ShouldContain("replicas: 3");
        config.ShouldContain("Bus__Transport: RabbitMq");
    }

    [Fact]
    public async Task The_compose_file_runs_two_api_replicas_on_postgres_behind_nginx()
    {
        var (exit, config) = await Run("docker-compose", "-f", "docker-compose.yml", "config");
        exit.ShouldBe(0, config);
        var services = (await Run("docker-compose", "-f", "docker-compose.yml", "config", "--services")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.ShouldContain("postgres");
        services.ShouldContain("nginx");
        config.ShouldContain("pg_isready");
        config.ShouldContain("Database__Provider: Postgres");
        config.ShouldContain("Host=postgres;");
        config.ShouldContain("replicas: 2");
        config.ShouldContain(Path.Combine(Root, "deploy/nginx/nginx.conf") + ":/etc/nginx/nginx.conf:ro");
        config.ShouldContain(Path.Combine(Root, "deploy/nginx/api-proxy.conf") + ":/etc/nginx/api-proxy.conf:ro");

        var compose = await File.ReadAllTextAsync(Path.Combine(Root, "deploy/nginx/nginx.conf"));
        compose.ShouldContain("include /etc/nginx/api-proxy.conf;");
        var proxy = await File.ReadAllTextAsync(Path.Combine(Root, "deploy/nginx/api-proxy.conf"));
        foreach (var setting in new[] { "proxy_buffering off;", "proxy_http_version 1.1;", "proxy_set_header Connection \"\";", "proxy_read_timeout 1h;", "client_max_body_size 26m;" })
            proxy.ShouldContain(setting);
    }

    [Fact]
    public async Task The_cluster_profile_runs_three_rabbitmq_nodes_with_one_cookie_and_gives_the_services_the_node_list()
    {
        var (exit, config) = await Run("docker-compose", "-f", "docker-compose.yml", "--profile", "cluster", "config");
        exit.ShouldBe(0, config);

        var discovery = await File.ReadAllTextAsync(Path.Combine(Root, "deploy", "rabbitmq-cluster", "cluster.conf"));
        discovery.ShouldContain("cluster_formation.peer_discovery_backend = classic_config");
        var cookies = new HashSet<string>();
        foreach (var n in new[] { 1, 2, 3 })
        {
            var node = ServiceBlock(config, $"rabbit-{n}");
            node.ShouldContain($"RABBITMQ_NODENAME: rabbit@rabbit-{n}");
            node.ShouldContain($"hostname: rabbit-{n}");
            node.ShouldContain("profiles:\n    - cluster", customMessage: "the profile keeps the cluster off the everyday stack");
            node.ShouldContain("/etc/rabbitmq/conf.d/20-cluster.conf");
            node.ShouldContain("check_running", customMessage: "the services wait on each node's health check");
            cookies.Add(System.Text.RegularExpressions.Regex.Match(node, @"RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: -setcookie (\S+)").Groups[1].Value);
            discovery.ShouldContain($"= rabbit@rabbit-{n}");
        }
        cookies.ShouldHaveSingleItem().ShouldNotBeEmpty("one Erlang cookie for the three nodes");

        foreach (var service in new[] { "api-cluster", "worker-cluster", "notifier-cluster" })
        {
            var block = ServiceBlock(config, service);
            block.ShouldContain("Bus__ClusterNodes: rabbit-1:5672,rabbit-2:5672,rabbit-3:5672", customMessage: service);
            block.ShouldContain("Bus__QuorumQueues: \"true\"", customMessage: service);
            block.ShouldContain("profiles:\n    - cluster", customMessage: service);
            foreach (var n in new[] { 1, 2, 3 }) block.ShouldContain($"rabbit-{n}:\n        condition: service_healthy", customMessage: service);
        }
    }

    /// <summary>One service's part of `docker-compose config` output: from its name to the next service.</summary>
    static string ServiceBlock(string config, string service)
    {
        var start = config.IndexOf($"\n  {service}:\n", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"service {service}");
        var next = System.Text.RegularExpressions.Regex.Match(config[(start + 1)..], @"\n  \S|\n\S");
        return config.Substring(start, next.Success ? next.Index + 1 : config.Length - start);
    }

    [Fact]
    public async Task The_dockerfile_lints_clean_and_runs_as_a_non_root_user()
    {
        var lint = Path.Combine(Root, ".tools", "dockerfile-utils", "node_modules", ".bin", "dockerfile-utils");
        File.Exists(lint).ShouldBeTrue("scripts/install-test-deps.sh installs the linter");
        var (exit, output) = await Run(lint, "lint", "Dockerfile");
        exit.ShouldBe(0, output);

        var dockerfile = await File.ReadAllTextAsync(Path.Combine(Root, "Dockerfile"));
        dockerfile.ShouldContain("USER $APP_UID");
        dockerfile.ShouldContain("HEALTHCHECK");
    }

    /// <summary>No engine here can build the image, so this is what would break it: a library a host needs, not copied in.</summary>
    [Fact]
    public async Task The_Dockerfile_copies_every_project_the_hosts_reference()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(Root, "Dockerfile"));
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        void Visit(string project)
        {
            if (!needed.Add(project)) return;
            var csproj = File.ReadAllText(Path.Combine(Root, project, project + ".csproj"));
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(csproj, @"ProjectReference Include=""\.\.\\([^\\]+)\\"))
                Visit(m.Groups[1].Value);
        }
        foreach (var host in new[] { "Api", "Worker", "Notifier" }) Visit(host);

        needed.ShouldContain("Components");
        foreach (var project in needed)
        {
            dockerfile.ShouldContain($"COPY {project}/{project}.csproj {project}/", customMessage: "restore layer");
            dockerfile.ShouldContain($"COPY {project}/ {project}/", customMessage: "source layer");
        }
    }
}
