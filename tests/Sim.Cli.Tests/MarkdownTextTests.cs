namespace Sim.Cli.Tests;

public class MarkdownTextTests
{
    [Theory]
    [InlineData("plain text, 95 % CI", "plain text, 95 % CI")]
    [InlineData("<b>bold</b> & co", "&lt;b&gt;bold&lt;/b&gt; &amp; co")]
    [InlineData("a | b", "a \\| b")]
    [InlineData("line one\n# two\n\n| x |", "line one # two \\| x \\|")]
    [InlineData("# heading", "\\# heading")]
    [InlineData("- item", "\\- item")]
    [InlineData("[link](x) `code` *em* back\\slash", "\\[link\\](x) \\`code\\` \\*em\\* back\\\\slash")]
    [InlineData("load-balancer", "load-balancer")]
    public void Escape_ShowsTheTextAsWritten_NotAsMarkup(string text, string expected)
        => Assert.Equal(expected, MarkdownText.Escape(text));

    [Theory]
    [InlineData("four|workers")]
    [InlineData("<script>alert(1)</script> & \\ [x] `y` *z*")]
    [InlineData("&lt; literally")]
    public void ACell_ReadsBackAsTheTextItWasWrittenFrom(string text)
    {
        string row = $"| {MarkdownText.Escape(text)} | 1.5 ± 0.2 |";
        Assert.Equal([text, "1.5 ± 0.2"], MarkdownText.Cells(row));
    }

    [Fact]
    public void LinkPath_EncodesEachSegment()
        => Assert.Equal("four%7Cworkers/dashboard.png", MarkdownText.LinkPath("four|workers/dashboard.png"));
}
