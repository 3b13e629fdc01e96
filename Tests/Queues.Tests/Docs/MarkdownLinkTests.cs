using System.Text.RegularExpressions;

namespace Queues.Tests.Docs;

/// <summary>
/// Every relative link in every Markdown file of the checkout resolves: the file (or folder) exists, and an
/// <c>#anchor</c> into a Markdown file names one of its headings by GitHub's slug rules. Docs are split and
/// moved; a link that points nowhere is found here, not by a reader.
/// </summary>
public sealed partial class MarkdownLinkTests
{
    static readonly string[] Skipped = ["bin", "obj", ".tools", "node_modules", ".artifacts", ".git", ".run"];

    [Fact]
    public void Every_relative_link_in_the_docs_resolves()
    {
        var root = FindRoot();
        var files = MarkdownFiles(root).ToList();
        files.ShouldContain(f => Path.GetFileName(f) == "README.md", "the README was not found: wrong root?");
        var broken = files.SelectMany(file => Links(File.ReadAllText(file))
                .Where(link => !Resolves(file, link))
                .Select(link => $"{Path.GetRelativePath(root, file)}: ({link})"))
            .ToList();
        broken.ShouldBeEmpty("links that point nowhere:\n" + string.Join('\n', broken));
    }

    [Theory]
    [InlineData("## 10. RabbitMQ cluster: losing the process-image leader", "10-rabbitmq-cluster-losing-the-process-image-leader")]
    [InlineData("### A RabbitMQ cluster that loses a node", "a-rabbitmq-cluster-that-loses-a-node")]
    [InlineData("## `Bus:DelayedRedelivery` and the hand-back", "busdelayedredelivery-and-the-hand-back")]
    [InlineData("## Per-job cost (issue 22, 2026-12-06)", "per-job-cost-issue-22-2026-12-06")]
    [InlineData("## See [the API](api.md) — twice", "see-the-api--twice")]
    public void Slugs_follow_GitHub(string heading, string slug) => Anchors(heading).ShouldContain(slug);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Queues.sln"))) return dir.FullName;
        throw new InvalidOperationException("Queues.sln not found above " + AppContext.BaseDirectory);
    }

    static IEnumerable<string> MarkdownFiles(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir, "*.md")) yield return file;
        foreach (var sub in Directory.EnumerateDirectories(dir).Where(d => !Skipped.Contains(Path.GetFileName(d))))
            foreach (var file in MarkdownFiles(sub)) yield return file;
    }

    /// <summary>The targets of inline links and images, and of reference definitions, outside code.</summary>
    static IEnumerable<string> Links(string markdown)
    {
        var prose = InlineCode().Replace(Fences().Replace(markdown, ""), "");
        return InlineLink().Matches(prose).Select(m => m.Groups["target"].Value)
            .Concat(ReferenceDefinition().Matches(prose).Select(m => m.Groups["target"].Value))
            .Select(t => t.Trim('<', '>'))
            .Where(t => !Scheme().IsMatch(t) && !t.StartsWith('/'))
            .Distinct();
    }

    static bool Resolves(string from, string link)
    {
        var hash = link.IndexOf('#');
        var path = hash < 0 ? link : link[..hash];
        var anchor = hash < 0 ? null : link[(hash + 1)..];
        var target = path.Length == 0 ? from : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(from)!, Uri.UnescapeDataString(path)));
        if (!File.Exists(target)) return Directory.Exists(target) && anchor is null;
        if (anchor is null || !target.EndsWith(".md")) return true;
        return Anchors(File.ReadAllText(target)).Contains(Uri.UnescapeDataString(anchor));
    }

    /// <summary>
    /// GitHub's heading ids: the heading's text, lower-cased, with every character that is not a letter, digit,
    /// space, hyphen or underscore removed and each space made a hyphen; a repeated slug gets -1, -2, …
    /// Explicit <c>id</c>/<c>name</c> attributes of HTML tags count too.
    /// </summary>
    static HashSet<string> Anchors(string markdown)
    {
        var seen = new Dictionary<string, int>();
        var anchors = new HashSet<string>();
        foreach (Match heading in Heading().Matches(Fences().Replace(markdown, "")))
        {
            var text = LinkText().Replace(heading.Groups["text"].Value.Trim().TrimEnd('#').Trim(), "$1");
            var slug = NotSlug().Replace(text.ToLowerInvariant(), "").Replace(' ', '-');
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }
        foreach (Match id in HtmlId().Matches(markdown)) anchors.Add(id.Groups["id"].Value);
        return anchors;
    }

    [GeneratedRegex(@"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Fences();

    [GeneratedRegex(@"(`+)[^\n]*?\1")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target>[^\s)]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s*(?<target>\S+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]+(?<text>[^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkText();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\p{Mn}\p{Pc} _-]")]
    private static partial Regex NotSlug();

    [GeneratedRegex(@"<[a-zA-Z][^>]*\s(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex HtmlId();
}
