using System.Globalization;

namespace Queues.Imaging;

public static partial class OperationParser
{
    /// <summary>An operation's arguments: positional in order, and key=value by name.</summary>
    internal sealed record Arguments(IReadOnlyList<string> Positional, IReadOnlyDictionary<string, string> Named)
    {
        public static Arguments From(IEnumerable<string> parts)
        {
            var positional = new List<string>();
            var named = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var part in parts)
            {
                var eq = part.IndexOf('=');
                if (eq > 0) named[part[..eq].Trim()] = part[(eq + 1)..].Trim();
                else if (part.Length > 0) positional.Add(part);
            }
            return new Arguments(positional, named);
        }

        /// <summary>A flag given bare (<c>:enlarge</c>) or as <c>enlarge=true|false</c>.</summary>
        public bool Switch(string name) =>
            Positional.Any(p => p.Equals(name, StringComparison.OrdinalIgnoreCase))
            || (Named.TryGetValue(name, out var v) && (bool.TryParse(v, out var on) ? on : throw new FormatException($"{name} must be true or false")));

        public Arguments Without(string name) =>
            new(Positional.Where(p => !p.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList(),
                Named.Where(n => !n.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).ToDictionary(StringComparer.OrdinalIgnoreCase));

        public T None<T>(T operation) =>
            Positional.Count == 0 && Named.Count == 0 ? operation : throw new FormatException("takes no parameters");

        public string Text(string name, int position, string fallback) =>
            Named.TryGetValue(name, out var v) ? v : position >= 0 && Positional.Count > position ? Positional[position] : fallback;

        public double Number(string name, int position, double fallback, double min, double max)
        {
            var text = Text(name, position, "");
            if (text.Length == 0) return fallback;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new FormatException($"{name} must be a number, got '{text}'");
            // TryParse takes "NaN" and "Infinity", and NaN fails every comparison: without this it passes the range check.
            if (!double.IsFinite(value) || value < min || value > max)
                throw new FormatException($"{name} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
            return value;
        }
    }
}
