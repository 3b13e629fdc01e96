namespace Queues.Monitoring.Tests;

/// <summary>The captured answers of a real RabbitMQ 3.10 node and of the real services (Fixtures/capture.sh).</summary>
public static class Fixture
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
