namespace Queues.AppHost;

/// <summary>nginx in front of the Api replicas on the one Api port: its own prefix, config and logs.</summary>
static class Nginx
{
    public static IResourceBuilder<ExecutableResource> AddNginx(this IDistributedApplicationBuilder builder, LocalSettings settings,
        string repoRoot, IEnumerable<int> upstreamPorts, bool checkThrough = true)
    {
        var dir = Path.Combine(settings.RunDirectory, "nginx");
        Directory.CreateDirectory(dir);
        var servers = string.Concat(upstreamPorts.Select(p => $"        server 127.0.0.1:{p};\n"));
        // The temp paths are set here: Debian's build points them into /var/lib/nginx, which an unprivileged user cannot write.
        File.WriteAllText(Path.Combine(dir, "nginx.conf"), $$"""
            pid {{dir}}/nginx.pid;
            error_log stderr warn;
            worker_processes 1;
            daemon off;
            events {}
            http {
                access_log off;
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                upstream queues_api {
            {{servers}}        keepalive 32;
                }
                server {
                    listen 127.0.0.1:{{settings.ApiPort}};
                    include {{repoRoot}}/deploy/nginx/api-proxy.conf;
                }
            }

            """);
        AsUser.Own("www-data", dir);
        var (command, args) = AsUser.Command("www-data", "nginx", "-p", dir, "-e", "stderr", "-c", Path.Combine(dir, "nginx.conf"));
        var nginx = builder.AddExecutable("api", command, dir, args)
            .WithHttpEndpoint(port: settings.ApiPort, name: "http", isProxied: false);
        // Healthy once an Api answers through it (alive: see Hosts.AddApi); in front of upstreams the app host does not run, once it listens.
        return checkThrough ? nginx.WithHttpHealthCheck("/health/live", endpointName: "http") : nginx.WithTcpHealthCheck(settings.ApiPort);
    }
}
