using NetVips;

namespace Queues.Imaging;

/// <summary>
/// The metadata policy: a result carries no EXIF, XMP or IPTC (GPS positions, camera serial numbers, editing history)
/// unless the plan says <c>keep-metadata</c>; a colour profile is honoured, the pixels converted to sRGB and the
/// sRGB profile embedded, so colours look the same everywhere and no wide-gamut profile is needed to read them.
/// </summary>
static class ColourPolicy
{
    const string ProfileField = "icc-profile-data";

    public static bool HasProfile(Image image) => image.Contains(ProfileField) && image.Bands >= 3;

    /// <summary>Pixels into sRGB through the embedded profile; an image without one is taken to be sRGB already.</summary>
    public static Image ToSrgb(Image image) =>
        HasProfile(image) ? image.IccTransform("srgb", embedded: true, intent: Enums.Intent.Perceptual) : image.Copy();

    /// <summary>
    /// What the encoder keeps. A grey result gets no profile: the sRGB one is for three channels.
    /// </summary>
    public static (Enums.ForeignKeep Keep, string? Profile) Saving(Image image, bool keepMetadata, bool profiled)
    {
        var colour = image.Bands >= 3 && profiled;
        var keep = keepMetadata ? Enums.ForeignKeep.Exif | Enums.ForeignKeep.Xmp | Enums.ForeignKeep.Iptc | Enums.ForeignKeep.Other
            : Enums.ForeignKeep.None;
        return colour ? (keep | Enums.ForeignKeep.Icc, "srgb") : (keep, null);
    }
}
