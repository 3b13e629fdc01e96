using System.Text.Json;

namespace Queues.Api.Jobs;

/// <summary>
/// A timeline event's detail as a compact JSON object. Values are numbers, booleans or short text (each text cut to
/// <see cref="MaxTextLength"/>, nulls left out), so a row stays well under <see cref="JobEvent.MaxDetailLength"/>.
/// </summary>
public static class JobEventDetail
{
    public const int MaxTextLength = 200;

    public static string Of(params (string Name, object? Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                switch (value)
                {
                    case null: continue;
                    case bool b: json.WriteBoolean(name, b); break;
                    case int i: json.WriteNumber(name, i); break;
                    case long l: json.WriteNumber(name, l); break;
                    case double d: json.WriteNumber(name, Math.Round(d, 1)); break;
                    case DateTime t: json.WriteString(name, t); break;
                    default:
                        var text = value.ToString() ?? "";
                        json.WriteString(name, text.Length > MaxTextLength ? text[..MaxTextLength] : text);
                        break;
                }
            }
            json.WriteEndObject();
        }
        var detail = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        // Escaped text can outgrow its bound; a cut object would not parse, so an oversized one says only that.
        return detail.Length <= JobEvent.MaxDetailLength ? detail : """{"truncated":true}""";
    }
}
