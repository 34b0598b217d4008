using System.Collections.Concurrent;
using System.Security.Cryptography;
using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Storage;

public class Sha1BatchQueueTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    /// <summary>A batch hasher that hashes each lane with the platform SHA-1 and records every batch's size.</summary>
    private sealed class RecordingHasher
    {
        public ConcurrentQueue<int> BatchSizes { get; } = new();

        public void Hash(ReadOnlySpan<ReadOnlyMemory<byte>> messages, Span<byte> digests)
        {
            BatchSizes.Enqueue(messages.Length);
            for (int i = 0; i < messages.Length; i++)
            {
                Assert.Equal(messages[0].Length, messages[i].Length);
                SHA1.HashData(messages[i].Span, digests.Slice(i * 20, 20));
            }
        }
    }

    private static byte[][] RandomMessages(int count, int length, int seed)
    {
        var random = new Random(seed);
        var messages = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            messages[i] = new byte[length];
            random.NextBytes(messages[i]);
        }

        return messages;
    }

    [Fact]
    public async Task A_full_batch_is_hashed_together_at_once_without_waiting()
    {
        var hasher = new RecordingHasher();
        using var queue = new Sha1BatchQueue(hasher.Hash, lanes: 4, minimumBatch: 2, maxWait: Long, maxBatchBytes: 1 << 20);
        byte[][] messages = RandomMessages(8, 1000, 1);
        var digests = new byte[8][];
        var tasks = new List<Task>();
        for (int i = 0; i < 8; i++)
        {
            digests[i] = new byte[20];
            tasks.Add(queue.HashAsync(messages[i], digests[i]));
        }

        // maxWait is minutes: only full batches can have completed these.
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(new[] { 4, 4 }, hasher.BatchSizes);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(SHA1.HashData(messages[i]), digests[i]);
        }

        Assert.Equal(2, queue.BatchesHashed);
    }

    [Fact]
    public async Task A_flush_hashes_waiting_pieces_by_length_and_a_lone_one_alone()
    {
        var hasher = new RecordingHasher();
        using var queue = new Sha1BatchQueue(hasher.Hash, lanes: 8, minimumBatch: 2, maxWait: Long, maxBatchBytes: 1 << 20);
        byte[][] pieces = RandomMessages(3, 4096, 2);
        byte[] last = RandomMessages(1, 100, 3)[0];
        var digests = Enumerable.Range(0, 4).Select(_ => new byte[20]).ToArray();
        Task all = Task.WhenAll(
            queue.HashAsync(pieces[0], digests[0]),
            queue.HashAsync(last, digests[3]),
            queue.HashAsync(pieces[1], digests[1]),
            queue.HashAsync(pieces[2], digests[2]));
        Assert.False(all.IsCompleted);

        queue.Flush();

        await all.WaitAsync(TimeSpan.FromSeconds(30));
        // The three equal pieces went through the batch hasher together; the short last piece alone, by the scalar path.
        Assert.Equal(new[] { 3 }, hasher.BatchSizes);
        Assert.Equal(SHA1.HashData(last), digests[3]);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(SHA1.HashData(pieces[i]), digests[i]);
        }
    }

    [Fact]
    public async Task A_piece_left_waiting_is_hashed_once_the_wait_is_over()
    {
        using var queue = new Sha1BatchQueue(new RecordingHasher().Hash, lanes: 8, minimumBatch: 2, maxWait: TimeSpan.FromMilliseconds(20), maxBatchBytes: 1 << 20);
        byte[] piece = RandomMessages(1, 4096, 9)[0];
        var digest = new byte[20];

        await queue.HashAsync(piece, digest).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(SHA1.HashData(piece), digest);
    }

    [Fact]
    public async Task Pieces_too_big_to_hold_back_are_hashed_at_once_on_the_callers_thread()
    {
        var hasher = new RecordingHasher();
        using var queue = new Sha1BatchQueue(hasher.Hash, lanes: 16, minimumBatch: 4, maxWait: Long, maxBatchBytes: 3 * 4096);
        byte[] piece = RandomMessages(1, 4096, 4)[0];
        var digest = new byte[20];

        Task hashed = queue.HashAsync(piece, digest);

        Assert.True(hashed.IsCompletedSuccessfully);
        Assert.Equal(SHA1.HashData(piece), digest);
        Assert.Empty(hasher.BatchSizes);
        await hashed;
    }

    [Fact]
    public async Task The_byte_budget_caps_the_batch_below_the_lane_count()
    {
        var hasher = new RecordingHasher();
        using var queue = new Sha1BatchQueue(hasher.Hash, lanes: 16, minimumBatch: 2, maxWait: Long, maxBatchBytes: 4 * 4096);
        byte[][] pieces = RandomMessages(4, 4096, 5);
        var digests = Enumerable.Range(0, 4).Select(_ => new byte[20]).ToArray();

        await Task.WhenAll(pieces.Select((p, i) => queue.HashAsync(p, digests[i]))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new[] { 4 }, hasher.BatchSizes);
        Assert.Equal(SHA1.HashData(pieces[3]), digests[3]);
    }

    [Fact]
    public async Task Without_a_batch_hasher_every_piece_is_hashed_at_once()
    {
        using var queue = new Sha1BatchQueue(null, lanes: 1, minimumBatch: 1, maxWait: Long, maxBatchBytes: 1 << 20);
        byte[] piece = RandomMessages(1, 70_000, 6)[0];
        var digest = new byte[20];

        Task hashed = queue.HashAsync(piece, digest);

        Assert.True(hashed.IsCompletedSuccessfully);
        Assert.Equal(SHA1.HashData(piece), digest);
        await hashed;
        Assert.Equal(0, queue.BatchesHashed);
    }

    [Fact]
    public async Task A_failing_batch_hasher_fails_every_piece_of_its_batch()
    {
        using var queue = new Sha1BatchQueue((_, _) => throw new InvalidOperationException("lanes on fire"), lanes: 2, minimumBatch: 2, maxWait: Long, maxBatchBytes: 1 << 20);
        byte[][] pieces = RandomMessages(2, 64, 7);

        Task first = queue.HashAsync(pieces[0], new byte[20]);
        Task second = queue.HashAsync(pieces[1], new byte[20]);

        Assert.Equal("lanes on fire", (await Assert.ThrowsAsync<InvalidOperationException>(() => first)).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
    }

    [Fact]
    public async Task Dispose_hashes_what_is_waiting_and_refuses_more()
    {
        var hasher = new RecordingHasher();
        var queue = new Sha1BatchQueue(hasher.Hash, lanes: 8, minimumBatch: 2, maxWait: Long, maxBatchBytes: 1 << 20);
        byte[][] pieces = RandomMessages(2, 512, 8);
        var digests = new[] { new byte[20], new byte[20] };
        Task both = Task.WhenAll(queue.HashAsync(pieces[0], digests[0]), queue.HashAsync(pieces[1], digests[1]));
        Assert.False(both.IsCompleted);

        queue.Dispose();

        await both.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SHA1.HashData(pieces[1]), digests[1]);
        Assert.Throws<ObjectDisposedException>(() => { _ = queue.HashAsync(pieces[0], new byte[20]); });
    }

    [Fact]
    public void A_digest_shorter_than_20_bytes_is_refused()
    {
        using var queue = new Sha1BatchQueue(null, lanes: 1, minimumBatch: 1, maxWait: Long, maxBatchBytes: 1 << 20);
        Assert.Throws<ArgumentException>(() => { _ = queue.HashAsync(new byte[10], new byte[19]); });
    }
}
