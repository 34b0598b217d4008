using System.Security.Cryptography;
using TorrentPS.Hashing;
using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Storage;

/// <summary>
/// DataChecker hashes each reader's pieces in batches (PieceHashBatch) through the multi-buffer SHA-1 where it
/// runs: a corrupt piece inside a batch, a piece whose file is missing between batched ones, and a short last
/// piece must each still get their own verdict.
/// </summary>
public sealed class DataCheckerBatchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Corrupt_and_missing_pieces_among_batched_ones_get_their_own_verdicts(int parallelism)
    {
        // 1000-byte pieces: a = pieces 0-24, gone = 25-29, b = 30-44 (piece 44, the last, is 500 bytes).
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(1000, 31, new("a", 25_000), new("gone", 5000), new("b", 14_500));
        torrent.WriteAllFiles(_folder.Path);
        File.Delete(_folder.Combine("root", "gone"));
        foreach ((string file, long offset) in new[] { ("a", 3 * 1000 + 7L), ("a", 17 * 1000 + 999L), ("b", 33 * 1000 - 30_000 + 1L), ("b", 14_499L) })
        {
            FlipByte(_folder.Combine("root", file), offset);
        }

        DataCheckResult result = await DataChecker.CheckAsync(torrent.Info, _folder.Path, parallelism: parallelism);

        int[] bad = [3, 17, 33, 44];
        int[] missing = Enumerable.Range(25, 5).ToArray();
        for (int piece = 0; piece < torrent.Info.PieceCount; piece++)
        {
            PieceCheckState expected = bad.Contains(piece) ? PieceCheckState.Bad : missing.Contains(piece) ? PieceCheckState.Missing : PieceCheckState.Good;
            Assert.True(expected == result.GetPieceState(piece), $"piece {piece}: {result.GetPieceState(piece)}, expected {expected}");
        }

        Assert.Equal((36, 4, 5), (result.PiecesGood, result.PiecesBad, result.PiecesMissing));
    }

    [Theory]
    [InlineData(1024 * 1024, 16, 16)]
    [InlineData(256 * 1024, 16, 16)]
    [InlineData(2 * 1024 * 1024, 16, 8)]
    [InlineData(4 * 1024 * 1024, 16, 1)]
    [InlineData(4 * 1024 * 1024, 8, 4)]
    [InlineData(8 * 1024 * 1024, 8, 1)]
    [InlineData(1024 * 1024, 0, 1)]
    [InlineData(16 * 1024, 1, 1)]
    public void Batch_capacity_uses_every_lane_that_fits_in_16_MiB_and_at_least_half_of_them_or_hashes_alone(int pieceLength, int laneCount, int expected)
    {
        Assert.Equal(expected, PieceHashBatch.ChooseCapacity(pieceLength, laneCount));
    }

    [Fact]
    public void On_this_runtime_a_megabyte_piece_is_batched_exactly_when_the_multi_buffer_hash_runs()
    {
        Assert.Equal(MultiBufferSha1.IsSupported ? MultiBufferSha1.LaneCount : 1, PieceHashBatch.ChooseCapacity(1024 * 1024));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public void A_batch_gives_each_piece_its_own_SHA1_and_refuses_a_piece_of_another_length(int count)
    {
        var batch = new PieceHashBatch(4096, 16);
        var random = new Random(count);
        var expected = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            Span<byte> slot = batch.Buffer.AsSpan(batch.NextOffset, 4000);
            random.NextBytes(slot);
            expected.Add(SHA1.HashData(slot));
            batch.Add(100 + i, 4000);
        }

        Assert.False(batch.Fits(3999));
        Assert.Throws<InvalidOperationException>(() => batch.Add(7, 3999));
        batch.Hash();

        for (int i = 0; i < count; i++)
        {
            Assert.Equal(100 + i, batch.PieceAt(i));
            Assert.Equal(expected[i], batch.DigestAt(i).ToArray());
        }

        batch.Clear();
        Assert.True(batch.Fits(3999));
        Assert.Equal(0, batch.NextOffset);
    }

    private static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0xFF));
    }
}
