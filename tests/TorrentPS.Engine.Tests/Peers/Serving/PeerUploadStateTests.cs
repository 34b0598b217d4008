using TorrentPS.Engine.Tests.Session;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;

namespace TorrentPS.Engine.Tests.Peers.Serving;

public sealed class PeerUploadStateTests
{
    // 5 pieces of 32 KiB and a last one of 10 000 bytes.
    private static readonly TorrentInfo Torrent = SwarmContent.SingleFile((5 * 32 * 1024) + 10_000, 32 * 1024).Torrent;

    private static UploadRules Rules(UploadSettings? settings = null, Func<int, bool>? has = null) =>
        new(Torrent, has ?? (_ => true), settings);

    private static PeerUploadState Unchoked(bool fast, UploadSettings? settings = null, Func<int, bool>? has = null)
    {
        PeerUploadState state = Rules(settings, has).CreatePeer(fast);
        Assert.True(state.Unchoke());
        return state;
    }

    [Theory]
    [InlineData(0, 0, 16384)]
    [InlineData(0, 16384, 16384)]
    [InlineData(5, 0, 10_000)]
    [InlineData(5, 9_999, 1)]
    [InlineData(2, 100, 777)]
    public void Requests_within_a_piece_we_have_are_queued(int piece, int begin, int length)
    {
        PeerUploadState state = Unchoked(fast: false);
        Assert.Equal(RequestVerdict.Queued, state.OnRequest(new BlockRequest(piece, begin, length)).Verdict);
        Assert.Equal(1, state.QueuedCount);
    }

    [Theory]
    [InlineData(6, 0, 16384, PeerProtocolError.BadPieceIndex)]   // beyond the last piece
    [InlineData(-1, 0, 16384, PeerProtocolError.BadPieceIndex)]
    [InlineData(0, 0, 16385, PeerProtocolError.BadBlock)]        // oversized
    [InlineData(0, 0, 0, PeerProtocolError.BadBlock)]            // empty
    [InlineData(0, 16385, 16384, PeerProtocolError.BadBlock)]    // runs past the piece end
    [InlineData(5, 0, 16384, PeerProtocolError.BadBlock)]        // past the end of the short last piece
    [InlineData(1, -5, 100, PeerProtocolError.BadBlock)]
    [InlineData(1, int.MaxValue, 16384, PeerProtocolError.BadBlock)] // begin + length overflows an int
    public void Nonsense_requests_close_the_connection_with_or_without_Fast(int piece, int begin, int length, PeerProtocolError error)
    {
        foreach (bool fast in new[] { true, false })
        {
            RequestDecision decision = Unchoked(fast).OnRequest(new BlockRequest(piece, begin, length));
            Assert.Equal(RequestVerdict.Disconnect, decision.Verdict);
            PeerProtocolException exception = decision.ToException();
            Assert.Equal(error, exception.Error);
            Assert.Contains(new BlockRequest(piece, begin, length).PieceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message);
        }
    }

    [Fact]
    public void A_smaller_configured_block_limit_is_enforced()
    {
        PeerUploadState state = Unchoked(fast: true, new UploadSettings { MaxBlockLength = 8192 });
        Assert.Equal(RequestVerdict.Queued, state.OnRequest(new BlockRequest(0, 0, 8192)).Verdict);
        Assert.Equal(RequestVerdict.Disconnect, state.OnRequest(new BlockRequest(0, 8192, 8193)).Verdict);
        Assert.Throws<ArgumentOutOfRangeException>(() => Rules(new UploadSettings { MaxBlockLength = 32 * 1024 }));
    }

    [Fact]
    public void A_piece_we_lack_is_rejected_with_Fast_and_drops_the_peer_without()
    {
        Func<int, bool> odd = piece => piece % 2 == 1;
        Assert.Equal(RequestVerdict.Reject, Unchoked(fast: true, has: odd).OnRequest(new BlockRequest(0, 0, 16384)).Verdict);
        RequestDecision withoutFast = Unchoked(fast: false, has: odd).OnRequest(new BlockRequest(0, 0, 16384));
        Assert.Equal(RequestVerdict.Disconnect, withoutFast.Verdict);
        Assert.Contains("do not have", withoutFast.Reason);
    }

    [Fact]
    public void Requests_while_choked_are_rejected_with_Fast_ignored_without_and_too_many_drop_the_peer()
    {
        var settings = new UploadSettings { MaxRefusedRequests = 3 };
        foreach (bool fast in new[] { true, false })
        {
            PeerUploadState state = Rules(settings).CreatePeer(fast);
            Assert.True(state.IsChoked);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(fast ? RequestVerdict.Reject : RequestVerdict.Ignore, state.OnRequest(new BlockRequest(0, 0, 16384)).Verdict);
            }

            Assert.Equal(RequestVerdict.Disconnect, state.OnRequest(new BlockRequest(0, 0, 16384)).Verdict);
            Assert.Equal(0, state.QueuedCount);
        }
    }

    [Fact]
    public void Requests_in_flight_when_we_choke_are_forgiven_up_to_the_queue_bound()
    {
        var settings = new UploadSettings { MaxRefusedRequests = 2, MaxQueuedRequests = 10 };
        PeerUploadState state = Unchoked(fast: false, settings);
        Assert.True(state.Choke(out _));
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(RequestVerdict.Ignore, state.OnRequest(new BlockRequest(1, 0, 1000)).Verdict);
        }

        Assert.Equal(RequestVerdict.Disconnect, state.OnRequest(new BlockRequest(1, 0, 1000)).Verdict);
    }

    [Fact]
    public void More_queued_requests_than_the_bound_is_a_flood()
    {
        PeerUploadState state = Unchoked(fast: true, new UploadSettings { MaxQueuedRequests = 4 });
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(RequestVerdict.Queued, state.OnRequest(new BlockRequest(i, 0, 16384)).Verdict);
        }

        RequestDecision flood = state.OnRequest(new BlockRequest(4, 0, 16384));
        Assert.Equal(RequestVerdict.Disconnect, flood.Verdict);
        Assert.Contains("flood", flood.Reason);
    }

    [Fact]
    public void A_duplicate_request_is_not_queued_twice()
    {
        PeerUploadState state = Unchoked(fast: true);
        var block = new BlockRequest(1, 0, 16384);
        Assert.Equal(RequestVerdict.Queued, state.OnRequest(block).Verdict);
        Assert.Equal(RequestVerdict.Duplicate, state.OnRequest(block).Verdict);
        Assert.Equal(1, state.QueuedCount);
    }

    [Fact]
    public void Requests_are_served_in_arrival_order()
    {
        PeerUploadState state = Unchoked(fast: false);
        BlockRequest[] blocks = [new(3, 0, 16384), new(1, 16384, 16384), new(3, 16384, 100)];
        foreach (BlockRequest block in blocks)
        {
            state.OnRequest(block);
        }

        var served = new List<BlockRequest>();
        while (state.TryDequeue(out BlockRequest block, out _))
        {
            served.Add(block);
        }

        Assert.Equal(blocks, served);
    }

    [Fact]
    public void Requests_queued_behind_the_first_are_taken_together_oldest_first_up_to_the_limit()
    {
        PeerUploadState state = Unchoked(fast: true);
        BlockRequest[] blocks = [new(0, 0, 16384), new(0, 16384, 16384), new(1, 0, 16384), new(2, 0, 16384), new(3, 0, 16384)];
        foreach (BlockRequest block in blocks)
        {
            state.OnRequest(block);
        }

        Assert.True(state.TryDequeue(out BlockRequest first, out int ticket));
        var taken = new List<BlockRequest> { first };

        Assert.Equal(3, state.DequeueMore(taken, 3, ticket));
        Assert.Equal(blocks[..4], taken);
        Assert.Equal(1, state.QueuedCount);
        // Taken is no longer queued: a cancel now crosses the block on the wire and is answered by the block itself.
        Assert.Equal(CancelOutcome.NotQueued, state.OnCancel(blocks[2]));
        Assert.Equal(1, state.DequeueMore(taken, 3, ticket));
        Assert.Equal(0, state.DequeueMore(taken, 3, ticket));
        Assert.Equal(blocks, taken);
    }

    [Fact]
    public void Nothing_more_is_taken_for_blocks_read_before_a_choke()
    {
        PeerUploadState state = Unchoked(fast: true);
        state.OnRequest(new BlockRequest(0, 0, 16384));
        Assert.True(state.TryDequeue(out _, out int ticket));
        state.Choke(out _);
        state.Unchoke();
        state.OnRequest(new BlockRequest(1, 0, 16384));

        var taken = new List<BlockRequest>();
        Assert.Equal(0, state.DequeueMore(taken, 7, ticket));
        Assert.Empty(taken);
        Assert.Equal(1, state.QueuedCount);
    }

    [Fact]
    public void A_cancel_removes_a_queued_request_and_with_Fast_asks_for_a_reject()
    {
        var block = new BlockRequest(2, 0, 16384);
        foreach (bool fast in new[] { true, false })
        {
            PeerUploadState state = Unchoked(fast);
            state.OnRequest(block);
            state.OnRequest(new BlockRequest(2, 16384, 16384));
            Assert.Equal(fast ? CancelOutcome.RemovedSendReject : CancelOutcome.Removed, state.OnCancel(block));
            Assert.Equal(CancelOutcome.NotQueued, state.OnCancel(block));
            Assert.True(state.TryDequeue(out BlockRequest left, out _));
            Assert.Equal(new BlockRequest(2, 16384, 16384), left);
        }
    }

    [Fact]
    public void Choking_returns_the_queue_to_reject_with_Fast_and_drops_it_silently_without()
    {
        foreach (bool fast in new[] { true, false })
        {
            PeerUploadState state = Unchoked(fast);
            state.OnRequest(new BlockRequest(0, 0, 16384));
            state.OnRequest(new BlockRequest(1, 0, 16384));

            Assert.True(state.Choke(out IReadOnlyList<BlockRequest> rejected));

            Assert.Equal(fast ? [new BlockRequest(0, 0, 16384), new BlockRequest(1, 0, 16384)] : [], rejected);
            Assert.Equal(0, state.QueuedCount);
            Assert.False(state.Choke(out IReadOnlyList<BlockRequest> again));
            Assert.Empty(again);
        }
    }

    [Fact]
    public void A_block_read_before_a_choke_is_sent_only_to_a_Fast_peer()
    {
        foreach (bool fast in new[] { true, false })
        {
            PeerUploadState state = Unchoked(fast);
            state.OnRequest(new BlockRequest(0, 0, 16384));
            Assert.True(state.TryDequeue(out _, out int ticket));
            Assert.True(state.MaySend(ticket));
            state.Choke(out _);
            state.Unchoke();
            Assert.Equal(fast, state.MaySend(ticket));
        }
    }

    [Fact]
    public void The_piece_to_read_ahead_is_the_first_queued_one_other_than_the_current()
    {
        PeerUploadState state = Unchoked(fast: true);
        Assert.False(state.TryPeekNextPiece(0, out _));
        foreach (BlockRequest block in new BlockRequest[] { new(2, 0, 16384), new(2, 16384, 16384), new(4, 0, 16384), new(1, 0, 16384) })
        {
            Assert.Equal(RequestVerdict.Queued, state.OnRequest(block).Verdict);
        }

        Assert.True(state.TryPeekNextPiece(2, out int next));
        Assert.Equal(4, next);
        Assert.True(state.TryPeekNextPiece(3, out next));
        Assert.Equal(2, next);
        Assert.Equal(4, state.QueuedCount);
    }
}
