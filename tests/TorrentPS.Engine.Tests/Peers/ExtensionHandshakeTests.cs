using System.Text;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

public sealed class ExtensionHandshakeTests
{
    private static ReadOnlyMemory<byte> Bytes(string bencoded) => Encoding.UTF8.GetBytes(bencoded);

    [Fact]
    public void Ours_is_a_canonical_dictionary_with_an_empty_m_and_what_was_given()
    {
        var handshake = new ExtensionHandshake(listenPort: 6881, client: "TorrentPS 0.1.0", maxRequests: 2000);

        Assert.Equal("d1:mde1:pi6881e4:reqqi2000e1:v15:TorrentPS 0.1.0e", Encoding.UTF8.GetString(handshake.Encode()));
        Assert.Equal("d1:mdee", Encoding.UTF8.GetString(new ExtensionHandshake().Encode()));
        var messages = new Dictionary<string, byte> { ["ut_pex"] = 2, ["ut_metadata"] = 1 };
        Assert.Equal("d1:md11:ut_metadatai1e6:ut_pexi2eee", Encoding.UTF8.GetString(new ExtensionHandshake(messages).Encode()));
    }

    [Fact]
    public void A_libtorrent_handshake_is_read_and_what_we_do_not_know_is_skipped()
    {
        ExtensionHandshake handshake = ExtensionHandshake.Parse(Bytes(
            "d12:complete_agoi-1e1:md11:lt_donthavei7e11:ut_metadatai2e6:ut_pexi1e7:bad_ids3:one9:too_largei300ee"
            + "13:metadata_sizei31235e1:pi51413e4:reqqi2000e1:v18:libtorrent 2.0.8.06:yourip4:\u007f\0\0\u0001e"));

        Assert.Equal(new Dictionary<string, byte> { ["lt_donthave"] = 7, ["ut_metadata"] = 2, ["ut_pex"] = 1 }, handshake.Messages);
        Assert.Equal(51413, handshake.ListenPort);
        Assert.Equal(2000, handshake.MaxRequests);
        Assert.Equal("libtorrent 2.0.8.0", handshake.Client);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("d1:m3:abc1:pi0e4:reqqi0e1:vi5ee")]
    [InlineData("d1:pi65536e4:reqqi-3e1:vle1:mlee")]
    public void Missing_or_unusable_fields_are_left_unset(string bencoded)
    {
        ExtensionHandshake handshake = ExtensionHandshake.Parse(Bytes(bencoded));

        Assert.Empty(handshake.Messages);
        Assert.Null(handshake.ListenPort);
        Assert.Null(handshake.MaxRequests);
        Assert.Null(handshake.Client);
    }

    [Theory]
    [InlineData("")]
    [InlineData("li1ee")]
    [InlineData("d1:m")]
    [InlineData("d1:mdee1:x")]
    public void Something_that_is_not_a_bencoded_dictionary_is_a_protocol_error(string bencoded)
    {
        var error = Assert.Throws<PeerProtocolException>(() => ExtensionHandshake.Parse(Bytes(bencoded)));

        Assert.Equal(PeerProtocolError.BadExtensionHandshake, error.Error);
    }

    [Fact]
    public void A_later_handshake_adds_and_removes_messages_and_replaces_the_fields_it_carries()
    {
        ExtensionHandshake first = ExtensionHandshake.Parse(Bytes("d1:md11:ut_metadatai2e6:ut_pexi1ee1:pi6881e4:reqqi250e1:v3:Fooe"));
        ExtensionHandshake later = ExtensionHandshake.Parse(Bytes("d1:md6:ut_pexi0e11:upload_onlyi3ee4:reqqi500ee"));

        ExtensionHandshake merged = first.Update(later);

        Assert.Equal(new Dictionary<string, byte> { ["ut_metadata"] = 2, ["upload_only"] = 3 }, merged.Messages);
        Assert.Equal(500, merged.MaxRequests);
        Assert.Equal(6881, merged.ListenPort);
        Assert.Equal("Foo", merged.Client);
        Assert.Equal("m: {upload_only: 3, ut_metadata: 2}, p: 6881, reqq: 500, v: Foo", merged.ToString());
    }

    [Fact]
    public void What_we_send_is_checked()
    {
        Assert.Throws<ArgumentException>(() => new ExtensionHandshake(new Dictionary<string, byte> { ["ut_pex"] = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExtensionHandshake(listenPort: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExtensionHandshake(listenPort: 65536));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExtensionHandshake(maxRequests: 0));
    }
}
