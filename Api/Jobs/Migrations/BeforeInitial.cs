using System.Text.RegularExpressions;

namespace Queues.Api.Jobs.Migrations;

/// <summary>
/// The migrations that made the schema before they were squashed into <c>Initial</c>, as SQL: one step per old
/// migration, in order, from <c>BeforeInitial.sql</c> beside each provider's <c>Initial</c> (embedded in the Api).
/// </summary>
public static partial class BeforeInitial
{
    public sealed record Step(string MigrationId, string Sql);

    /// <summary>The whole script, as <c>dotnet ef migrations script</c> wrote it for the old chain.</summary>
    public static string Script(DatabaseProvider provider)
    {
        var name = $"{typeof(BeforeInitial).Namespace}.{provider}.BeforeInitial.sql";
        using var stream = typeof(BeforeInitial).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in the Api");
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>Each old migration's statements, without the transaction and history lines the script wraps them in.</summary>
    public static IReadOnlyList<Step> Steps(DatabaseProvider provider) =>
        [.. StepPattern().Matches(Script(provider)).Select(m => new Step(m.Groups["id"].Value, m.Groups["sql"].Value.Trim()))];

    [GeneratedRegex("""
        (?:BEGIN|START) TRANSACTION;(?<sql>.*?)INSERT INTO "__EFMigrationsHistory" \("MigrationId", "ProductVersion"\)\s*VALUES \('(?<id>[^']+)', '[^']+'\);\s*COMMIT;
        """, RegexOptions.Singleline)]
    private static partial Regex StepPattern();
}
