using System.Collections;
using System.Collections.Specialized;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using TorrentPS.Bencode;

namespace TorrentPS.Engine.Tests.Bencode;

public class BencodeObjectConverterTests
{
    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static object ToObject(string bencode, bool asByteArray = false)
        => BencodeObjectConverter.ToObject(BencodeDecoder.Decode(Latin1(bencode)), asByteArray);

    private static string Encode(object? value, Func<object, object?>? unwrap = null)
        => Encoding.Latin1.GetString(BencodeObjectConverter.FromObject(value, unwrap).Encode());

    [Fact]
    public void Dictionaries_become_ordered_dictionaries_in_input_order()
    {
        var result = Assert.IsType<OrderedDictionary>(ToObject("d4:name5:hello6:lengthi-42e5:filesl1:a1:bee"));

        Assert.Equal(new object[] { "name", "length", "files" }, result.Keys.Cast<object>().ToArray());
        Assert.Equal("hello", result["name"]);
        Assert.Equal(-42L, result["length"]);
        Assert.Equal(new object[] { "a", "b" }, Assert.IsType<object[]>(result["files"]));
    }

    [Fact]
    public void Keys_are_case_sensitive_like_the_bytes_they_come_from()
    {
        var result = Assert.IsType<OrderedDictionary>(ToObject("d4:Namei1e4:namei2ee"));

        Assert.Equal(1L, result["Name"]);
        Assert.Equal(2L, result["name"]);
    }

    [Fact]
    public void Byte_strings_that_are_not_utf8_stay_bytes()
    {
        var result = Assert.IsType<OrderedDictionary>(ToObject("d6:pieces3:\u00ff\u0000\u00fe4:text5:caf\u00c3\u00a9e"));

        Assert.Equal(new byte[] { 0xFF, 0x00, 0xFE }, Assert.IsType<byte[]>(result["pieces"]));
        Assert.Equal("café", result["text"]);
    }

    [Fact]
    public void AsByteArray_keeps_every_value_string_as_bytes_but_keys_as_strings()
    {
        var result = Assert.IsType<OrderedDictionary>(ToObject("d4:name2:hi4:listl1:xee", asByteArray: true));

        Assert.Equal(Encoding.ASCII.GetBytes("hi"), Assert.IsType<byte[]>(result["name"]));
        Assert.Equal(new byte[] { (byte)'x' }, Assert.IsType<byte[]>(Assert.IsType<object[]>(result["list"])[0]));
    }

    [Fact]
    public void Binary_keys_come_back_as_lowercase_hex_and_can_be_looked_up_by_info_hash()
    {
        byte[] hash = SHA1.HashData(Encoding.ASCII.GetBytes("some info dictionary"));
        hash[0] = 0xFF; // make sure it is not valid UTF-8
        byte[] reply = [.. Latin1("d5:filesd20:"), .. hash, .. Latin1("d8:completei5e10:downloadedi50e10:incompletei10eeee")];

        var files = Assert.IsType<OrderedDictionary>(Assert.IsType<OrderedDictionary>(BencodeObjectConverter.ToObject(BencodeDecoder.Decode(reply)))["files"]);

        string key = new InfoHash(hash).ToString();
        Assert.Equal(key, Assert.Single(files.Keys.Cast<string>()));
        Assert.Equal(5L, Assert.IsType<OrderedDictionary>(files[key])["complete"]);
    }

    [Theory]
    [InlineData("i0e")]
    [InlineData("i-9223372036854775808e")]
    [InlineData("0:")]
    [InlineData("le")]
    [InlineData("de")]
    [InlineData("l0:lelee")]
    [InlineData("d1:ai1e1:bl1:x3:\u00ff\u00fe\u00fdde0:e1:cd0:0:ee")]
    [InlineData("d8:announce30:http://127.0.0.1:6969/announce4:infod6:lengthi3e4:name5:a.txt12:piece lengthi16384e6:pieces20:\u00a0\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b37:privatei1eee")]
    [InlineData("d5:filesd20:\u00ff\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013d8:completei1eeee")]
    [InlineData("d2:ffi2e1:\u00c3i1ee")]
    public void Canonical_input_survives_the_round_trip_byte_for_byte(string bencode)
    {
        Assert.Equal(bencode, Encode(ToObject(bencode)));
        Assert.Equal(bencode, Encode(ToObject(bencode, asByteArray: true)));
    }

    [Fact]
    public void A_converted_dictionary_can_be_edited_and_written_back()
    {
        var torrent = Assert.IsType<OrderedDictionary>(ToObject("d7:comment3:old4:infod4:name1:xee"));

        torrent["comment"] = "new";
        torrent.Remove("info");
        torrent["created by"] = "test";

        Assert.Equal("d7:comment3:new10:created by4:teste", Encode(torrent));
    }

    [Fact]
    public void Hex_keys_are_remembered_only_by_the_dictionary_the_converter_made()
    {
        var original = Assert.IsType<OrderedDictionary>(ToObject("d1:\u00ffi1ee"));
        var copy = new OrderedDictionary();
        foreach (DictionaryEntry entry in original)
        {
            copy.Add(entry.Key, entry.Value);
        }

        Assert.Equal("d1:\u00ffi1ee", Encode(original));
        Assert.Equal("d2:ffi1ee", Encode(copy));
    }

    [Fact]
    public void A_hex_key_that_collides_with_a_text_key_is_refused()
    {
        var error = Assert.Throws<BencodeException>(() => ToObject("d2:ffi1e1:\u00ffi2ee"));

        Assert.Contains("'ff'", error.Message);
        Assert.Equal(8, error.Offset);
    }

    [Fact]
    public void Keys_are_written_sorted_by_their_utf8_bytes_not_by_utf16()
    {
        // U+FF61 sorts after the surrogate pair of U+1F600 in UTF-16, but before it in UTF-8 (EF.. < F0..).
        var dictionary = new Hashtable { ["\U0001F600"] = 1, ["\uFF61"] = 2, ["b"] = 3, ["Z"] = 4, ["a"] = 5 };

        byte[] encoded = BencodeObjectConverter.FromObject(dictionary).Encode();

        byte[] expected = [.. Encoding.UTF8.GetBytes("d1:Zi4e1:ai5e1:bi3e3:\uFF61i2e4:\U0001F600i1ee")];
        Assert.Equal(expected, encoded);
    }

    [Fact]
    public void Plain_objects_of_every_supported_kind_are_encoded()
    {
        var value = new OrderedDictionary
        {
            ["bytes"] = new byte[] { 0, 255 },
            ["char"] = 'c',
            ["false"] = false,
            ["true"] = true,
            ["int"] = 7,
            ["uint"] = 8u,
            ["short"] = (short)-9,
            ["ulong"] = 10UL,
            ["decimal"] = 11m,
            ["big"] = new BigInteger(12),
            ["byte"] = (byte)13,
            ["list"] = new List<object> { "x", 1L },
            ["memory"] = new ReadOnlyMemory<byte>([65]),
            ["text"] = "café",
        };

        string encoded = Encoding.UTF8.GetString(BencodeObjectConverter.FromObject(value).Encode());

        Assert.Equal(
            "d3:bigi12e4:bytei13e5:bytes2:\0\uFFFD4:char1:c7:decimali11e5:falsei0e3:inti7e4:listl1:xi1ee6:memory1:A5:shorti-9e4:text5:café4:truei1e4:uinti8e5:ulongi10ee",
            encoded);
    }

    [Fact]
    public void Integer_and_byte_array_keys_are_accepted()
    {
        var value = new Hashtable { [1] = "one", [new byte[] { 0xFF }] = "ff" };

        Assert.Equal("d1:13:one1:\u00ff2:ffe", Encode(value));
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Unsupported_values_are_refused_with_their_key_path(object? bad, string expectedWords)
    {
        var document = new OrderedDictionary
        {
            ["info"] = new OrderedDictionary { ["files"] = new object?[] { new OrderedDictionary { ["length"] = 1 }, new OrderedDictionary { ["length"] = bad } } },
        };

        var error = Assert.Throws<ArgumentException>(() => BencodeObjectConverter.FromObject(document));

        Assert.Contains("'info.files[1].length'", error.Message);
        Assert.Contains(expectedWords, error.Message);
    }

    public static TheoryData<object?, string> Unsupported() => new()
    {
        { 1.5, "floating-point" },
        { 2.0f, "floating-point" },
        { null, "null" },
        { new DateTime(2020, 1, 1), "Unix seconds" },
        { DateTimeOffset.UnixEpoch, "Unix seconds" },
        { ulong.MaxValue, "64 bits" },
        { 1.5m, "not a whole number" },
        { BigInteger.Pow(2, 70), "64 bits" },
        { new Uri("http://127.0.0.1/"), "System.Uri" },
    };

    [Fact]
    public void A_top_level_null_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => BencodeObjectConverter.FromObject(null));

        Assert.Contains("The value is null", error.Message);
    }

    [Fact]
    public void Unsupported_keys_are_refused_with_the_dictionary_path()
    {
        var value = new Hashtable { ["outer"] = new Hashtable { [1.5] = 1 } };

        var error = Assert.Throws<ArgumentException>(() => BencodeObjectConverter.FromObject(value));

        Assert.Contains("'outer'", error.Message);
        Assert.Contains("System.Double", error.Message);
    }

    [Fact]
    public void Two_keys_with_the_same_bytes_are_refused()
    {
        var value = new Hashtable { ["a"] = 1, [new byte[] { (byte)'a' }] = 2 };

        var error = Assert.Throws<ArgumentException>(() => BencodeObjectConverter.FromObject(value));

        Assert.Contains("'a'", error.Message);
        Assert.Contains("same bytes", error.Message);
    }

    [Fact]
    public void A_collection_that_contains_itself_is_refused_instead_of_overflowing_the_stack()
    {
        var loop = new ArrayList();
        loop.Add(loop);

        var error = Assert.Throws<ArgumentException>(() => BencodeObjectConverter.FromObject(loop));

        Assert.Contains($"{BencodeObjectConverter.MaxDepth} levels", error.Message);
    }

    [Fact]
    public void The_unwrap_delegate_is_applied_to_values_and_keys_at_every_level()
    {
        var value = new Wrapper(new Hashtable { [new Wrapper("key")] = new List<object> { new Wrapper(new Record("n", 3)) } });

        string encoded = Encode(value, Unwrap);

        Assert.Equal("d3:keyld4:name1:n4:sizei3eeee", encoded);

        static object? Unwrap(object o) => o switch
        {
            Wrapper w => Unwrap(w.Inner),
            Record r => new OrderedDictionary { ["name"] = r.Name, ["size"] = r.Size },
            _ => o,
        };
    }

    [Fact]
    public void ToObjects_decodes_documents_joined_together()
    {
        object[] values = BencodeObjectConverter.ToObjects(Latin1("i1ed1:ai2ee4:spam")).ToArray();

        Assert.Equal(3, values.Length);
        Assert.Equal(1L, values[0]);
        Assert.Equal(2L, Assert.IsType<OrderedDictionary>(values[1])["a"]);
        Assert.Equal("spam", values[2]);
    }

    [Fact]
    public void ToObjects_reports_errors_at_their_offset_in_the_whole_input()
    {
        var error = Assert.Throws<BencodeException>(() => BencodeObjectConverter.ToObjects(Latin1("i1ed1:ai2e")).ToArray());

        Assert.Equal(10, error.Offset);
        Assert.Contains("byte 10", error.Message);
    }

    [Fact]
    public void ToObjects_refuses_empty_input()
    {
        var error = Assert.Throws<BencodeException>(() => BencodeObjectConverter.ToObjects(ReadOnlyMemory<byte>.Empty));

        Assert.Contains("empty", error.Message);
    }

    private sealed record Wrapper(object Inner);

    private sealed record Record(string Name, long Size);
}
