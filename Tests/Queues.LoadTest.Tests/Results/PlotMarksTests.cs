using Queues.Plotting;

namespace Queues.LoadTest.Tests.Results;

/// <summary>The events file of <c>scripts/lab.sh mark</c>, read back as seconds since a run's start for the plots.</summary>
public sealed class PlotMarksTests : IDisposable
{
    readonly string file = Path.GetTempFileName();
    static readonly DateTime Zero = new(2026, 12, 2, 6, 0, 0, DateTimeKind.Utc);
    static readonly double ZeroUnix = (Zero - DateTime.UnixEpoch).TotalSeconds;

    public void Dispose() => File.Delete(file);

    [Fact]
    public void Each_line_becomes_its_seconds_since_the_start_and_its_label()
    {
        File.WriteAllText(file, $"{ZeroUnix + 5.25:F9} worker-1 killed\n\n{ZeroUnix + 12:F0} broker started\n");

        ProjectorStyle.ReadMarks(file, Zero).ShouldBe([new PlotMark(5.25, "worker-1 killed"), new PlotMark(12, "broker started")]);
    }

    [Fact]
    public void A_line_that_is_not_a_time_and_a_label_is_refused_with_its_number()
    {
        File.WriteAllText(file, $"{ZeroUnix:F0} fine\nworker killed\n");

        Should.Throw<FormatException>(() => ProjectorStyle.ReadMarks(file, Zero)).Message.ShouldContain(":2:");
    }

    [Fact]
    public void No_file_means_no_marks()
    {
        ProjectorStyle.ReadMarks(null, Zero).ShouldBeEmpty();
        ProjectorStyle.ReadMarks(file + ".absent", Zero).ShouldBeEmpty();
    }
}
