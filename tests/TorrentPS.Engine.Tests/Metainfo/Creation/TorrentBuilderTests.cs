using TorrentPS.Bencode;
using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Metainfo.Creation;

public sealed class TorrentBuilderTests : IDisposable
{
    private const int PieceLength = 16 * 1024;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(0)]
    public async Task Piece_hashes_are_the_SHA1_of_the_files_laid_end_to_end(int parallelism)
    {
        string album = CreationContent.Album(_folder.Path);

        BuiltTorrent built = await TorrentBuilder.CreateAsync(album, new TorrentCreationOptions { PieceLength = PieceLength, Parallelism = parallelism });

        byte[][] expected = CreationContent.ExpectedPieceHashes(built.Content.Files.Select(f => f.FullPath), PieceLength);
        Assert.Equal(expected.Length, built.Torrent.PieceCount);
        Assert.Equal(expected, built.Torrent.PieceHashes.Select(h => h.ToArray()));
        Assert.Equal(built.Content.Files.Select(f => (f.Path, f.Length)), built.Torrent.Files.Select(f => (f.Path, f.Length)));
    }

    [Fact]
    public async Task Everything_asked_for_is_in_the_torrent_and_reads_back()
    {
        string album = CreationContent.Album(_folder.Path);
        var date = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var options = new TorrentCreationOptions
        {
            Trackers = [["http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969"], ["http://[::1]:6969/announce"]],
            WebSeeds = ["http://127.0.0.1:8080/files/", "https://mirror.example/files/"],
            IsPrivate = true,
            Comment = "a comment ✓",
            Source = "TPS",
            CreationDate = date,
            PieceLength = PieceLength,
        };

        BuiltTorrent built = await TorrentBuilder.CreateAsync(album, options);
        TorrentInfo torrent = built.Torrent;

        Assert.Equal("album", torrent.Name);
        Assert.True(torrent.IsMultiFile);
        Assert.True(torrent.IsPrivate);
        Assert.Equal(options.Trackers.Select(t => t.ToArray()), torrent.Trackers.Select(t => t.ToArray()));
        Assert.Equal(options.WebSeeds, torrent.WebSeeds);
        Assert.Equal("a comment ✓", torrent.Comment);
        Assert.Equal(TorrentCreationOptions.DefaultCreatedBy, torrent.CreatedBy);
        Assert.Equal(date, torrent.CreationDate);
        Assert.Equal(PieceLength, torrent.PieceLength);
        Assert.Empty(torrent.Warnings);

        var top = (BDictionary)BencodeDecoder.Decode(built.GetBytes());
        Assert.Equal("http://127.0.0.1:6969/announce", top.Get<BString>("announce")!.Text);
        var info = top.Get<BDictionary>("info")!;
        Assert.Equal(["files", "name", "piece length", "pieces", "private", "source"], info.Keys.Select(k => k.Text));
        Assert.Equal("TPS", info.Get<BString>("source")!.Text);
        Assert.Equal(1, info.Get<BInteger>("private")!.Value);
        Assert.Equal(torrent.InfoHash, InfoHash.Compute(torrent.GetMetadata()));
    }

    [Fact]
    public async Task One_tracker_is_announce_alone_and_a_single_file_has_length_and_no_files()
    {
        string file = CreationContent.Write(_folder.Path, "one.bin", 50_000);

        BuiltTorrent built = await TorrentBuilder.CreateAsync(file, new TorrentCreationOptions { Trackers = [["http://127.0.0.1:6969/announce"]], WebSeeds = ["http://127.0.0.1/one.bin"], OmitCreationDate = true, CreatedBy = null });

        var top = (BDictionary)BencodeDecoder.Decode(built.GetBytes());
        Assert.Equal(["announce", "info", "url-list"], top.Keys.Select(k => k.Text));
        Assert.Equal("http://127.0.0.1/one.bin", top.Get<BString>("url-list")!.Text);
        Assert.Equal(["length", "name", "piece length", "pieces"], top.Get<BDictionary>("info")!.Keys.Select(k => k.Text));
        Assert.False(built.Torrent.IsMultiFile);
        Assert.Equal("one.bin", Assert.Single(built.Torrent.Files).Path);
        Assert.Null(built.Torrent.CreationDate);
        Assert.Null(built.Torrent.CreatedBy);
    }

    [Fact]
    public async Task Only_what_identifies_the_content_changes_the_info_hash()
    {
        string album = CreationContent.Album(_folder.Path);
        var plain = new TorrentCreationOptions { PieceLength = PieceLength };

        InfoHash baseline = (await TorrentBuilder.CreateAsync(album, plain)).InfoHash;
        InfoHash decorated = (await TorrentBuilder.CreateAsync(album, new TorrentCreationOptions
        {
            PieceLength = PieceLength, Trackers = [["http://a.example/announce"]], Comment = "c", WebSeeds = ["http://w.example/"], Parallelism = 2,
        })).InfoHash;
        InfoHash asPrivate = (await TorrentBuilder.CreateAsync(album, new TorrentCreationOptions { PieceLength = PieceLength, IsPrivate = true })).InfoHash;
        InfoHash withSource = (await TorrentBuilder.CreateAsync(album, new TorrentCreationOptions { PieceLength = PieceLength, Source = "X" })).InfoHash;
        InfoHash otherPieces = (await TorrentBuilder.CreateAsync(album, new TorrentCreationOptions { PieceLength = 2 * PieceLength })).InfoHash;

        Assert.Equal(baseline, decorated);
        Assert.Equal(4, new[] { baseline, asPrivate, withSource, otherPieces }.Distinct().Count());
    }

    [Fact]
    public async Task Automatic_piece_length_follows_the_content_size()
    {
        string file = CreationContent.Write(_folder.Path, "big.bin", (16 * 1024 * 2000) + 1);

        BuiltTorrent built = await TorrentBuilder.CreateAsync(file);

        Assert.Equal(32 * 1024, built.Torrent.PieceLength);
        Assert.Equal(1001, built.Torrent.PieceCount);
    }

    [Fact]
    public async Task The_data_it_describes_checks_complete_and_a_flipped_byte_is_one_bad_piece_of_that_file()
    {
        string album = CreationContent.Album(_folder.Path);
        BuiltTorrent built = await TorrentBuilder.CreateAsync(album, new TorrentCreationOptions { PieceLength = PieceLength });

        DataCheckResult good = await DataChecker.CheckAsync(built.Torrent, _folder.Path);
        CreationContent.FlipByte(Path.Combine(album, "b.bin"), 39_000);
        DataCheckResult bad = await DataChecker.CheckAsync(built.Torrent, _folder.Path);

        Assert.True(good.IsComplete, good.ToString());
        Assert.Equal((1, 0), (bad.PiecesBad, bad.PiecesMissing));
        TorrentFileCheck damaged = Assert.Single(bad.Files, f => !f.IsComplete);
        Assert.Equal("album/b.bin", damaged.Path);
    }

    [Fact]
    public async Task Progress_goes_forward_and_ends_with_every_piece_hashed()
    {
        string file = CreationContent.Write(_folder.Path, "progress.bin", 300 * PieceLength);
        var reports = new List<TorrentHashProgress>();
        var progress = new SynchronousProgress<TorrentHashProgress>(reports.Add);

        BuiltTorrent built = await TorrentBuilder.CreateAsync(file, new TorrentCreationOptions { PieceLength = PieceLength, Parallelism = 2 }, progress);

        Assert.True(reports.Count >= 2, $"{reports.Count} report(s)");
        Assert.Equal(reports.Select(r => r.PiecesHashed).Order(), reports.Select(r => r.PiecesHashed));
        TorrentHashProgress last = reports[^1];
        Assert.Equal((300, 300, 300L * PieceLength, 100.0), (last.PiecesHashed, last.PieceCount, last.BytesHashed, last.PercentComplete));
        Assert.Null(last.CurrentFile);
        Assert.Contains(reports, r => r.CurrentFile == "progress.bin");
        Assert.Equal("progress.bin", built.Torrent.Name);
    }

    [Fact]
    public async Task A_cancelled_token_stops_it()
    {
        string album = CreationContent.Album(_folder.Path);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TorrentBuilder.CreateAsync(album, null, null, cancelled.Token));
    }

    [Fact]
    public async Task Cancelling_while_hashing_stops_it()
    {
        string file = CreationContent.Write(_folder.Path, "cancel.bin", 400 * PieceLength);
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<TorrentHashProgress>(p =>
        {
            if (p.PiecesHashed > 0)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TorrentBuilder.CreateAsync(file, new TorrentCreationOptions { PieceLength = PieceLength, Parallelism = 1 }, progress, cancellation.Token));
    }

    [Fact]
    public async Task Bad_options_fail_before_anything_is_read()
    {
        var error = await Assert.ThrowsAsync<TorrentCreationException>(() =>
            TorrentBuilder.CreateAsync(_folder.Combine("missing"), new TorrentCreationOptions { PieceLength = 1000 }));

        Assert.Equal("piece length", error.Option);
    }

    [Fact]
    public async Task Save_writes_a_file_that_loads_as_the_same_torrent()
    {
        string file = CreationContent.Write(_folder.Path, "saved.bin", 20_000);
        BuiltTorrent built = await TorrentBuilder.CreateAsync(file);
        string output = _folder.Combine("out", "saved.torrent");

        built.Save(output);

        TorrentInfo loaded = TorrentInfo.LoadFile(output);
        Assert.Equal(built.InfoHash, loaded.InfoHash);
        Assert.Equal(built.GetBytes(), File.ReadAllBytes(output));
        Assert.Equal(output, built.LoadAs(output).Source);
    }

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool and lose the order).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly object _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
