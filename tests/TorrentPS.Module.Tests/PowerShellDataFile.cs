using System.Globalization;
using System.Text;

namespace TorrentPS.Module.Tests;

/// <summary>
/// Reads the subset of PowerShell data-file syntax that module manifests use: hashtables @{ k = v },
/// arrays @( ... ) with newline or comma separators, single- and double-quoted strings without
/// expressions, numbers, $true/$false, and # comments. Enough to check TorrentPS.psd1 without PowerShell.
/// </summary>
internal sealed class PowerShellDataFile
{
    private readonly string _text;
    private int _pos;

    private PowerShellDataFile(string text) => _text = text;

    public static Dictionary<string, object?> Parse(string text)
    {
        var parser = new PowerShellDataFile(text);
        parser.SkipSpace();
        var result = parser.ReadHashtable();
        parser.SkipSpace();
        if (parser._pos != text.Length)
        {
            throw parser.Error("text after the top-level hashtable");
        }

        return result;
    }

    public static Dictionary<string, object?> Load(string path) => Parse(File.ReadAllText(path));

    private object? ReadValue()
    {
        SkipSpace();
        if (Peek("@{"))
        {
            return ReadHashtable();
        }

        if (Peek("@("))
        {
            return ReadArray();
        }

        if (Peek("'") || Peek("\""))
        {
            string first = ReadString();
            SkipInlineSpace();
            if (!Peek(","))
            {
                return first;
            }

            // A bare comma list: 'a', 'b'
            var items = new List<object?> { first };
            while (Peek(","))
            {
                _pos++;
                items.Add(ReadValue());
                SkipInlineSpace();
            }

            return items.ToArray();
        }

        if (Peek("$true") || Peek("$false"))
        {
            bool value = Peek("$true");
            _pos += value ? 5 : 6;
            return value;
        }

        int start = _pos;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.' || _text[_pos] == '-'))
        {
            _pos++;
        }

        if (_pos > start)
        {
            return decimal.Parse(_text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture);
        }

        throw Error("a value");
    }

    private Dictionary<string, object?> ReadHashtable()
    {
        Expect("@{");
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipSpace(alsoSeparators: true);
            if (Peek("}"))
            {
                _pos++;
                return result;
            }

            string key = Peek("'") || Peek("\"") ? ReadString() : ReadBareWord();
            SkipInlineSpace();
            Expect("=");
            if (!result.TryAdd(key, ReadValue()))
            {
                throw Error($"a key other than the repeated '{key}'");
            }
        }
    }

    private object?[] ReadArray()
    {
        Expect("@(");
        var items = new List<object?>();
        while (true)
        {
            SkipSpace(alsoSeparators: true);
            if (Peek(")"))
            {
                _pos++;
                return items.ToArray();
            }

            // @( ) flattens what it holds, as PowerShell's array subexpression does.
            object? value = ReadValue();
            if (value is object?[] list)
            {
                items.AddRange(list);
            }
            else
            {
                items.Add(value);
            }
        }
    }

    private string ReadString()
    {
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("the end of a string");
            }

            char c = _text[_pos++];
            if (c == quote)
            {
                if (_pos < _text.Length && _text[_pos] == quote)
                {
                    sb.Append(quote);
                    _pos++;
                    continue;
                }

                return sb.ToString();
            }

            if (quote == '"' && (c == '$' || c == '`'))
            {
                throw Error("a double-quoted string without expressions or escapes");
            }

            sb.Append(c);
        }
    }

    private string ReadBareWord()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        return _pos > start ? _text[start.._pos] : throw Error("a key");
    }

    private void SkipSpace(bool alsoSeparators = false)
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (char.IsWhiteSpace(c) || (alsoSeparators && (c == ';' || c == ',')))
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private void SkipInlineSpace()
    {
        while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t'))
        {
            _pos++;
        }
    }

    private bool Peek(string token) => string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;

    private void Expect(string token)
    {
        SkipSpace();
        if (!Peek(token))
        {
            throw Error($"'{token}'");
        }

        _pos += token.Length;
    }

    private FormatException Error(string expected)
    {
        int line = _text.Take(_pos).Count(c => c == '\n') + 1;
        return new FormatException($"Manifest line {line}: expected {expected}.");
    }
}
