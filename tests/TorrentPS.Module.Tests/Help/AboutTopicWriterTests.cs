namespace TorrentPS.Module.Tests.Help;

/// <summary>about_ pages as plain-text topics: PlatyPS 0.14's simple layout, wrapped to 80 columns.</summary>
public class AboutTopicWriterTests
{
    private static string Write(string markdown) => AboutTopicWriter.Write(PlatyPSDocument.Parse(markdown, "/docs/about_Things.md"));

    [Fact]
    public void Writes_the_topic_headings_wrapped_text_lists_and_code()
    {
        string text = Write("""
            # about_Things

            ## Short description
            Things for “PowerShell” — briefly.

            ## LONG DESCRIPTION
            A paragraph long enough that it has to be wrapped, because an about topic is read in a console that is eighty columns wide.

            - A list item that is long enough to wrap, so its second line lines up under its own text, not the dash.
            - A **short** one, see [the spec](https://example.org/spec) and [a page](Other.md).

            ## EXAMPLES

            ### Count the things
            ```powershell
            Get-Thing |
                Measure-Object
            ```
            """);

        Assert.Equal(
            """
            TOPIC
                about_Things

            SHORT DESCRIPTION
                Things for "PowerShell" - briefly.

            LONG DESCRIPTION
                A paragraph long enough that it has to be wrapped, because an about topic is
                read in a console that is eighty columns wide.

                - A list item that is long enough to wrap, so its second line lines up under
                  its own text, not the dash.
                - A short one, see the spec (https://example.org/spec) and a page.

            EXAMPLES
            Count the things
                Get-Thing |
                    Measure-Object

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            text);
    }

    [Fact]
    public void A_word_longer_than_a_line_gets_a_line_of_its_own()
    {
        string word = new('x', 90);
        Assert.Equal(["    short", "    " + word, "    end"], AboutTopicWriter.Wrap($"short {word} end", "    ", "    "));
    }

    [Fact]
    public void The_title_must_be_the_topic_name()
    {
        var refused = Assert.Throws<HelpSourceException>(() => Write("# Things\n\n## SHORT DESCRIPTION\nThings.\n"));
        Assert.Contains("about_Something", refused.Message, StringComparison.Ordinal);
    }
}
