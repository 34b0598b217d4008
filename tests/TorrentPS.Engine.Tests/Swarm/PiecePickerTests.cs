using TorrentPS.Peers;
using TorrentPS.Swarm;

namespace TorrentPS.Engine.Tests.Swarm;

public class PiecePickerTests
{
    private const int Block = PiecePicker.DefaultBlockSize;
    private static readonly Func<int, bool> HasAll = _ => true;

    // 10 pieces of 4 blocks; the last piece is 1.5 blocks long.
    private static PiecePicker Picker(int seed = 1) => new(10, 4 * Block, (9 * 4 * Block) + (Block * 3 / 2), new Random(seed));

    private static List<BlockRequest> Pick(PiecePicker picker, object peer, int max, Func<int, bool>? has = null)
    {
        var into = new List<BlockRequest>();
        picker.Pick(peer, has ?? HasAll, max, into);
        return into;
    }

    [Fact]
    public void Rarest_piece_is_picked_first()
    {
        PiecePicker picker = Picker();
        for (int piece = 0; piece < 10; piece++)
        {
            for (int k = 0; k < 3; k++)
            {
                picker.PeerHasPiece(piece);
            }
        }

        picker.PeerLostPiece(6);
        picker.PeerLostPiece(6);

        List<BlockRequest> picked = Pick(picker, "a", 4);
        Assert.All(picked, r => Assert.Equal(6, r.PieceIndex));
        Assert.Equal(new[] { 0, Block, 2 * Block, 3 * Block }, picked.Select(r => r.Begin));
    }

    [Fact]
    public void Ties_are_broken_at_random()
    {
        var firsts = new HashSet<int>();
        for (int seed = 0; seed < 40; seed++)
        {
            firsts.Add(Pick(Picker(seed), "a", 1)[0].PieceIndex);
        }

        Assert.True(firsts.Count > 3, $"only {firsts.Count} distinct first pieces");
    }

    [Fact]
    public void Started_pieces_are_finished_before_new_ones_begin()
    {
        PiecePicker picker = Picker();
        List<BlockRequest> first = Pick(picker, "a", 2);
        int started = first[0].PieceIndex;

        List<BlockRequest> second = Pick(picker, "b", 3);
        Assert.Equal(started, second[0].PieceIndex);
        Assert.Equal(started, second[1].PieceIndex);
        Assert.NotEqual(started, second[2].PieceIndex);
        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void A_peer_is_only_asked_for_pieces_it_has()
    {
        PiecePicker picker = Picker();
        List<BlockRequest> picked = Pick(picker, "a", 100, p => p is 2 or 5);
        Assert.Equal(8, picked.Count);
        Assert.All(picked, r => Assert.Contains(r.PieceIndex, new[] { 2, 5 }));
    }

    [Fact]
    public void The_last_piece_has_a_short_last_block()
    {
        PiecePicker picker = Picker();
        List<BlockRequest> picked = Pick(picker, "a", 100, p => p == 9);
        Assert.Equal(new[] { (0, Block), (Block, Block / 2) }, picked.Select(r => (r.Begin, r.Length)));
        Assert.Equal(2, picker.BlockCount(9));
    }

    [Fact]
    public void Blocks_complete_a_piece_which_can_then_be_verified()
    {
        PiecePicker picker = Picker();
        List<BlockRequest> picked = Pick(picker, "a", 4);
        Assert.Equal(BlockOutcome.Accepted, picker.BlockReceived("a", picked[0]));
        Assert.Equal(BlockOutcome.Accepted, picker.BlockReceived("a", picked[2]));
        Assert.Equal(BlockOutcome.Accepted, picker.BlockReceived("a", picked[1]));
        Assert.Equal(BlockOutcome.PieceComplete, picker.BlockReceived("a", picked[3]));
        Assert.Equal(0, picker.OutstandingCount("a"));

        picker.MarkVerified(picked[0].PieceIndex);
        Assert.True(picker.IsVerified(picked[0].PieceIndex));
        Assert.Equal(1, picker.VerifiedCount);
        Assert.DoesNotContain(Pick(picker, "a", 100), r => r.PieceIndex == picked[0].PieceIndex);
    }

    [Fact]
    public void Unrequested_data_is_reported_as_such()
    {
        PiecePicker picker = Picker();
        List<BlockRequest> picked = Pick(picker, "a", 1);
        Assert.Equal(BlockOutcome.NotRequested, picker.BlockReceived("b", picked[0]));
        Assert.Equal(BlockOutcome.NotRequested, picker.BlockReceived("a", new BlockRequest(picked[0].PieceIndex, 5, Block)));
        Assert.Equal(BlockOutcome.NotRequested, picker.BlockReceived("a", new BlockRequest(picked[0].PieceIndex, picked[0].Begin, 100)));
        Assert.Equal(BlockOutcome.NotRequested, picker.BlockReceived("a", new BlockRequest((picked[0].PieceIndex + 1) % 10, 0, Block)));
        Assert.Equal(BlockOutcome.Accepted, picker.BlockReceived("a", picked[0]));
        Assert.Equal(BlockOutcome.NotRequested, picker.BlockReceived("a", picked[0]));
    }

    [Fact]
    public void Requests_of_a_peer_that_chokes_or_leaves_go_back_to_the_pool()
    {
        PiecePicker picker = Picker();
        List<BlockRequest> fromA = Pick(picker, "a", 6);
        picker.BlockReceived("a", fromA[0]);
        picker.ReleaseRequests("a");
        Assert.Equal(0, picker.OutstandingCount("a"));

        List<BlockRequest> fromB = Pick(picker, "b", 5);
        Assert.Equal(fromA.Skip(1).ToHashSet(), fromB.ToHashSet());
        Assert.Equal(BlockOutcome.NotRequested, picker.BlockReceived("a", fromA[1]));
    }

    [Fact]
    public void A_single_rejected_request_is_released()
    {
        PiecePicker picker = Picker();
        List<BlockRequest> fromA = Pick(picker, "a", 2);
        picker.ReleaseRequest("a", fromA[1]);
        Assert.False(picker.IsOutstanding("a", fromA[1]));
        Assert.True(picker.IsOutstanding("a", fromA[0]));
        Assert.Equal(fromA[1], Pick(picker, "b", 1)[0]);
    }

    [Fact]
    public void A_failed_piece_names_its_contributors_and_starts_over()
    {
        PiecePicker picker = Picker();
        List<BlockRequest> fromA = Pick(picker, "a", 2);
        List<BlockRequest> fromB = Pick(picker, "b", 2);
        Assert.Equal(fromA[0].PieceIndex, fromB[0].PieceIndex);
        foreach (BlockRequest r in fromA)
        {
            picker.BlockReceived("a", r);
        }

        picker.BlockReceived("b", fromB[0]);
        Assert.Equal(BlockOutcome.PieceComplete, picker.BlockReceived("b", fromB[1]));

        IReadOnlyCollection<object> suspects = picker.PieceFailed(fromA[0].PieceIndex);
        Assert.Equal(new HashSet<object> { "a", "b" }, suspects.ToHashSet());
        List<BlockRequest> again = Pick(picker, "c", 4, p => p == fromA[0].PieceIndex);
        Assert.Equal(4, again.Count);
    }

    [Fact]
    public void Endgame_asks_a_second_peer_for_outstanding_blocks_and_names_whom_to_cancel()
    {
        var picker = new PiecePicker(2, 2 * Block, 4 * Block, new Random(3));
        List<BlockRequest> fromA = Pick(picker, "a", 10);
        Assert.Equal(4, fromA.Count);
        Assert.True(picker.IsEndgame);

        List<BlockRequest> fromB = Pick(picker, "b", 10);
        Assert.Equal(fromA.ToHashSet(), fromB.ToHashSet());
        Assert.Empty(Pick(picker, "c", 10));

        var cancel = new List<object>();
        Assert.Equal(BlockOutcome.Accepted, picker.BlockReceived("b", fromA[0], cancel));
        Assert.Equal(new object[] { "a" }, cancel);
        Assert.False(picker.IsOutstanding("a", fromA[0]));
        Assert.Equal(BlockOutcome.NotRequested, picker.BlockReceived("a", fromA[0]));
    }

    [Fact]
    public void In_endgame_a_block_released_by_one_peer_stays_with_the_other()
    {
        var picker = new PiecePicker(1, 2 * Block, 2 * Block, new Random(3));
        List<BlockRequest> fromA = Pick(picker, "a", 10);
        Assert.Equal(fromA.ToHashSet(), Pick(picker, "b", 10).ToHashSet());

        picker.ReleaseRequests("a");
        Assert.True(picker.IsEndgame);
        Assert.True(picker.IsOutstanding("b", fromA[0]));
        Assert.Equal(BlockOutcome.NotRequested, picker.BlockReceived("a", fromA[0]));

        var cancel = new List<object>();
        Assert.Equal(BlockOutcome.Accepted, picker.BlockReceived("b", fromA[0], cancel));
        Assert.Empty(cancel);

        // The other block: once both peers let it go, it is back in the pool for anyone.
        picker.ReleaseRequest("a", fromA[1]);
        picker.ReleaseRequest("b", fromA[1]);
        Assert.False(picker.IsEndgame);
        Assert.Equal(new[] { fromA[1] }, Pick(picker, "c", 10));
    }

    [Fact]
    public void A_failed_piece_in_endgame_drops_every_peers_requests_for_it()
    {
        var picker = new PiecePicker(1, 2 * Block, 2 * Block, new Random(3));
        List<BlockRequest> fromA = Pick(picker, "a", 10);
        Pick(picker, "b", 10);
        picker.BlockReceived("a", fromA[0]);

        Assert.Equal(new object[] { "a" }, picker.PieceFailed(0));
        Assert.Equal(0, picker.OutstandingCount("a"));
        Assert.Equal(0, picker.OutstandingCount("b"));
        Assert.Equal(2, Pick(picker, "c", 10).Count);
    }

    [Fact]
    public void A_piece_started_after_another_finished_starts_clean()
    {
        PiecePicker picker = Picker();
        Func<int, bool> notTheLast = p => p != 9;
        for (int round = 0; round < 3; round++)
        {
            List<BlockRequest> piece = Pick(picker, "a", 4, notTheLast);
            Assert.Single(piece.Select(r => r.PieceIndex).Distinct());
            Assert.Equal(new[] { BlockOutcome.Accepted, BlockOutcome.Accepted, BlockOutcome.Accepted, BlockOutcome.PieceComplete }, piece.Select(r => picker.BlockReceived("a", r)));
            picker.MarkVerified(piece[0].PieceIndex);
        }

        List<BlockRequest> fromB = Pick(picker, "b", 2, notTheLast);
        List<BlockRequest> fromC = Pick(picker, "c", 2, notTheLast);
        Assert.Equal(fromB[0].PieceIndex, fromC[0].PieceIndex);
        Assert.Equal(4, fromB.Concat(fromC).Distinct().Count());
        foreach (BlockRequest r in fromB)
        {
            picker.BlockReceived("b", r);
        }

        foreach (BlockRequest r in fromC)
        {
            picker.BlockReceived("c", r);
        }

        Assert.Equal(new HashSet<object> { "b", "c" }, picker.PieceFailed(fromB[0].PieceIndex).ToHashSet());
    }

    [Fact]
    public void A_piece_wanted_again_can_be_picked_and_a_verified_one_still_counts_its_peers()
    {
        var picker = new PiecePicker(3, Block, 3 * Block, new Random(1));
        picker.SetWanted(1, false);
        picker.SetWanted(1, true);
        picker.MarkVerified(0);
        picker.PeerHasPiece(0);
        picker.PeerHasPiece(0);
        Assert.Equal(2, picker.Availability(0));

        Assert.Equal(new[] { 1, 2 }, Pick(picker, "a", 10).Select(r => r.PieceIndex).Order());
    }

    [Fact]
    public void Endgame_is_not_entered_while_unrequested_blocks_remain()
    {
        PiecePicker picker = Picker();
        Pick(picker, "a", 10);
        Assert.False(picker.IsEndgame);
        List<BlockRequest> fromB = Pick(picker, "b", 20);
        Assert.Equal(20, fromB.Count);
        Assert.False(picker.IsEndgame);
        Assert.DoesNotContain(fromB, r => picker.IsOutstanding("a", r));
    }

    [Fact]
    public void Unwanted_pieces_are_never_picked_and_do_not_block_completion()
    {
        var picker = new PiecePicker(3, Block, 3 * Block, new Random(1));
        picker.SetWanted(1, false);
        List<BlockRequest> picked = Pick(picker, "a", 10);
        Assert.Equal(new[] { 0, 2 }, picked.Select(r => r.PieceIndex).Order());
        foreach (BlockRequest r in picked)
        {
            Assert.Equal(BlockOutcome.PieceComplete, picker.BlockReceived("a", r));
            picker.MarkVerified(r.PieceIndex);
        }

        Assert.True(picker.IsComplete);
    }

    [Fact]
    public void Seeds_count_towards_every_piece_without_reordering()
    {
        PiecePicker picker = Picker();
        picker.PeerHasPiece(4);
        picker.SeedJoined();
        picker.SeedJoined();
        Assert.Equal(3, picker.Availability(4));
        Assert.Equal(2, picker.Availability(0));
        picker.SeedLeft();
        Assert.Equal(1, picker.Availability(0));
        Assert.NotEqual(4, Pick(picker, "a", 1)[0].PieceIndex);
    }

    [Fact]
    public void A_large_torrent_is_picked_from_without_scanning_trouble()
    {
        const int pieces = 100_000;
        var picker = new PiecePicker(pieces, Block, (long)pieces * Block, new Random(9));
        picker.SeedJoined();
        var seen = new HashSet<int>();
        for (int round = 0; round < 2000; round++)
        {
            foreach (BlockRequest r in Pick(picker, "a", 5))
            {
                Assert.True(seen.Add(r.PieceIndex));
                Assert.Equal(BlockOutcome.PieceComplete, picker.BlockReceived("a", r));
                picker.MarkVerified(r.PieceIndex);
            }
        }

        Assert.Equal(10_000, picker.VerifiedCount);
    }
}
