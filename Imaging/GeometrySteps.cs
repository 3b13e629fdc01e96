using NetVips;
using Queues.Contracts;

namespace Queues.Imaging;

/// <summary>The steps that change an image's shape: crops, quarter turns and mirrors.</summary>
static class GeometrySteps
{
    public static Image Crop(Image image, Crop c) =>
        c.Left + c.Width <= image.Width && c.Top + c.Height <= image.Height
            ? image.ExtractArea(c.Left, c.Top, c.Width, c.Height)
            : throw new ImageRejectedException(FailureKind.InvalidOperation, PlanGeometry.Outside(c, image.Width, image.Height));

    public static Image CropTo(Image image, CropTo c)
    {
        var (width, height) = (Math.Min(c.Width, image.Width), Math.Min(c.Height, image.Height));
        if (c.Gravity == CropGravity.Smart) return image.Smartcrop(width, height, interesting: Enums.Interesting.Attention);
        var (left, top) = Offset(c.Gravity, image.Width - width, image.Height - height);
        return image.ExtractArea(left, top, width, height);
    }

    /// <summary>Where a piece goes given the room left over on each axis.</summary>
    static (int Left, int Top) Offset(CropGravity gravity, int spareX, int spareY) => gravity switch
    {
        CropGravity.North => (spareX / 2, 0),
        CropGravity.South => (spareX / 2, spareY),
        CropGravity.East => (spareX, spareY / 2),
        CropGravity.West => (0, spareY / 2),
        CropGravity.NorthEast => (spareX, 0),
        CropGravity.NorthWest => (0, 0),
        CropGravity.SouthEast => (spareX, spareY),
        CropGravity.SouthWest => (0, spareY),
        _ => (spareX / 2, spareY / 2),
    };

    public static Image Rotate(Image image, Rotate r) => image.Rot(r.Degrees switch
    {
        90 => Enums.Angle.D90,
        180 => Enums.Angle.D180,
        _ => Enums.Angle.D270,
    });

    public static Image Flip(Image image) => image.Flip(Enums.Direction.Vertical);

    public static Image Flop(Image image) => image.Flip(Enums.Direction.Horizontal);
}
