using System.Text;
using System.Text.RegularExpressions;

namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// Turns inline markdown into the plain text that help shows, the way PlatyPS 0.14 does for the parts
/// it handles correctly: emphasis markers go, backslash escapes are undone, code spans keep their
/// backticks, and a link becomes whatever the caller renders (MAML writes "text (uri)"). Unlike PlatyPS's
/// regular expressions, nothing inside a code span is taken for emphasis or a link.
/// </summary>
internal static partial class MarkdownInline
{
    private const string Escapable = @"\`*_[]()<>";

    // Private-use characters stand in for text that emphasis stripping must not touch: escaped delimiters,
    // and whole code spans and rendered links (each one character, numbered from ProtectedBase).
    private const char EscapedStar = '\uE000';
    private const char EscapedUnderscore = '\uE001';
    private const char ProtectedBase = '\uE100';
    private const int MaxProtected = 0x1000;

    public static string ToPlainText(string markdown, Func<string, string, string> renderLink)
    {
        var kept = new List<string>();
        var text = new StringBuilder(markdown.Length);

        void Protect(string value)
        {
            if (kept.Count == MaxProtected)
            {
                throw new InvalidOperationException("Too many code spans and links in one paragraph.");
            }

            text.Append((char)(ProtectedBase + kept.Count));
            kept.Add(value);
        }

        for (int i = 0; i < markdown.Length; i++)
        {
            char c = markdown[i];
            if (c == '\\' && i + 1 < markdown.Length && Escapable.Contains(markdown[i + 1], StringComparison.Ordinal))
            {
                char escaped = markdown[++i];
                text.Append(escaped switch { '*' => EscapedStar, '_' => EscapedUnderscore, _ => escaped });
            }
            else if (c == '`')
            {
                int run = RunLength(markdown, i, '`');
                int close = FindRun(markdown, i + run, '`', run);
                if (close < 0)
                {
                    text.Append('`', run);
                }
                else
                {
                    Protect(markdown[i..(close + run)]);
                }

                i = (close < 0 ? i : close) + run - 1;
            }
            else if (c == '[' && TryReadLink(markdown, i, out string linkText, out string uri, out int end))
            {
                Protect(renderLink(ToPlainText(linkText, renderLink), uri));
                i = end - 1;
            }
            else if ((c >= EscapedStar && c <= EscapedUnderscore) || (c >= ProtectedBase && c < ProtectedBase + MaxProtected))
            {
                throw new InvalidOperationException($"The private-use character U+{(int)c:X4} cannot appear in help text.");
            }
            else
            {
                text.Append(c);
            }
        }

        string plain = text.ToString();
        foreach (Regex emphasis in new[] { StrongStars(), StrongUnderscores(), EmphasisStar(), EmphasisUnderscore() })
        {
            plain = emphasis.Replace(plain, "$1");
        }

        var result = new StringBuilder(plain.Length);
        foreach (char c in plain)
        {
            if (c >= ProtectedBase && c < ProtectedBase + MaxProtected)
            {
                result.Append(kept[c - ProtectedBase]);
            }
            else
            {
                result.Append(c switch { EscapedStar => '*', EscapedUnderscore => '_', _ => c });
            }
        }

        return result.ToString();
    }

    private static int RunLength(string s, int start, char c)
    {
        int end = start;
        while (end < s.Length && s[end] == c)
        {
            end++;
        }

        return end - start;
    }

    /// <summary>The start of the next run of exactly <paramref name="length"/> characters c, or -1.</summary>
    private static int FindRun(string s, int from, char c, int length)
    {
        for (int i = from; i < s.Length; i++)
        {
            if (s[i] == c)
            {
                int run = RunLength(s, i, c);
                if (run == length)
                {
                    return i;
                }

                i += run - 1;
            }
        }

        return -1;
    }

    /// <summary>[text](uri), with balanced brackets in the text and balanced parentheses in the uri.</summary>
    private static bool TryReadLink(string s, int start, out string text, out string uri, out int end)
    {
        text = uri = string.Empty;
        end = start;
        int closeText = FindClosing(s, start, '[', ']');
        if (closeText < 0 || closeText + 1 >= s.Length || s[closeText + 1] != '(')
        {
            return false;
        }

        int closeUri = FindClosing(s, closeText + 1, '(', ')');
        if (closeUri < 0)
        {
            return false;
        }

        text = s[(start + 1)..closeText];
        uri = s[(closeText + 2)..closeUri].Trim();
        end = closeUri + 1;
        return true;
    }

    private static int FindClosing(string s, int open, char opening, char closing)
    {
        int depth = 0;
        for (int i = open; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == opening)
            {
                depth++;
            }
            else if (s[i] == closing && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"\*\*(?=\S)(.+?)(?<=\S)\*\*")]
    private static partial Regex StrongStars();

    [GeneratedRegex(@"(?<![A-Za-z0-9])__(?=\S)(.+?)(?<=\S)__(?![A-Za-z0-9])")]
    private static partial Regex StrongUnderscores();

    [GeneratedRegex(@"\*(?=\S)(.+?)(?<=\S)\*")]
    private static partial Regex EmphasisStar();

    [GeneratedRegex(@"(?<![A-Za-z0-9])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9])")]
    private static partial Regex EmphasisUnderscore();
}
