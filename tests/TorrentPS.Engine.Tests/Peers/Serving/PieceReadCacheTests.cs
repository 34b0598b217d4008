using System.Collections.Concurrent;
using TorrentPS.Engine.Tests.Session;
using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;
using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Peers.Serving;

public sealed class PieceReadCacheTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SwarmContent _content = SwarmContent.SingleFile((10 * 64 * 1024) + 5000, 64 * 1024, seed: 21);
    private readonly TorrentStorage _storage;
    private readonly ConcurrentQueue<int> _reads = new();

    public PieceReadCacheTests()
    {
        _storage = new TorrentStorage(_content.Torrent, _folder.Path);
        File.WriteAllBytes(Path.Combine(_folder.Path, "content.bin"), _content.Stream);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _folder.Dispose();
    }

    private PieceReadCache Cache(int maxPieces = 4, long maxBytes = PieceReadCache.DefaultMaxBytes, Func<int, Memory<byte>, CancellationToken, Task>? read = null) =>
        new(_content.Torrent, read ?? ((piece, buffer, token) =>
        {
            _reads.Enqueue(piece);
            return _storage.ReadAsync(piece, 0, buffer, token);
        }), maxPieces, maxBytes);

    private static async Task<ReadOnlyMemory<byte>> Read(PieceReadCache cache, BlockRequest block)
    {
        var copy = new byte[block.Length];
        await cache.CopyBlockAsync(block, copy);
        return copy;
    }

    [Fact]
    public async Task A_burst_of_block_requests_for_one_piece_reads_the_disk_once()
    {
        PieceReadCache cache = Cache();
        for (int begin = 0; begin < 64 * 1024; begin += 16 * 1024)
        {
            ReadOnlyMemory<byte> block = await Read(cache, new BlockRequest(3, begin, 16 * 1024));
            Assert.True(block.Span.SequenceEqual(_content.Block(3, begin, 16 * 1024).Span));
        }

        Assert.Equal([3], _reads);
        Assert.Equal(1, cache.DiskReads);
        Assert.Equal(3, cache.Hits);
    }

    [Fact]
    public async Task Concurrent_requests_for_a_piece_being_read_share_that_read()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        PieceReadCache cache = Cache(read: async (piece, buffer, token) =>
        {
            _reads.Enqueue(piece);
            await gate.Task;
            await _storage.ReadAsync(piece, 0, buffer, token);
        });

        Task<ReadOnlyMemory<byte>>[] reads = Enumerable.Range(0, 4).Select(i => Read(cache, new BlockRequest(7, i * 16384, 16384))).ToArray();
        gate.SetResult();
        ReadOnlyMemory<byte>[] blocks = await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([7], _reads);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(blocks[i].Span.SequenceEqual(_content.Block(7, i * 16384, 16384).Span));
        }
    }

    [Fact]
    public async Task The_least_recently_used_piece_is_evicted_beyond_the_capacity()
    {
        PieceReadCache cache = Cache(maxPieces: 2);
        await Read(cache, new BlockRequest(0, 0, 100));
        await Read(cache, new BlockRequest(1, 0, 100));
        await Read(cache, new BlockRequest(0, 100, 100)); // 0 is now the most recent
        await Read(cache, new BlockRequest(2, 0, 100));   // evicts 1
        await Read(cache, new BlockRequest(0, 200, 100)); // still cached
        await Read(cache, new BlockRequest(1, 200, 100)); // read again

        Assert.Equal([0, 1, 2, 1], _reads);
        Assert.Equal(2, cache.CachedPieces);
    }

    [Fact]
    public async Task A_piece_evicted_while_its_read_is_under_way_still_serves_its_waiters_the_right_bytes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        PieceReadCache cache = Cache(maxPieces: 1, read: async (piece, buffer, token) =>
        {
            _reads.Enqueue(piece);
            if (piece == 4)
            {
                await gate.Task;
            }

            await _storage.ReadAsync(piece, 0, buffer, token);
        });

        Task<ReadOnlyMemory<byte>> waiting = Read(cache, new BlockRequest(4, 16384, 16384));
        // Evicts piece 4 (capacity 1) while its read is held up; then other pieces churn through the pooled arrays.
        for (int piece = 5; piece < 9; piece++)
        {
            Assert.True((await Read(cache, new BlockRequest(piece, 0, 16384))).Span.SequenceEqual(_content.Block(piece, 0, 16384).Span));
        }

        gate.SetResult();
        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Span.SequenceEqual(_content.Block(4, 16384, 16384).Span));
        Assert.Equal(1, cache.CachedPieces);
    }

    [Fact]
    public async Task A_destination_shorter_than_the_block_is_refused()
    {
        PieceReadCache cache = Cache();
        await Assert.ThrowsAsync<ArgumentException>(() => cache.CopyBlockAsync(new BlockRequest(0, 0, 16384), new byte[16383]));
        Assert.Equal(0, cache.DiskReads);
    }

    [Fact]
    public async Task A_prefetched_piece_is_read_once_and_then_served_from_memory()
    {
        PieceReadCache cache = Cache();
        cache.Prefetch(6);
        cache.Prefetch(6);
        await WaitForReadAsync(cache, 6);

        Assert.True((await Read(cache, new BlockRequest(6, 32768, 16384))).Span.SequenceEqual(_content.Block(6, 32768, 16384).Span));
        Assert.Equal([6], _reads);
        Assert.Equal(1, cache.DiskReads);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public async Task A_prefetch_that_fails_is_forgotten_and_the_request_reads_again()
    {
        File.Delete(Path.Combine(_folder.Path, "content.bin"));
        PieceReadCache cache = Cache();
        cache.Prefetch(2);
        await WaitForReadAsync(cache, 2);
        for (int i = 0; i < 500 && cache.CachedPieces > 0; i++)
        {
            await Task.Delay(10);
        }

        await Assert.ThrowsAsync<StorageException>(() => Read(cache, new BlockRequest(2, 0, 16384)));
        Assert.Equal(2, cache.DiskReads);
    }

    private async Task WaitForReadAsync(PieceReadCache cache, int piece)
    {
        for (int i = 0; i < 500 && !_reads.Contains(piece); i++)
        {
            await Task.Delay(10);
        }

        Assert.Contains(piece, _reads);
    }

    [Fact]
    public void The_memory_bound_limits_how_many_pieces_are_kept()
    {
        Assert.Equal(2, Cache(maxPieces: 8, maxBytes: (2 * 64 * 1024) + 10).Capacity);
        Assert.Equal(1, Cache(maxPieces: 8, maxBytes: 1000).Capacity);
    }

    [Fact]
    public async Task The_short_last_piece_is_read_whole_and_blocks_past_its_end_are_refused()
    {
        PieceReadCache cache = Cache();
        ReadOnlyMemory<byte> tail = await Read(cache, new BlockRequest(10, 1000, 4000));
        Assert.True(tail.Span.SequenceEqual(_content.Block(10, 1000, 4000).Span));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Read(cache, new BlockRequest(10, 4000, 1001)));
    }

    [Fact]
    public async Task A_failed_read_is_not_cached_so_the_next_request_tries_the_disk_again()
    {
        File.Delete(Path.Combine(_folder.Path, "content.bin"));
        PieceReadCache cache = Cache();
        StorageException first = await Assert.ThrowsAsync<StorageException>(() => Read(cache, new BlockRequest(0, 0, 16384)));
        Assert.Contains("content.bin", first.Message);

        File.WriteAllBytes(Path.Combine(_folder.Path, "content.bin"), _content.Stream);
        ReadOnlyMemory<byte> block = await Read(cache, new BlockRequest(0, 0, 16384));
        Assert.True(block.Span.SequenceEqual(_content.Block(0, 0, 16384).Span));
        Assert.Equal(2, cache.DiskReads);
    }

    [Fact]
    public async Task Reading_through_the_storage_constructor_serves_the_real_bytes()
    {
        var cache = new PieceReadCache(_storage);
        ReadOnlyMemory<byte> block = await Read(cache, new BlockRequest(9, 16384, 16384));
        Assert.True(block.Span.SequenceEqual(_content.Block(9, 16384, 16384).Span));
    }
}
