using System.Text;
using TorrentPS.Bencode;

namespace TorrentPS.Engine.Tests.Bencode;

public class BencodeReaderTests
{
    private static BValue Decode(string text) => BencodeDecoder.Decode(Encoding.Latin1.GetBytes(text));

    [Theory]
    [InlineData("i0e", 0L)]
    [InlineData("i42e", 42L)]
    [InlineData("i-42e", -42L)]
    [InlineData("i9223372036854775807e", long.MaxValue)]
    [InlineData("i-9223372036854775808e", long.MinValue)]
    public void Integers_decode(string text, long expected)
    {
        Assert.Equal(expected, Assert.IsType<BInteger>(Decode(text)).Value);
    }

    [Theory]
    [InlineData("i03e", "leading zero", 0)]
    [InlineData("i-0e", "negative zero", 0)]
    [InlineData("i-03e", "leading zero", 0)]
    [InlineData("ie", "no digits", 0)]
    [InlineData("i-e", "no digits", 0)]
    [InlineData("i1x2e", "non-digit", 2)]
    [InlineData("i12", "ended inside an integer", 0)]
    [InlineData("i9223372036854775808e", "64 bits", 0)]
    [InlineData("i-9223372036854775809e", "64 bits", 0)]
    [InlineData("i99999999999999999999e", "64 bits", 0)]
    [InlineData("03:abc", "leading zero", 0)]
    [InlineData("5:abc", "past the end", 0)]
    [InlineData("3x:abc", "non-digit", 1)]
    [InlineData("99999999999:a", "too large", 0)]
    [InlineData("12", "ended inside a string length", 0)]
    [InlineData("", "empty", 0)]
    [InlineData("x", "unexpected byte", 0)]
    [InlineData("-1:a", "unexpected byte", 0)]
    [InlineData("e", "'e' found", 0)]
    [InlineData("l", "ended", 1)]
    [InlineData("li1e", "ended", 4)]
    [InlineData("d3:fooe", "has no value", 6)]
    [InlineData("d4:spami1e", "input ended inside a dictionary", 10)]
    [InlineData("di1ei2ee", "not a string", 1)]
    [InlineData("d1:a1:b1:a1:ce", "duplicate dictionary key 'a'", 7)]
    [InlineData("i1ei2e", "trailing data", 3)]
    [InlineData("le1:x", "trailing data", 2)]
    public void Malformed_input_names_the_problem_and_offset(string text, string problem, long offset)
    {
        BencodeException ex = Assert.Throws<BencodeException>(() => Decode(text));
        Assert.Contains(problem, ex.Message);
        Assert.Equal(offset, ex.Offset);
        Assert.Contains($"byte {offset}", ex.Message);
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_refused()
    {
        string deep = new string('l', 200) + new string('e', 200);
        BencodeException ex = Assert.Throws<BencodeException>(() => Decode(deep));
        Assert.Contains("nesting", ex.Message);
        Assert.Equal(BencodeReader.DefaultMaxDepth, ex.Offset);

        string ok = new string('l', 100) + new string('e', 100);
        Assert.IsType<BList>(Decode(ok));
    }

    [Fact]
    public void Strings_are_bytes_sliced_from_the_input()
    {
        byte[] input = [(byte)'4', (byte)':', 0xff, 0x00, 0x41, 0x80];
        var value = Assert.IsType<BString>(BencodeDecoder.Decode(input));
        Assert.Equal(new byte[] { 0xff, 0x00, 0x41, 0x80 }, value.Bytes.ToArray());
        Assert.False(value.TryGetText(out _));
        Assert.Equal(0, value.Offset);
        Assert.Equal(input, value.RawBytes.ToArray());
    }

    [Fact]
    public void Raw_bytes_of_nested_values_are_recoverable_even_when_keys_are_unsorted()
    {
        const string text = "d4:zzzzi1e4:infod1:bi2e1:a3:xyz7:unknownle1:ci0eee";
        byte[] input = Encoding.ASCII.GetBytes(text);
        var root = Assert.IsType<BDictionary>(BencodeDecoder.Decode(input));
        var info = root.Get<BDictionary>("info")!;
        Assert.Equal("d1:bi2e1:a3:xyz7:unknownle1:ci0ee", Encoding.ASCII.GetString(info.RawBytes.Span));
        Assert.Equal(text.IndexOf("d1:b", StringComparison.Ordinal), info.Offset);

        // Re-encoding sorts the keys, which is why hashes must come from RawBytes.
        Assert.Equal("d1:a3:xyz1:bi2e1:ci0e7:unknownlee", Encoding.ASCII.GetString(info.Encode()));
    }

    [Theory]
    [InlineData("i-5e")]
    [InlineData("0:")]
    [InlineData("le")]
    [InlineData("de")]
    [InlineData("d1:ai1e1:bl1:x1:yd1:ci-1eeee")]
    [InlineData("l4:spami42ed3:bar4:eggsee")]
    public void Canonical_input_round_trips_byte_for_byte(string text)
    {
        byte[] input = Encoding.ASCII.GetBytes(text);
        Assert.Equal(input, BencodeDecoder.Decode(input).Encode());
    }

    [Fact]
    public void Pull_reader_walks_tokens_and_skips_values()
    {
        var reader = new BencodeReader(Encoding.ASCII.GetBytes("d1:ali1eli2eee1:bi7ee"));
        reader.ReadDictionaryStart();
        Assert.Equal("a", Encoding.ASCII.GetString(reader.ReadString()));
        Assert.Equal(4, reader.SkipValue());
        Assert.Equal("b", Encoding.ASCII.GetString(reader.ReadString()));
        Assert.Equal(7, reader.ReadInteger());
        reader.ReadEnd();
        Assert.True(reader.AtEnd);
        Assert.Equal(0, reader.Depth);
    }

    [Fact]
    public void DecodeFirst_reports_how_much_it_consumed()
    {
        byte[] input = Encoding.ASCII.GetBytes("d8:msg_typei1e5:piecei0eeRAWDATA");
        BValue value = BencodeDecoder.DecodeFirst(input, out int consumed);
        Assert.IsType<BDictionary>(value);
        Assert.Equal("RAWDATA", Encoding.ASCII.GetString(input, consumed, input.Length - consumed));
    }
}
