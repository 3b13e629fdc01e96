namespace Queues.Imaging;

/// <summary>
/// Follows an image's size through a plan, so an upload whose crop lies outside the image is refused with a 400
/// instead of failing later in a worker. Resizes are predicted as libvips rounds them, give or take a pixel; the
/// worker checks again on the real image and fails such a job with the same reason.
/// </summary>
public static class PlanGeometry
{
    /// <summary>Null when every crop fits; otherwise what is wrong.</summary>
    public static string? Check(OperationPlan plan, int width, int height)
    {
        foreach (var step in plan.Steps)
        {
            if (step is Crop c && (c.Left + c.Width > width || c.Top + c.Height > height)) return Outside(c, width, height);
            (width, height) = After(step, width, height);
        }
        return null;
    }

    public static string Outside(Crop c, int width, int height) =>
        $"'{c}' reaches {c.Left + c.Width}x{c.Top + c.Height}, outside the {width}x{height} image it is applied to: "
        + $"left + width must be at most {width} and top + height at most {height}.";

    static (int, int) After(ImageOperation step, int width, int height) => step switch
    {
        Resize r => Resized(r, width, height),
        Crop c => (c.Width, c.Height),
        CropTo c => (Math.Min(c.Width, width), Math.Min(c.Height, height)),
        Rotate { Degrees: 90 or 270 } => (height, width),
        _ => (width, height),
    };

    /// <summary>
    /// How much a resize scales a <paramref name="width"/>x<paramref name="height"/> image; for <c>exact</c>, the larger
    /// of its two scales (the one a shared decode must serve).
    /// </summary>
    public static double ScaleOf(Resize r, int width, int height)
    {
        var scaleX = r.Width is { } w ? (double)w / width : double.PositiveInfinity;
        var scaleY = r.Height is { } h ? (double)h / height : double.PositiveInfinity;
        if (r.Fit == ResizeFit.Exact) return Math.Max(r.Width is null ? 0 : scaleX, r.Height is null ? 0 : scaleY);
        var scale = r.Fit == ResizeFit.Cover ? Math.Max(scaleX, scaleY) : Math.Min(scaleX, scaleY);
        return r.Enlarge ? scale : Math.Min(scale, 1);
    }

    static (int, int) Resized(Resize r, int width, int height)
    {
        if (r.Fit == ResizeFit.Exact) return (r.Width ?? width, r.Height ?? height);
        var scale = ScaleOf(r, width, height);
        var (outW, outH) = (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
        return r.Fit == ResizeFit.Cover ? (Math.Min(outW, r.Width ?? outW), Math.Min(outH, r.Height ?? outH)) : (outW, outH);
    }
}
