using System.Security;
using NetVips;

namespace Queues.Imaging;

/// <summary>White text with a dark shadow, so it reads on light and dark photos alike.</summary>
static class WatermarkDrawing
{
    public static Image Draw(Image image, Watermark w)
    {
        var size = w.Size ?? Math.Clamp(Math.Min(image.Width, image.Height) / 12, 10, 200);
        var margin = Math.Max(2, size / 2);
        var shadowOffset = Math.Max(1, size / 16);

        // Image.Text reads Pango markup, so the user's text is escaped; at 72 dpi the font size is in pixels.
        var mask = Image.Text(SecurityElement.Escape(w.Text), font: $"DejaVu Sans Bold {size}", dpi: 72,
            width: Math.Max(1, image.Width - 2 * margin));
        var alpha = (mask * w.Opacity).Cast(Enums.BandFormat.Uchar);
        var text = mask.NewFromImage(255, 255, 255).Bandjoin(alpha).Copy(interpretation: Enums.Interpretation.Srgb);
        var shadow = mask.NewFromImage(0, 0, 0).Bandjoin(alpha).Copy(interpretation: Enums.Interpretation.Srgb);

        var (x, y) = w.Position switch
        {
            WatermarkPosition.TopLeft => (margin, margin),
            WatermarkPosition.TopRight => (image.Width - mask.Width - margin, margin),
            WatermarkPosition.BottomLeft => (margin, image.Height - mask.Height - margin),
            WatermarkPosition.Center => ((image.Width - mask.Width) / 2, (image.Height - mask.Height) / 2),
            _ => (image.Width - mask.Width - margin, image.Height - mask.Height - margin),
        };

        var drawn = image.Composite2(shadow, Enums.BlendMode.Over, x + shadowOffset, y + shadowOffset)
            .Composite2(text, Enums.BlendMode.Over, x, y)
            .Cast(Enums.BandFormat.Uchar);
        // Compositing always adds an alpha band; drop it when the photo had none.
        return image.HasAlpha() ? drawn : drawn.ExtractBand(0, n: image.Bands);
    }
}
