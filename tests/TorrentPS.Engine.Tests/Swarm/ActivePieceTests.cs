using TorrentPS.Swarm;

namespace TorrentPS.Engine.Tests.Swarm;

public class ActivePieceTests
{
    [Fact]
    public void A_block_has_one_requester_until_a_second_is_added()
    {
        var piece = new ActivePiece(3, 4);
        Assert.Equal(0, piece.RequesterCount(1));
        Assert.False(piece.IsRequestedBy(1, "a"));

        piece.AddRequester(1, "a");
        Assert.Equal(1, piece.RequesterCount(1));
        Assert.True(piece.IsRequestedBy(1, "a"));
        Assert.False(piece.IsRequestedBy(1, "b"));

        piece.AddRequester(1, "b");
        Assert.Equal(2, piece.RequesterCount(1));
        Assert.Equal(new object[] { "a", "b" }, new[] { piece.Requester(1, 0), piece.Requester(1, 1) });
        Assert.True(piece.IsRequestedBy(1, "b"));
        Assert.Equal(0, piece.RequesterCount(0));
    }

    [Fact]
    public void Removing_the_first_requester_keeps_the_second()
    {
        var piece = new ActivePiece(0, 2);
        piece.AddRequester(0, "a");
        piece.AddRequester(0, "b");

        Assert.False(piece.RemoveRequester(0, "c"));
        Assert.True(piece.RemoveRequester(0, "a"));
        Assert.Equal(1, piece.RequesterCount(0));
        Assert.Equal("b", piece.Requester(0, 0));
        Assert.False(piece.IsRequestedBy(0, "a"));

        Assert.True(piece.RemoveRequester(0, "b"));
        Assert.Equal(0, piece.RequesterCount(0));
        Assert.False(piece.RemoveRequester(0, "b"));
    }

    [Fact]
    public void Removing_the_second_requester_keeps_the_first()
    {
        var piece = new ActivePiece(0, 1);
        piece.AddRequester(0, "a");
        piece.AddRequester(0, "b");
        Assert.True(piece.RemoveRequester(0, "b"));
        Assert.Equal(1, piece.RequesterCount(0));
        Assert.True(piece.IsRequestedBy(0, "a"));
    }

    [Fact]
    public void A_reset_piece_is_fresh_for_its_new_index()
    {
        var piece = new ActivePiece(1, 3);
        piece.AddRequester(0, "a");
        piece.AddRequester(0, "b");
        piece.AddRequester(2, "a");
        piece.Received[1] = true;
        piece.ReceivedCount = 1;
        piece.Unrequested = 0;
        piece.Contributors.Add("a");

        piece.Reset(7);

        Assert.Equal(7, piece.Index);
        Assert.Equal(3, piece.Unrequested);
        Assert.Equal(0, piece.ReceivedCount);
        Assert.All(piece.Received, Assert.False);
        Assert.Empty(piece.Contributors);
        Assert.All(Enumerable.Range(0, 3), b => Assert.Equal(0, piece.RequesterCount(b)));
        piece.AddRequester(0, "c");
        Assert.Equal(1, piece.RequesterCount(0));
    }

    [Fact]
    public void Clearing_a_block_forgets_every_requester()
    {
        var piece = new ActivePiece(0, 1);
        piece.AddRequester(0, "a");
        piece.AddRequester(0, "b");
        piece.ClearRequesters(0);
        Assert.Equal(0, piece.RequesterCount(0));
        piece.AddRequester(0, "c");
        Assert.Equal(1, piece.RequesterCount(0));
        Assert.False(piece.IsRequestedBy(0, "b"));
    }
}
