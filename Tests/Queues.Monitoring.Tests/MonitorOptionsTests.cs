namespace Queues.Monitoring.Tests;

public sealed class MonitorOptionsTests
{
    [Fact]
    public void Options_are_read_with_their_units()
    {
        var options = MonitorOptions.Parse(["queues", "--interval", "0.5", "--duration", "2m", "--csv", "q.csv", "--plot", "q.png",
            "--rabbit", "http://127.0.0.1:15672", "--api", "http://127.0.0.1:5000"]);
        options.Command.ShouldBe("queues");
        options.Interval.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.Duration.ShouldBe(TimeSpan.FromMinutes(2));
        options.Rabbit.ShouldBe(new Uri("http://127.0.0.1:15672/"));
        options.StatsUrl.ShouldBe(new Uri("http://127.0.0.1:5000/"), "standalone: the Api serves /stats");
    }

    [Fact]
    public void Credentials_in_the_management_url_are_taken_from_it()
    {
        var options = MonitorOptions.Parse(["queues", "--rabbit", "http://admin:s%40cret@127.0.0.1:15672"]);
        options.Rabbit.ShouldBe(new Uri("http://127.0.0.1:15672/"));
        options.User.ShouldBe("admin");
        options.Password.ShouldBe("s@cret");
    }

    [Theory]
    [InlineData("nothing")]
    [InlineData("queues", "--interval", "0")]
    [InlineData("queues", "--duration", "soon")]
    [InlineData("queues", "--rabbit", "127.0.0.1:15672")]
    [InlineData("queues", "--csv")]
    [InlineData("queues", "--colour", "red")]
    public void Nonsense_is_refused_with_a_message(params string[] args) =>
        Should.Throw<ArgumentException>(() => MonitorOptions.Parse(args)).Message.ShouldNotBeNullOrWhiteSpace();
}
