using System.Text.RegularExpressions;

namespace Queues.Imaging;

/// <summary>One named output and its plan.</summary>
public sealed record NamedPlan(string Name, OperationPlan Plan);

/// <summary>
/// Reads the repeated form field <c>rendition</c>: <c>NAME=OPERATIONS</c>, the first '=' separating them (operations
/// use '=' for their own parameters), e.g. <c>thumb=resize:320x320</c> and <c>card=resize:800x600:cover,format:webp</c>.
/// </summary>
public static partial class RenditionParser
{
    public const int MaxRenditions = 10;

    public const string Allowed =
        $"rendition=NAME=OPERATIONS, repeated up to 10 times; NAME is 1 to 32 of a-z, 0-9 and '-', unique per upload; "
        + "OPERATIONS as in 'operations' and not empty, e.g. rendition=thumb=resize:320x320 and rendition=card=resize:800x600:cover,format:webp";

    public static bool TryParse(IReadOnlyList<string> fields, out IReadOnlyList<NamedPlan> renditions, out string error)
    {
        renditions = [];
        var errors = new List<string>();
        if (fields.Count > MaxRenditions) errors.Add($"at most {MaxRenditions} renditions are allowed, got {fields.Count}");
        var parsed = new List<NamedPlan>();
        foreach (var field in fields.Take(MaxRenditions))
        {
            var eq = field.IndexOf('=');
            var name = (eq < 0 ? field : field[..eq]).Trim();
            var operations = eq < 0 ? "" : field[(eq + 1)..].Trim();
            if (!NamePattern().IsMatch(name)) errors.Add($"'{Shorten(name)}' is not a rendition name (1 to 32 of a-z, 0-9 and '-')");
            else if (parsed.Any(p => p.Name == name)) errors.Add($"the name '{name}' is used twice");
            if (operations.Length == 0) { errors.Add($"rendition '{Shorten(name)}' has no operations"); continue; }
            if (!OperationParser.TryParse(operations.Split(',', '\n'), null, out var plan, out var planError))
                errors.Add($"rendition '{Shorten(name)}': {planError[..planError.IndexOf(". Allowed: ", StringComparison.Ordinal)]}");
            else parsed.Add(new(name, plan));
        }
        if (errors.Count > 0)
        {
            error = string.Join("; ", errors) + ".";
            return false;
        }
        renditions = parsed;
        error = "";
        return true;
    }

    static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex NamePattern();
}
