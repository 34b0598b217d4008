using System.Text;
using TorrentPS.Bencode;

namespace TorrentPS.Engine.Tests.Bencode;

/// <summary>
/// The decoder collects every container's children on one shared stack; these cases check that siblings,
/// nested and empty containers each get exactly their own children, and that the duplicate-key check of a
/// dictionary looks only at its own keys.
/// </summary>
public sealed class BencodeDecoderNestingTests
{
    private static BValue Decode(string text) => BencodeDecoder.Decode(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void Interleaved_lists_and_dictionaries_keep_their_own_children()
    {
        var root = (BDictionary)Decode("d1:ad1:xi1e1:yle1:zdee1:bli1eli2eli3eeei4ee1:cdee");

        var a = (BDictionary)root.Get<BDictionary>("a")!;
        Assert.Equal(["x", "y", "z"], a.Keys.Select(k => k.Text));
        Assert.Equal(1, a.Get<BInteger>("x")!.Value);
        Assert.Empty(a.Get<BList>("y")!);
        Assert.Empty(a.Get<BDictionary>("z")!);

        BList b = root.Get<BList>("b")!;
        Assert.Equal(3, b.Count);
        Assert.Equal(1, ((BInteger)b[0]).Value);
        var inner = (BList)b[1];
        Assert.Equal(2, inner.Count);
        Assert.Equal(2, ((BInteger)inner[0]).Value);
        Assert.Equal(3, ((BInteger)((BList)inner[1])[0]).Value);
        Assert.Equal(4, ((BInteger)b[2]).Value);
        Assert.Empty(root.Get<BDictionary>("c")!);
        Assert.Equal(3, root.Count);
    }

    [Fact]
    public void An_inner_dictionary_may_use_its_parents_keys_even_out_of_order()
    {
        var root = (BDictionary)Decode("d1:xd1:yi1e1:xi2eee");

        BDictionary inner = root.Get<BDictionary>("x")!;
        Assert.Equal(["y", "x"], inner.Keys.Select(k => k.Text));
        Assert.Equal(2, inner.Get<BInteger>("x")!.Value);
    }

    [Fact]
    public void A_repeated_key_after_a_nested_dictionary_is_still_refused()
    {
        BencodeException error = Assert.Throws<BencodeException>(() => Decode("d1:ad1:bi1e1:ci2ee1:bi3e1:ai4ee"));

        Assert.Contains("duplicate dictionary key 'a'", error.Message);
    }

    [Fact]
    public void A_failed_decode_leaves_nothing_behind_for_the_next()
    {
        Assert.Throws<BencodeException>(() => Decode("d1:ald1:xi1eee"));

        var list = (BList)Decode("li1ei2ee");

        Assert.Equal([1L, 2L], list.Select(v => ((BInteger)v).Value));
    }
}
