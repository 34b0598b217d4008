using System.Text;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

public class PeerIdDecoderTests
{
    private static string? Decode(string prefix)
    {
        byte[] id = new byte[20];
        // Random-looking tails as real clients send them, including bytes that are not ASCII.
        for (int i = 0; i < id.Length; i++)
        {
            id[i] = (byte)(0x80 + (i * 7 % 0x7F));
        }

        Encoding.Latin1.GetBytes(prefix).CopyTo(id, 0);
        return PeerIdDecoder.Decode(id);
    }

    [Theory]
    [InlineData("-TR3000-", "Transmission 3.00")]
    [InlineData("-TR2940-", "Transmission 2.94")]
    [InlineData("-TR4060-", "Transmission 4.0.6")]
    [InlineData("-TR0072-", "Transmission 0.72")]
    [InlineData("-lt0D60-", "libtorrent (rakshasa) 0.13.6")]
    [InlineData("-LT2000-", "libtorrent-rasterbar 2.0.0.0")]
    [InlineData("-LT2080-", "libtorrent-rasterbar 2.0.8.0")]
    [InlineData("-LT20A0-", "libtorrent-rasterbar 2.0.10.0")]
    [InlineData("-qB4500-", "qBittorrent 4.5.0")]
    [InlineData("-AZ5750-", "Vuze 5.7.5.0")]
    [InlineData("-UT355B-", "µTorrent 3.5.5")]
    [InlineData("-DE13F0-", "Deluge 1.3.15")]
    [InlineData("-TP0100-", "TorrentPS 0.1.0")]
    [InlineData("-BC0200-", "BitComet 0.2.0")]
    [InlineData("-KT4130-", "KTorrent 4.1.3")]
    public void Azureus_style(string prefix, string expected) => Assert.Equal(expected, Decode(prefix));

    [Theory]
    [InlineData("A2-1-36-0-", "aria2 1.36.0")]
    [InlineData("A2-1-37-0-", "aria2 1.37.0")]
    [InlineData("A2-2-0-12-", "aria2 2.0.12")]
    public void Aria2_style(string prefix, string expected) => Assert.Equal(expected, Decode(prefix));

    [Theory]
    [InlineData("M4-4-0--", "BitTorrent (Mainline) 4.4.0")]
    [InlineData("M7-10-3-", "BitTorrent (Mainline) 7.10.3")]
    public void Mainline_style(string prefix, string expected) => Assert.Equal(expected, Decode(prefix));

    [Theory]
    [InlineData("S58B-----", "Shadow's client 5.8.11")]
    [InlineData("T03I-----", "BitTornado 0.3.18")]
    [InlineData("A310--001", "ABC 3.1.0")]
    public void Shadow_style(string prefix, string expected) => Assert.Equal(expected, Decode(prefix));

    [Theory]
    [InlineData("-ZZ1234-")] // unknown client code
    [InlineData("-TR30#0-")] // version character out of range
    [InlineData("xxxxxxxx")]
    [InlineData("Sabcdefgh")] // a letter of the Shadow table, but no dashes after a version
    [InlineData("A2-x-36-0-")]
    [InlineData("M4-4")]
    public void Anything_else_is_null(string prefix) => Assert.Null(Decode(prefix));

    [Fact]
    public void Short_ids_are_null() => Assert.Null(PeerIdDecoder.Decode("-TR30"u8));
}
