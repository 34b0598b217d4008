using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Storage;

public class PieceMapTests
{
    [Fact]
    public void A_piece_spanning_many_files_maps_to_each_in_order_with_its_buffer_offsets()
    {
        // Piece 1 (bytes 10..19) covers the tail of a, all of b, an empty file, padding and the head of d.
        var torrent = StorageTestTorrent.MultiFile(10, 1,
            new("a", 12), new("b", 3), new("empty", 0), TestFileSpec.Pad(2), new("d", 13)).Info;
        var map = new PieceMap(torrent);

        FileSegment[] segments = map.MapPiece(1).ToArray();

        (string, long, int, int)[] expected = [("root/a", 10L, 2, 0), ("root/b", 0L, 3, 2), ("root/.pad/2", 0L, 2, 5), ("root/d", 0L, 3, 7)];
        bool[] padding = [false, false, true, false];
        Assert.Equal(expected, segments.Select(s => (s.File.Path, s.FileOffset, s.Length, s.BufferOffset)));
        Assert.Equal(padding, segments.Select(s => s.IsPadding));
    }

    [Fact]
    public void The_last_short_piece_maps_only_its_own_bytes()
    {
        var torrent = StorageTestTorrent.MultiFile(16, 2, new("a", 20), new("b", 17)).Info; // 37 bytes: pieces of 16, 16, 5
        var map = new PieceMap(torrent);

        Assert.Equal(3, map.PieceCount);
        Assert.Equal(5, map.GetPieceSize(2));
        FileSegment only = Assert.Single(map.MapPiece(2).ToArray());
        Assert.Equal(("root/b", 12L, 5, 0), (only.File.Path, only.FileOffset, only.Length, only.BufferOffset));
    }

    [Fact]
    public void Empty_files_never_appear_in_a_mapping_even_at_the_start_or_end()
    {
        var torrent = StorageTestTorrent.MultiFile(8, 3, new("e1", 0), new("a", 8), new("e2", 0), new("b", 8), new("e3", 0)).Info;
        var map = new PieceMap(torrent);

        Assert.Equal("root/a", Assert.Single(map.MapPiece(0).ToArray()).File.Path);
        Assert.Equal("root/b", Assert.Single(map.MapPiece(1).ToArray()).File.Path);
        string[] expected = ["root/a", "root/b"];
        Assert.Equal(expected, map.MapRange(0, 16).ToArray().Select(s => s.File.Path));
        Assert.Empty(map.MapRange(16, 0).ToArray());
    }

    [Fact]
    public void A_block_inside_a_piece_maps_relative_to_the_block()
    {
        var torrent = StorageTestTorrent.MultiFile(16, 4, new("a", 10), new("b", 30)).Info;
        var map = new PieceMap(torrent);

        FileSegment[] block = map.MapBlock(0, 8, 6).ToArray();

        (string, long, int, int)[] expected = [("root/a", 8L, 2, 0), ("root/b", 0L, 4, 2)];
        Assert.Equal(expected, block.Select(s => (s.File.Path, s.FileOffset, s.Length, s.BufferOffset)));
    }

    [Theory]
    [InlineData(0, -1, 1)]
    [InlineData(0, 0, 17)]
    [InlineData(0, 10, 7)]
    [InlineData(2, 0, 9)]     // the last piece has 8 bytes
    [InlineData(3, 0, 1)]     // no such piece
    [InlineData(-1, 0, 1)]
    public void A_block_outside_its_piece_is_refused(int piece, int offset, int length)
    {
        var map = new PieceMap(StorageTestTorrent.MultiFile(16, 5, new TestFileSpec("a", 40)).Info);

        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => map.MapBlock(piece, offset, length));
    }

    [Fact]
    public void A_range_outside_the_torrent_is_refused()
    {
        var map = new PieceMap(StorageTestTorrent.MultiFile(16, 5, new TestFileSpec("a", 40)).Info);

        Assert.Throws<ArgumentOutOfRangeException>(() => map.MapRange(30, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.MapRange(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.MapRange(41, 0));
        Assert.Single(map.MapRange(30, 10).ToArray());
    }

    [Fact]
    public void Piece_spans_of_files_cover_exactly_the_pieces_holding_their_bytes()
    {
        var torrent = StorageTestTorrent.MultiFile(10, 6, new("a", 10), new("b", 1), new("empty", 0), new("c", 19)).Info;

        Assert.Equal((0, 1), PieceMap.GetPieceSpan(torrent.Layout[0], 10));
        Assert.Equal((1, 1), PieceMap.GetPieceSpan(torrent.Layout[1], 10));
        Assert.Equal((0, 0), PieceMap.GetPieceSpan(torrent.Layout[2], 10));
        Assert.Equal((1, 2), PieceMap.GetPieceSpan(torrent.Layout[3], 10));
    }

    /// <summary>
    /// Every piece and every byte range of many random layouts (empty files, padding, pieces smaller and larger
    /// than files) against a byte-by-byte model of where each byte lives.
    /// </summary>
    [Fact]
    public void Every_range_of_random_layouts_matches_a_byte_by_byte_model()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            int pieceLength = random.Next(1, 24);
            var files = new List<TestFileSpec>();
            int fileCount = random.Next(1, 7);
            for (int i = 0; i < fileCount; i++)
            {
                int length = random.Next(4) == 0 ? 0 : random.Next(1, 30);
                files.Add(random.Next(4) == 0 && length > 0 ? TestFileSpec.Pad(length) : new TestFileSpec("f" + i, length));
            }

            if (files.Sum(f => f.Length) == 0)
            {
                files.Add(new TestFileSpec("last", 5));
            }

            TorrentInfo torrent = StorageTestTorrent.MultiFile(pieceLength, seed, files.ToArray()).Info;
            var map = new PieceMap(torrent);
            (int File, long Offset)[] owner = ByteOwners(torrent);

            for (int piece = 0; piece < torrent.PieceCount; piece++)
            {
                long start = (long)piece * pieceLength;
                Assert.Equal(Model(owner, torrent, start, torrent.GetPieceSize(piece)), Actual(map.MapPiece(piece)));
            }

            for (int start = 0; start <= owner.Length; start++)
            {
                for (int length = 0; length <= owner.Length - start; length++)
                {
                    Assert.Equal(Model(owner, torrent, start, length), Actual(map.MapRange(start, length)));
                }
            }
        }
    }

    private static (int File, long Offset)[] ByteOwners(TorrentInfo torrent)
    {
        var owners = new List<(int, long)>();
        foreach (TorrentFile file in torrent.Layout)
        {
            for (long i = 0; i < file.Length; i++)
            {
                owners.Add((file.Index, i));
            }
        }

        return owners.ToArray();
    }

    private static List<(int File, long Offset, int Length, int BufferOffset, bool Padding)> Model((int File, long Offset)[] owner, TorrentInfo torrent, long start, int length)
    {
        var segments = new List<(int File, long Offset, int Length, int BufferOffset, bool Padding)>();
        for (int i = 0; i < length; i++)
        {
            (int file, long offset) = owner[start + i];
            if (segments.Count > 0 && segments[^1].File == file)
            {
                var last = segments[^1];
                segments[^1] = last with { Length = last.Length + 1 };
            }
            else
            {
                segments.Add((file, offset, 1, i, torrent.Layout[file].IsPadding));
            }
        }

        return segments;
    }

    private static List<(int File, long Offset, int Length, int BufferOffset, bool Padding)> Actual(FileSegmentRange range) =>
        range.ToArray().Select(s => (s.File.Index, s.FileOffset, s.Length, s.BufferOffset, s.IsPadding)).ToList();
}
