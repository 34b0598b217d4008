namespace TorrentPS.Engine.Tests.Metainfo.Creation;

public sealed class TorrentCreationOptionsTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(8 * 1024)]
    [InlineData(48 * 1024)]
    [InlineData(128 * 1024 * 1024)]
    [InlineData(-16384)]
    public void A_piece_length_that_is_not_a_power_of_two_from_16_KiB_to_64_MiB_is_refused(int pieceLength)
    {
        var options = new TorrentCreationOptions { PieceLength = pieceLength };

        var error = Assert.Throws<TorrentCreationException>(options.Validate);

        Assert.Equal(TorrentCreationErrorKind.InvalidOption, error.Kind);
        Assert.Equal("piece length", error.Option);
        Assert.Contains(pieceLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16 * 1024)]
    [InlineData(64 * 1024 * 1024)]
    public void Automatic_and_power_of_two_piece_lengths_pass(int pieceLength)
    {
        new TorrentCreationOptions { PieceLength = pieceLength }.Validate();
    }

    [Theory]
    [InlineData("ftp://tracker.example/announce")]
    [InlineData("tracker.example:6969")]
    [InlineData("")]
    [InlineData("http://")]
    public void Trackers_must_be_http_https_or_udp_URLs(string url)
    {
        var options = new TorrentCreationOptions { Trackers = [[url]] };

        var error = Assert.Throws<TorrentCreationException>(options.Validate);

        Assert.Equal("tracker", error.Option);
        Assert.StartsWith("tracker: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Web_seeds_must_be_http_https_or_ftp_URLs()
    {
        new TorrentCreationOptions { WebSeeds = ["ftp://mirror.example/files/"] }.Validate();
        var error = Assert.Throws<TorrentCreationException>(new TorrentCreationOptions { WebSeeds = ["udp://mirror.example"] }.Validate);

        Assert.Equal("web seed", error.Option);
        Assert.Contains("udp://mirror.example", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tracker_arguments_are_tiers_and_commas_share_a_tier()
    {
        var tiers = TorrentCreationOptions.ParseTrackerTiers(["http://a/announce, udp://b:80", "", "http://c/announce"]);

        Assert.Equal([["http://a/announce", "udp://b:80"], ["http://c/announce"]], tiers.Select(t => t.ToArray()).ToArray());
        Assert.Empty(TorrentCreationOptions.ParseTrackerTiers(null));
    }

    [Fact]
    public void Created_by_names_the_module_version()
    {
        Version version = typeof(TorrentInfo).Assembly.GetName().Version!;

        Assert.Equal($"TorrentPS {version.Major}.{version.Minor}.{version.Build}", TorrentCreationOptions.DefaultCreatedBy);
        Assert.Equal(TorrentCreationOptions.DefaultCreatedBy, new TorrentCreationOptions().CreatedBy);
    }
}
