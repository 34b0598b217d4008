using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Storage;

public sealed class DataCheckerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// 1000-byte pieces: a = pieces 0-2 (piece 2 ends in padding), b = 3-5, c = 6, empty, d = 7-8 (piece 8 is 700 bytes).
    /// </summary>
    private static StorageTestTorrent Torrent() => StorageTestTorrent.MultiFile(
        1000, 21, new("a", 2500), TestFileSpec.Pad(500), new("b", 3000), new("c", 1000), new("empty", 0), new("d", 1700));

    [Fact]
    public async Task Complete_data_is_all_good_per_piece_and_per_file()
    {
        StorageTestTorrent torrent = Torrent();
        torrent.WriteAllFiles(_folder.Path);

        DataCheckResult result = await DataChecker.CheckAsync(torrent.Info, _folder.Path);

        Assert.True(result.IsComplete);
        Assert.True(result.VerifiedPieces.IsFull);
        Assert.Equal((9, 9, 0, 0), (result.PieceCount, result.PiecesGood, result.PiecesBad, result.PiecesMissing));
        Assert.Equal(torrent.Info.TotalSize, result.BytesVerified);
        string[] paths = ["root/a", "root/b", "root/c", "root/empty", "root/d"];
        Assert.Equal(paths, result.Files.Select(f => f.Path));
        Assert.All(result.Files, f => Assert.True(f.IsComplete, f.ToString()));
        Assert.Equal("root/a: complete", result.Files[0].ToString());
        Assert.Equal(_folder.Path, result.Destination);
    }

    [Fact]
    public async Task A_flipped_byte_a_truncated_file_and_a_deleted_file_are_found_per_piece_and_per_file()
    {
        StorageTestTorrent torrent = Torrent();
        torrent.WriteAllFiles(_folder.Path);
        FlipByte(_folder.Combine("root", "b"), 1500);                     // piece 4
        File.Delete(_folder.Combine("root", "c"));                          // piece 6
        using (var d = new FileStream(_folder.Combine("root", "d"), FileMode.Open))
        {
            d.SetLength(1000);                                              // piece 8
        }

        DataCheckResult result = await DataChecker.CheckAsync(torrent.Info, _folder.Path, parallelism: 2);

        PieceCheckState[] expected =
        [
            PieceCheckState.Good, PieceCheckState.Good, PieceCheckState.Good,
            PieceCheckState.Good, PieceCheckState.Bad, PieceCheckState.Good,
            PieceCheckState.Missing,
            PieceCheckState.Good, PieceCheckState.Missing,
        ];
        Assert.Equal(expected, Enumerable.Range(0, 9).Select(result.GetPieceState));
        Assert.Equal((6, 1, 2), (result.PiecesGood, result.PiecesBad, result.PiecesMissing));
        int[] verified = [0, 1, 2, 3, 5, 7];
        Assert.Equal(verified, result.VerifiedPieces.GetPieces());
        Assert.False(result.IsComplete);
        Assert.Equal("root: 6/9 pieces good, 1 bad, 2 missing", result.ToString());

        var files = result.Files.ToDictionary(f => f.Path);
        Assert.Equal((3, 3, 0, 0, true), Summary(files["root/a"]));
        Assert.Equal((3, 2, 1, 0, false), Summary(files["root/b"]));
        Assert.Equal((1, 0, 0, 1, false), Summary(files["root/c"]));
        Assert.Equal((0, 0, 0, 0, true), Summary(files["root/empty"]));
        Assert.Equal((2, 1, 0, 1, false), Summary(files["root/d"]));
        Assert.False(files["root/c"].Exists);
        Assert.Equal("root/c: missing", files["root/c"].ToString());
        Assert.Equal(1000, files["root/d"].SizeOnDisk);
        Assert.Equal(1700, files["root/d"].Length);
        Assert.Equal(_folder.Combine("root", "d"), files["root/d"].FullPath);
    }

    [Fact]
    public async Task A_missing_file_leaves_the_piece_it_shares_with_a_neighbour_unverifiable()
    {
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(1000, 22, new("x", 1500), new("y", 1500));
        torrent.WriteAllFiles(_folder.Path);
        File.Delete(_folder.Combine("root", "y"));

        DataCheckResult result = await DataChecker.CheckAsync(torrent.Info, _folder.Path);

        Assert.Equal(PieceCheckState.Good, result.GetPieceState(0));
        Assert.Equal(PieceCheckState.Missing, result.GetPieceState(1));
        Assert.Equal(PieceCheckState.Missing, result.GetPieceState(2));
        TorrentFileCheck x = result.Files[0];
        Assert.Equal((2, 1, 0, 1, false), Summary(x));
        Assert.Equal(1500, x.SizeOnDisk); // all of x is there, but its last piece needs y to be verified
    }

    [Fact]
    public async Task A_missing_empty_file_or_an_oversized_file_is_not_complete()
    {
        StorageTestTorrent torrent = Torrent();
        torrent.WriteAllFiles(_folder.Path);
        File.Delete(_folder.Combine("root", "empty"));
        File.AppendAllText(_folder.Combine("root", "c"), "extra");

        DataCheckResult result = await DataChecker.CheckAsync(torrent.Info, _folder.Path);

        Assert.True(result.VerifiedPieces.IsFull); // every piece is fine ...
        Assert.False(result.IsComplete);           // ... but the files are not exactly the torrent's
        Assert.False(result.Files.Single(f => f.Path == "root/empty").IsComplete);
        Assert.False(result.Files.Single(f => f.Path == "root/c").IsComplete);
        Assert.Equal(1005, result.Files.Single(f => f.Path == "root/c").SizeOnDisk);
    }

    [Fact]
    public async Task Nothing_on_disk_is_all_missing()
    {
        StorageTestTorrent torrent = StorageTestTorrent.SingleFile(5000, 1024, 23);

        DataCheckResult result = await DataChecker.CheckAsync(torrent.Info, _folder.Path);

        Assert.True(result.VerifiedPieces.IsEmpty);
        Assert.Equal(5, result.PiecesMissing);
        Assert.False(Assert.Single(result.Files).Exists);
        Assert.Empty(_folder.ListFiles());
    }

    [Fact]
    public async Task Any_number_of_readers_finds_the_same_pieces()
    {
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(
            64, 24, Enumerable.Range(0, 30).Select(i => new TestFileSpec($"f{i}", 37 * i)).ToArray());
        torrent.WriteAllFiles(_folder.Path);
        var random = new Random(24);
        foreach (TorrentFile file in torrent.Info.Files.Where(f => f.Length > 0).OrderBy(_ => random.Next()).Take(8))
        {
            FlipByte(StorageTestTorrent.PathOf(_folder.Path, file), random.Next((int)file.Length));
        }

        File.Delete(StorageTestTorrent.PathOf(_folder.Path, torrent.Info.Files[17]));

        DataCheckResult one = await DataChecker.CheckAsync(torrent.Info, _folder.Path, parallelism: 1);
        foreach (int parallelism in new[] { 2, 3, 16 })
        {
            DataCheckResult many = await DataChecker.CheckAsync(torrent.Info, _folder.Path, parallelism: parallelism);
            Assert.Equal(
                Enumerable.Range(0, one.PieceCount).Select(one.GetPieceState),
                Enumerable.Range(0, many.PieceCount).Select(many.GetPieceState));
        }

        Assert.InRange(one.PiecesBad, 1, 8);
        Assert.True(one.PiecesMissing > 0);
        Assert.Equal(one.PieceCount, one.PiecesGood + one.PiecesBad + one.PiecesMissing);

        // And the checker agrees with verifying each piece read straight from the files.
        var verifier = new PieceVerifier(torrent.Info);
        byte[] onDisk = torrent.Info.Layout.SelectMany(f => f.IsPadding || !File.Exists(StorageTestTorrent.PathOf(_folder.Path, f))
            ? new byte[f.Length]
            : File.ReadAllBytes(StorageTestTorrent.PathOf(_folder.Path, f))).ToArray();
        for (int piece = 0; piece < one.PieceCount; piece++)
        {
            if (one.GetPieceState(piece) != PieceCheckState.Missing)
            {
                bool good = verifier.Verify(piece, onDisk.AsSpan(piece * 64, torrent.Info.GetPieceSize(piece)));
                Assert.Equal(good ? PieceCheckState.Good : PieceCheckState.Bad, one.GetPieceState(piece));
            }
        }
    }

    [Fact]
    public async Task Progress_only_moves_forward_and_ends_with_the_totals()
    {
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(100, 25, new("a", 25_000), new("b", 5_000));
        torrent.WriteAllFiles(_folder.Path);
        File.Delete(_folder.Combine("root", "b"));
        var reports = new List<CheckProgress>();
        var progress = new SynchronousProgress(reports);

        DataCheckResult result = await DataChecker.CheckAsync(torrent.Info, _folder.Path, progress, parallelism: 2);

        Assert.True(reports.Count >= 2);
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].PiecesChecked >= reports[i - 1].PiecesChecked);
            Assert.True(reports[i].BytesChecked >= reports[i - 1].BytesChecked);
        }

        CheckProgress last = reports[^1];
        Assert.Equal((300, 300, 250, 0, 50), (last.PieceCount, last.PiecesChecked, last.PiecesGood, last.PiecesBad, last.PiecesMissing));
        Assert.Equal(30_000, last.BytesChecked);
        Assert.Equal(100.0, last.PercentComplete);
        Assert.Equal(250, result.PiecesGood);
        Assert.Contains("checked 300/300 pieces", last.ToString());
    }

    [Fact]
    public async Task A_cancelled_check_stops_with_cancellation()
    {
        StorageTestTorrent torrent = Torrent();
        torrent.WriteAllFiles(_folder.Path);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DataChecker.CheckAsync(torrent.Info, _folder.Path, cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task A_folder_in_place_of_a_file_or_a_file_in_place_of_a_folder_counts_as_missing()
    {
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(1000, 26, new("a", 1000), new("b", 1000));
        torrent.WriteAllFiles(_folder.Path);
        // A folder where the file should be: it "exists" with no length, so stat it as missing ...
        File.Delete(_folder.Combine("root", "b"));
        Directory.CreateDirectory(_folder.Combine("root", "b"));
        DataCheckResult result = await DataChecker.CheckAsync(torrent.Info, _folder.Path);
        Assert.Equal(PieceCheckState.Missing, result.GetPieceState(1));

        // ... while a path through a file ("a" used as a folder) cannot even be examined.
        StorageTestTorrent nested = StorageTestTorrent.MultiFile(1000, 27, new TestFileSpec("a/inner", 1000));
        DataCheckResult throughFile = await DataChecker.CheckAsync(nested.Info, _folder.Path);
        Assert.Equal(PieceCheckState.Missing, throughFile.GetPieceState(0));
    }

    private static (int Pieces, int Good, int Bad, int Missing, bool Complete) Summary(TorrentFileCheck file) =>
        (file.PieceCount, file.PiecesGood, file.PiecesBad, file.PiecesMissing, file.IsComplete);

    private static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x5A));
    }

    /// <summary>Records reports on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class SynchronousProgress(List<CheckProgress> reports) : IProgress<CheckProgress>
    {
        public void Report(CheckProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
