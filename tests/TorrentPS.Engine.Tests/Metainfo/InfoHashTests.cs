namespace TorrentPS.Engine.Tests.Metainfo;

public class InfoHashTests
{
    [Fact]
    public void Hex_and_base32_forms_round_trip()
    {
        byte[] bytes = Enumerable.Range(1, 20).Select(i => (byte)(i * 13)).ToArray();
        var hash = new InfoHash(bytes);
        Assert.Equal(Convert.ToHexStringLower(bytes), hash.ToString());
        Assert.Equal(hash, InfoHash.Parse(hash.ToString().ToUpperInvariant()));
        Assert.Equal(hash, InfoHash.Parse(hash.ToBase32()));
        Assert.Equal(bytes, hash.ToArray());
        Assert.Equal(32, hash.ToBase32().Length);
    }

    [Fact]
    public void Base32_matches_the_rfc4648_encoding()
    {
        byte[] bytes = System.Security.Cryptography.SHA1.HashData("abc"u8);
        // RFC 4648 base32 of SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d
        Assert.Equal("VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", new InfoHash(bytes).ToBase32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("g12fe1c06bba254a9dc9f519b335aa7c1367a88a")]
    [InlineData("VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE1")]
    public void Bad_text_is_not_a_hash(string text)
    {
        Assert.False(InfoHash.TryParse(text, out _));
        Assert.Throws<FormatException>(() => InfoHash.Parse(text));
    }

    [Fact]
    public void Equality_and_ordering_follow_the_bytes()
    {
        InfoHash a = InfoHash.Parse(new string('0', 39) + "1");
        InfoHash b = InfoHash.Parse(new string('0', 39) + "2");
        Assert.True(a.CompareTo(b) < 0);
        Assert.True(b.CompareTo(a) > 0);
        Assert.NotEqual(a, b);
        Assert.Equal(a, InfoHash.Parse(a.ToString()));
        Assert.Equal(a.GetHashCode(), InfoHash.Parse(a.ToString()).GetHashCode());
        Assert.Throws<ArgumentException>(() => new InfoHash(new byte[19]));
    }
}
