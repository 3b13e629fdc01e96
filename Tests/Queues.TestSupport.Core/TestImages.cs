using System.IO.Compression;
using System.Text;
using NetVips;
using Queues.Imaging;

namespace Queues.Tests.Support;

/// <summary>Real images, made in code, so every test knows exactly what it fed the pipeline.</summary>
public static class TestImages
{
    /// <summary>A colourful gradient without grain (<see cref="GeneratedImages"/>): red grows left to right, green top to bottom, blue opposite to red.</summary>
    public static Image Gradient(int width, int height) => GeneratedImages.Gradient(width, height);

    public static byte[] Jpeg(int width, int height, int quality = 90) => Gradient(width, height).JpegsaveBuffer(q: quality);

    public static byte[] Png(int width, int height) => Gradient(width, height).PngsaveBuffer();

    /// <summary>A flat mid-grey image: any change a step makes stands out exactly.</summary>
    public static byte[] FlatPng(int width, int height, int grey = 128) =>
        (Image.Black(width, height, bands: 3) + grey).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb).PngsaveBuffer();

    /// <summary>
    /// Stored sideways: a 400x200 JPEG, left half red and right half blue, whose EXIF orientation (6) says
    /// "rotate 90° clockwise to show". Shown upright it is 200x400, red on top.
    /// </summary>
    public static byte[] SidewaysJpeg()
    {
        var red = (Image.Black(200, 200, bands: 3) + new double[] { 255, 0, 0 }).Cast(Enums.BandFormat.Uchar);
        var blue = (Image.Black(200, 200, bands: 3) + new double[] { 0, 0, 255 }).Cast(Enums.BandFormat.Uchar);
        var image = red.Join(blue, Enums.Direction.Horizontal).Copy(interpretation: Enums.Interpretation.Srgb);
        return image.Mutate(m => m.Set(GValue.GIntType, "orientation", 6)).JpegsaveBuffer(q: 95);
    }

    /// <summary>The first part of a real JPEG: a valid header, then the data stops.</summary>
    public static byte[] TruncatedJpeg(int width = 1200, int height = 900)
    {
        var full = Jpeg(width, height);
        return full[..(full.Length / 3)];
    }

    public static byte[] Text() => Encoding.UTF8.GetBytes("This is a text file with a .jpg name, not an image.\n");

    /// <summary>
    /// A real decompression bomb: a valid PNG of <paramref name="side"/>² grey pixels, all zero, that
    /// deflates to a few hundred kilobytes but would need side² bytes to decode.
    /// </summary>
    public static byte[] PngBomb(int side = 20_000)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteBigEndian(header, 0, side);
        WriteBigEndian(header, 4, side);
        header[8] = 8; // bit depth; colour type 0 (grey), no interlace
        Chunk(png, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                var row = new byte[side + 1]; // filter byte + pixels, all zero
                for (var y = 0; y < side; y++) zlib.Write(row);
            }
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        WriteBigEndian(length, 0, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, (int)Crc32(typed));
        png.Write(crc);
    }

    static void WriteBigEndian(byte[] buffer, int offset, int value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
