using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Queues.Benchmarks.Cli;

/// <summary>The options of each benchmark, with the defaults BENCHMARKS.md was measured with.</summary>
public static class BenchSettings
{
    public static IReadOnlyList<double> Numbers(string text, string option) =>
        text.Split(',').Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? n : throw new ArgumentException($"{option} takes numbers separated by commas, e.g. 1,12; got '{text}'")).ToList();

    public static ValidationResult Check(Action check)
    {
        try
        {
            check();
            return ValidationResult.Success();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }
}

public sealed class PipelineTurnsSettings : CommandSettings
{
    [CommandOption("--megapixels <LIST>"), Description("Photo sizes in megapixels."), DefaultValue("1,12")]
    public string Megapixels { get; init; } = "1,12";

    [CommandOption("--rounds <R>"), Description("Rounds; the variants take turns in each."), DefaultValue(15)]
    public int Rounds { get; init; } = 15;

    [CommandOption("--images <N>"), Description("Images per variant per round."), DefaultValue(5)]
    public int Images { get; init; } = 5;

    [CommandOption("--only <TEXT>"), Description("Only the variants whose name contains TEXT (raw libvips always runs).")]
    public string? Only { get; init; }

    public override ValidationResult Validate() => BenchSettings.Check(() => BenchSettings.Numbers(Megapixels, "--megapixels"));
}

public sealed class JobCostSettings : CommandSettings
{
    [CommandOption("--image <FILE>"), Description("The photo."), DefaultValue("docs/sample.jpg")]
    public string Image { get; init; } = "docs/sample.jpg";

    [CommandOption("--operations <OPS>"), Description("The job's operations."), DefaultValue("resize:800x600,grayscale")]
    public string Operations { get; init; } = "resize:800x600,grayscale";

    [CommandOption("--rounds <R>"), Description("Rounds; the variants take turns in each."), DefaultValue(15)]
    public int Rounds { get; init; } = 15;

    [CommandOption("--images <N>"), Description("Images per variant per round."), DefaultValue(5)]
    public int Images { get; init; } = 5;

    public override ValidationResult Validate() =>
        File.Exists(Image) ? ValidationResult.Success() : ValidationResult.Error($"--image: no file '{Image}'");
}

public sealed class RenditionsSettings : CommandSettings
{
    [CommandOption("--megapixels <LIST>"), Description("Photo sizes in megapixels."), DefaultValue("1,12")]
    public string Megapixels { get; init; } = "1,12";

    [CommandOption("--rounds <R>"), Description("Rounds; one job and three jobs take turns in each."), DefaultValue(8)]
    public int Rounds { get; init; } = 8;

    public override ValidationResult Validate() => BenchSettings.Check(() => BenchSettings.Numbers(Megapixels, "--megapixels"));
}

public sealed class DecodeProfileSettings : CommandSettings
{
    [CommandOption("--megapixels <MP>"), Description("Photo size in megapixels."), DefaultValue(12.0)]
    public double Megapixels { get; init; } = 12;

    [CommandOption("--grains <LIST>"), Description("Noise levels of the photos compared: more grain, more bytes."), DefaultValue("0,4,12")]
    public string Grains { get; init; } = "0,4,12";

    [CommandOption("--rounds <R>"), Description("Rounds."), DefaultValue(9)]
    public int Rounds { get; init; } = 9;

    [CommandOption("--images <N>"), Description("Images per stage per round."), DefaultValue(5)]
    public int Images { get; init; } = 5;

    public override ValidationResult Validate() => BenchSettings.Check(() => BenchSettings.Numbers(Grains, "--grains"));
}

public sealed class RawCeilingSettings : CommandSettings
{
    [CommandOption("--megapixels <MP>"), Description("Photo size in megapixels."), DefaultValue(1.0)]
    public double Megapixels { get; init; } = 1;

    [CommandOption("--seconds <S>"), Description("How long to run, on one thread per core."), DefaultValue(10)]
    public int Seconds { get; init; } = 10;
}

public sealed class MessagingSettings : CommandSettings
{
    [CommandOption("--rabbit-port <PORT>"), Description("AMQP port of a private RabbitMQ node (scripts/run-local.sh --servers-only starts one). Required.")]
    public int? RabbitPort { get; init; }

    [CommandOption("--count <N>"), Description("Messages per round."), DefaultValue(20_000)]
    public int Count { get; init; } = 20_000;

    [CommandOption("--rounds <R>"), Description("Rounds."), DefaultValue(3)]
    public int Rounds { get; init; } = 3;

    [CommandOption("--batch <B>"), Description("Publishes awaited together."), DefaultValue(500)]
    public int Batch { get; init; } = 500;

    [CommandOption("--prefetch <P>"), Description("Consumer prefetch."), DefaultValue(200)]
    public int Prefetch { get; init; } = 200;

    public override ValidationResult Validate() => RabbitPort is null
        ? ValidationResult.Error("--rabbit-port is required: start a private node with scripts/run-local.sh --servers-only")
        : ValidationResult.Success();
}

public sealed class ImageSharpVsNetVipsSettings : CommandSettings
{
    [CommandOption("--megapixels <LIST>"), Description("Photo sizes in megapixels."), DefaultValue("1,12")]
    public string Megapixels { get; init; } = "1,12";

    [CommandOption("--rounds <R>"), Description("Rounds; in each, every library runs every job in a fresh process."), DefaultValue(3)]
    public int Rounds { get; init; } = 3;

    [CommandOption("--seconds <S>"), Description("CPU seconds each measured process spends (at least 3 images)."), DefaultValue(1.5)]
    public double Seconds { get; init; } = 1.5;

    public override ValidationResult Validate() => BenchSettings.Check(() => BenchSettings.Numbers(Megapixels, "--megapixels"));
}
