using System.Security.Cryptography;
using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Storage;

public class PieceVerifierTests
{
    [Fact]
    public void Every_piece_of_the_content_verifies_and_a_flipped_bit_does_not()
    {
        var torrent = StorageTestTorrent.MultiFile(1000, 7, new("a", 2500), TestFileSpec.Pad(500), new("b", 1234));
        var verifier = new PieceVerifier(torrent.Info);

        for (int piece = 0; piece < torrent.Info.PieceCount; piece++)
        {
            byte[] data = torrent.Piece(piece);
            Assert.True(verifier.Verify(piece, data));
            data[data.Length / 2] ^= 0x01;
            Assert.False(verifier.Verify(piece, data));
        }
    }

    [Fact]
    public async Task Pieces_verified_together_in_batches_agree_with_one_by_one()
    {
        var torrent = StorageTestTorrent.SingleFile(40_000, 1024, 11);
        Sha1BatchQueue.BatchHasher? lanes = TorrentPS.Hashing.MultiBufferSha1.IsSupported ? TorrentPS.Hashing.MultiBufferSha1.HashEqualLength : null;
        using var queue = new Sha1BatchQueue(lanes, Math.Max(2, TorrentPS.Hashing.MultiBufferSha1.LaneCount), 2, TimeSpan.FromMilliseconds(20), 1 << 20);
        var verifier = new PieceVerifier(torrent.Info, queue);
        var pieces = Enumerable.Range(0, torrent.Info.PieceCount).Select(torrent.Piece).ToArray();
        pieces[7][100] ^= 0x80;

        bool[] verdicts = await Task.WhenAll(pieces.Select((data, i) => verifier.VerifyAsync(i, data))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(0, pieces.Length).Select(i => i != 7), verdicts);
        Assert.Equal(pieces.Select((data, i) => verifier.Verify(i, data)), verdicts);
        Assert.False(await verifier.VerifyAsync(3, pieces[4]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => verifier.VerifyAsync(pieces.Length, pieces[0]));
        if (lanes is not null)
        {
            Assert.True(queue.BatchesHashed > 0);
        }
    }

    [Fact]
    public void Data_of_the_wrong_length_or_for_another_piece_fails()
    {
        var torrent = StorageTestTorrent.SingleFile(2500, 1000, 8);
        var verifier = new PieceVerifier(torrent.Info);

        Assert.False(verifier.Verify(0, torrent.Piece(1)));
        Assert.False(verifier.Verify(2, torrent.Piece(2).Concat(new byte[] { 0 }).ToArray()));
        Assert.False(verifier.Verify(2, torrent.Piece(2).AsSpan(0, 499)));
        Assert.True(verifier.Verify(2, torrent.Piece(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => verifier.Verify(3, torrent.Piece(2)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(300_000)]
    public void The_fallback_hasher_for_dotnet_framework_agrees_with_the_platform(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var expected = SHA1.HashData(data);
        var oneShot = new byte[20];
        var fallback = new byte[20];

        Sha1.Hash(data, oneShot);
        Sha1.HashWithThreadInstance(data, fallback);
        Sha1.HashWithThreadInstance(data, fallback); // the pooled instance is reset between uses

        Assert.Equal(expected, oneShot);
        Assert.Equal(expected, fallback);
    }

    [Fact]
    public void The_fallback_hasher_does_not_copy_the_data_it_hashes()
    {
        var data = new byte[300_000];
        var digest = new byte[20];
        Sha1.HashWithThreadInstance(data, digest); // the thread's instance and scratch buffer are made once

        long before = GC.GetAllocatedBytesForCurrentThread();
        Sha1.HashWithThreadInstance(data, digest);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The 20-byte result (and its copy) is all it may allocate; a copy of the last 64 KiB chunk is not.
        Assert.True(allocated < 1024, $"{allocated} bytes allocated hashing {data.Length} bytes");
    }

    [Fact]
    public void On_modern_dotnet_the_allocation_free_one_shot_hash_is_bound()
    {
        Assert.True(Sha1.UsesOneShot);
    }

    [Fact]
    public void Equal_length_messages_hash_alike_one_by_one_or_together_whatever_their_count()
    {
        var random = new Random(77);
        // Up to the lane count (a multi-buffer call takes no more), or 8 where there are no lanes.
        int most = TorrentPS.Hashing.MultiBufferSha1.IsSupported ? TorrentPS.Hashing.MultiBufferSha1.LaneCount : 8;
        for (int count = 0; count <= most; count++)
        {
            var messages = new ReadOnlyMemory<byte>[count];
            for (int i = 0; i < count; i++)
            {
                var message = new byte[5000];
                random.NextBytes(message);
                messages[i] = message;
            }

            var digests = new byte[count * 20];
            Sha1.HashEqualLength(messages, digests);
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(SHA1.HashData(messages[i].Span), digests.AsSpan(i * 20, 20).ToArray());
            }
        }
    }
}
