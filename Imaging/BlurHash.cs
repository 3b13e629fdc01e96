namespace Queues.Imaging;

/// <summary>
/// The BlurHash encoder (https://blurha.sh, the algorithm published by Wolt): a short base-83 string from which a
/// client paints a blurred placeholder. No BlurHash or ThumbHash package is on this project's NuGet feed, and the
/// encoder is one cosine transform over a tiny image, so it is written here.
/// </summary>
public static class BlurHash
{
    const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    /// <summary>Length of a hash with <paramref name="x"/> by <paramref name="y"/> components: 4 + 2·x·y characters.</summary>
    public static int LengthFor(int x, int y) => 4 + 2 * x * y;

    /// <summary>Components from the first character, as a decoder reads them.</summary>
    public static (int X, int Y) ComponentsOf(string hash)
    {
        var flag = Digits.IndexOf(hash[0]);
        return (flag % 9 + 1, flag / 9 + 1);
    }

    /// <param name="rgb">8-bit sRGB pixels, three bytes each, row by row.</param>
    public static string Encode(ReadOnlySpan<byte> rgb, int width, int height, int componentsX = 4, int componentsY = 3)
    {
        var linear = new double[width * height * 3];
        for (var i = 0; i < linear.Length; i++) linear[i] = ToLinear(rgb[i]);

        var factors = new (double R, double G, double B)[componentsX * componentsY];
        for (var j = 0; j < componentsY; j++)
        for (var i = 0; i < componentsX; i++)
        {
            double r = 0, g = 0, b = 0;
            for (var y = 0; y < height; y++)
            {
                var basisY = Math.Cos(Math.PI * j * y / height);
                for (var x = 0; x < width; x++)
                {
                    var basis = Math.Cos(Math.PI * i * x / width) * basisY;
                    var p = (y * width + x) * 3;
                    r += basis * linear[p];
                    g += basis * linear[p + 1];
                    b += basis * linear[p + 2];
                }
            }
            var scale = (i == 0 && j == 0 ? 1.0 : 2.0) / (width * height);
            factors[j * componentsX + i] = (r * scale, g * scale, b * scale);
        }

        var hash = new System.Text.StringBuilder(LengthFor(componentsX, componentsY));
        Append(hash, componentsX - 1 + (componentsY - 1) * 9, 1);
        var ac = factors.Skip(1).SelectMany(f => new[] { Math.Abs(f.R), Math.Abs(f.G), Math.Abs(f.B) }).DefaultIfEmpty(0).Max();
        var quantisedMax = factors.Length > 1 ? (int)Math.Clamp(Math.Floor(ac * 166 - 0.5), 0, 82) : 0;
        var maximum = (quantisedMax + 1) / 166.0;
        Append(hash, quantisedMax, 1);

        var dc = factors[0];
        Append(hash, (ToSrgb(dc.R) << 16) + (ToSrgb(dc.G) << 8) + ToSrgb(dc.B), 4);
        foreach (var (r, g, b) in factors.Skip(1))
            Append(hash, Quantise(r / maximum) * 19 * 19 + Quantise(g / maximum) * 19 + Quantise(b / maximum), 2);
        return hash.ToString();
    }

    static int Quantise(double value) =>
        (int)Math.Clamp(Math.Floor(Math.Sign(value) * Math.Sqrt(Math.Abs(value)) * 9 + 9.5), 0, 18);

    static void Append(System.Text.StringBuilder hash, int value, int length)
    {
        for (var i = 1; i <= length; i++)
            hash.Append(Digits[value / (int)Math.Pow(83, length - i) % 83]);
    }

    static double ToLinear(byte value)
    {
        var v = value / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }

    static int ToSrgb(double value)
    {
        var v = Math.Clamp(value, 0, 1);
        return (int)Math.Round(v <= 0.0031308 ? v * 12.92 * 255 : (1.055 * Math.Pow(v, 1 / 2.4) - 0.055) * 255);
    }

    /// <summary>The average colour a hash carries (its DC component), as a decoder paints it first.</summary>
    public static (int R, int G, int B) AverageOf(string hash)
    {
        var value = 0;
        foreach (var c in hash.AsSpan(2, 4)) value = value * 83 + Digits.IndexOf(c);
        return (value >> 16, (value >> 8) & 255, value & 255);
    }
}
