using System.Text.RegularExpressions;

namespace MlNetHpo.Docs.Tests;

/// <summary>
/// Every C# block of the README is a compiled snippet: the block is preceded by <c>&lt;!-- snippet: Name --&gt;</c> and equals
/// the text between the <c>// &lt;snippet:Name&gt;</c> and <c>// &lt;/snippet:Name&gt;</c> markers of <c>Snippets/Name.cs</c>
/// (parts joined by a blank line, each part without its common indentation). So the README cannot drift from code that compiles.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    public static TheoryData<string> Names() => [.. Blocks().Select(b => b.Name)];

    [Fact]
    public void EveryCSharpBlockOfTheReadmeNamesItsSnippet()
    {
        var readme = File.ReadAllLines(Repository.Path("README.md"));
        var unnamed = new List<int>();
        for (var i = 0; i < readme.Length; i++)
        {
            if (readme[i].Trim() == "```csharp" && (i == 0 || !SnippetMarker().IsMatch(readme[i - 1])))
            {
                unnamed.Add(i + 1);
            }
        }

        Assert.True(unnamed.Count == 0, $"README.md lines {string.Join(", ", unnamed)}: a ```csharp block without a '<!-- snippet: Name -->' line above it.");
        Assert.Equal(Blocks().Count, Blocks().Select(b => b.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TheReadmeBlockEqualsTheCompiledSnippet(string name)
    {
        var block = Blocks().Single(b => b.Name == name).Text;
        Assert.Equal(Snippet(name), block);
    }

    /// <summary>The README's named C# blocks.</summary>
    internal static List<(string Name, string Text)> Blocks()
    {
        var readme = File.ReadAllLines(Repository.Path("README.md"));
        var blocks = new List<(string, string)>();
        for (var i = 1; i < readme.Length; i++)
        {
            var marker = SnippetMarker().Match(readme[i - 1]);
            if (readme[i].Trim() == "```csharp" && marker.Success)
            {
                var end = Array.FindIndex(readme, i + 1, l => l.Trim() == "```");
                blocks.Add((marker.Groups[1].Value, string.Join('\n', readme[(i + 1)..end])));
            }
        }

        return blocks;
    }

    /// <summary>The marked parts of Snippets/<paramref name="name"/>.cs, dedented and joined by a blank line.</summary>
    internal static string Snippet(string name)
    {
        var lines = File.ReadAllLines(Repository.Path("tests", "MlNetHpo.Docs.Tests", "Snippets", name + ".cs"));
        var parts = new List<string>();
        List<string>? part = null;
        foreach (var line in lines)
        {
            if (line.Trim() == $"// <snippet:{name}>")
            {
                part = [];
            }
            else if (line.Trim() == $"// </snippet:{name}>")
            {
                var indent = part!.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
                parts.Add(string.Join('\n', part!.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())));
                part = null;
            }
            else
            {
                part?.Add(line);
            }
        }

        Assert.True(parts.Count > 0, $"Snippets/{name}.cs has no '// <snippet:{name}>' part.");
        return string.Join("\n\n", parts);
    }

    [GeneratedRegex(@"^<!-- snippet: (\w+) -->$")]
    private static partial Regex SnippetMarker();
}
