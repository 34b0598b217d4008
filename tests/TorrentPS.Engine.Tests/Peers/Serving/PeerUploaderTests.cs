using System.Net;
using TorrentPS.Engine.Tests.Peers.Listening;
using TorrentPS.Engine.Tests.Session;
using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Peers;
using TorrentPS.Peers.Listening;
using TorrentPS.Peers.Serving;
using TorrentPS.Storage;
using TorrentPS.Swarm.RateLimiting;

namespace TorrentPS.Engine.Tests.Peers.Serving;

/// <summary>A <see cref="PeerUploader"/> on a real connection (accepted by a listener) to a peer driven byte by byte.</summary>
public sealed class PeerUploaderTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly SwarmContent _content = SwarmContent.SingleFile(8 * 16 * 1024, 16 * 1024, seed: 51);
    private TorrentStorage? _storage;
    private PeerListener? _listener;

    public async Task InitializeAsync()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "content.bin"), _content.Stream);
        _storage = new TorrentStorage(_content.Torrent, _folder.Path);
        _listener = PeerListener.Start(new PeerListenerSettings { Port = 0, BindAddresses = [IPAddress.Loopback] });
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _listener!.StopAsync();
        _storage!.Dispose();
        _folder.Dispose();
    }

    /// <summary>
    /// Connects a raw peer and runs an uploader for it. The upload limit lets one block through and then
    /// holds the next for hours, so everything after the first two requests stays queued.
    /// </summary>
    private async Task<(RawPeer Peer, PeerUploader Uploader)> ConnectAsync(bool fast, bool limited = true)
    {
        var context = new PeerTorrentContext(_content.Torrent.InfoHash, Frames.PeerId("-TP0100-"), _content.Torrent.PieceCount);
        var accepted = new TaskCompletionSource<PeerConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        using PeerListenerRegistration registration = _listener!.Register(context, accepted.SetResult);
        RawPeer peer = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _listener.Port));
        await peer.HandshakeAsync(context.InfoHash, fast);
        PeerConnection connection = await accepted.Task.WaitAsync(RawPeer.Patience);
        var rules = new UploadRules(_content.Torrent, _ => true);
        var uploader = new PeerUploader(connection, rules, new PieceReadCache(_storage!), limited ? new RateLimitChain(new RateLimiter(1, capacity: 16 * 1024)) : null);
        _ = connection.RunAsync(new Forwarder(uploader));
        _ = uploader.RunAsync();
        return (peer, uploader);
    }

    [Fact]
    public async Task Choking_a_Fast_peer_sends_choke_and_then_a_reject_for_each_queued_request()
    {
        (RawPeer peer, PeerUploader uploader) = await ConnectAsync(fast: true);
        using (peer)
        {
            await uploader.UnchokeAsync();
            await peer.ReceiveUntilAsync(1);
            await peer.SendAsync(Frames.Concat(Frames.Request(0, 0, 16384), Frames.Request(1, 0, 16384), Frames.Request(2, 0, 16384), Frames.Request(3, 0, 16384)));
            byte[] first = await peer.ReceiveUntilAsync(7);
            Assert.Equal(_content.Block(0, 0, 16384).ToArray(), first[8..]);
            await WaitForAsync(() => uploader.State.QueuedCount == 2);

            await uploader.ChokeAsync();

            Assert.Equal(0, (await peer.ReceiveMessageAsync()).Id);
            await ExpectAsync(peer, 0x10, Frames.Concat(Frames.U32(2), Frames.U32(0), Frames.U32(16384)));
            await ExpectAsync(peer, 0x10, Frames.Concat(Frames.U32(3), Frames.U32(0), Frames.U32(16384)));
            Assert.Equal(1, uploader.BlocksUploaded);
            Assert.Equal(16384, uploader.BytesUploaded);
        }
    }

    [Fact]
    public async Task Requests_queued_together_are_served_in_order_with_the_right_bytes()
    {
        (RawPeer peer, PeerUploader uploader) = await ConnectAsync(fast: true, limited: false);
        using (peer)
        {
            await uploader.UnchokeAsync();
            await peer.ReceiveUntilAsync(1);
            int[] order = [5, 0, 7, 2, 1, 6, 3, 4];
            await peer.SendAsync(Frames.Concat(order.Select(piece => Frames.Request((uint)piece, 0, 16384)).ToArray()));

            foreach (int piece in order)
            {
                byte[] message = await peer.ReceiveUntilAsync(7);
                Assert.Equal(Frames.Concat(Frames.U32((uint)piece), Frames.U32(0)), message[..8]);
                Assert.Equal(_content.Block(piece, 0, 16384).ToArray(), message[8..]);
            }

            await WaitForAsync(() => uploader.BlocksUploaded == 8);
            Assert.Equal(8 * 16384, uploader.BytesUploaded);
        }
    }

    [Fact]
    public async Task Many_small_requests_queued_together_go_out_in_order_across_several_writes()
    {
        (RawPeer peer, PeerUploader uploader) = await ConnectAsync(fast: true, limited: false);
        using (peer)
        {
            await uploader.UnchokeAsync();
            await peer.ReceiveUntilAsync(1);
            // 16 blocks of 1 KiB from each of the 8 pieces, last piece first: four times as many as one write takes.
            (int Piece, int Begin)[] order = Enumerable.Range(0, 8).Reverse().SelectMany(piece => Enumerable.Range(0, 16).Select(i => (piece, i * 1024))).ToArray();
            Assert.True(order.Length >= 4 * PeerUploader.MaxBlocksPerWrite);
            await peer.SendAsync(Frames.Concat(order.Select(b => Frames.Request((uint)b.Piece, (uint)b.Begin, 1024)).ToArray()));

            foreach ((int piece, int begin) in order)
            {
                byte[] message = await peer.ReceiveUntilAsync(7);
                Assert.Equal(Frames.Concat(Frames.U32((uint)piece), Frames.U32((uint)begin)), message[..8]);
                Assert.Equal(_content.Block(piece, begin, 1024).ToArray(), message[8..]);
            }

            await WaitForAsync(() => uploader.BlocksUploaded == order.Length);
            Assert.Equal(order.Length * 1024, uploader.BytesUploaded);
        }
    }

    [Fact]
    public async Task A_peer_without_Fast_gets_no_block_after_our_choke_even_from_requests_taken_together()
    {
        (RawPeer peer, PeerUploader uploader) = await ConnectAsync(fast: false, limited: false);
        using (peer)
        {
            await uploader.UnchokeAsync();
            await peer.ReceiveUntilAsync(1);
            (int Piece, int Begin)[] order = Enumerable.Range(0, 8).SelectMany(piece => Enumerable.Range(0, 4).Select(i => (piece, i * 4096))).ToArray();
            await peer.SendAsync(Frames.Concat(order.Select(b => Frames.Request((uint)b.Piece, (uint)b.Begin, 4096)).ToArray()));
            await peer.ReceiveUntilAsync(7);

            await uploader.ChokeAsync();
            int before = 1;
            while (true)
            {
                (int id, byte[] payload) = await peer.ReceiveMessageAsync();
                if (id == 0)
                {
                    break;
                }

                Assert.Equal(7, id);
                Assert.Equal(Frames.Concat(Frames.U32((uint)order[before].Piece), Frames.U32((uint)order[before].Begin)), payload[..8]);
                before++;
            }

            // What was queued or taken when we choked is gone: after the unchoke, the first block is the one asked for now.
            await uploader.UnchokeAsync();
            await peer.ReceiveUntilAsync(1);
            await peer.SendAsync(Frames.Request(7, 0, 16384));
            byte[] next = await peer.ReceiveUntilAsync(7);
            Assert.Equal(Frames.Concat(Frames.U32(7), Frames.U32(0)), next[..8]);
            Assert.Equal(_content.Block(7, 0, 16384).ToArray(), next[8..]);
            await WaitForAsync(() => uploader.BlocksUploaded == before + 1);
        }
    }

    [Fact]
    public async Task A_peer_without_Fast_gets_a_bitfield_a_silent_choke_and_its_requests_while_choked_ignored()
    {
        (RawPeer peer, PeerUploader uploader) = await ConnectAsync(fast: false);
        using (peer)
        {
            var have = new Bitfield(_content.Torrent.PieceCount);
            have.Set(3);
            await PeerUploader.AnnouncePiecesAsync(uploader.Connection, have);
            await ExpectAsync(peer, 5, [0b0001_0000]);

            await uploader.UnchokeAsync();
            await peer.ReceiveUntilAsync(1);
            await peer.SendAsync(Frames.Concat(Frames.Request(0, 0, 16384), Frames.Request(1, 0, 16384), Frames.Request(2, 0, 16384)));
            await peer.ReceiveUntilAsync(7);
            await WaitForAsync(() => uploader.State.QueuedCount == 1);
            await uploader.ChokeAsync();
            await peer.SendAsync(Frames.Request(4, 0, 16384));
            await peer.SendAsync(Frames.Message(2)); // interested: a marker that the request before it was read
            await WaitForAsync(() => uploader.IsPeerInterested);

            Assert.Equal(0, (await peer.ReceiveMessageAsync()).Id);
            Assert.Equal(0, uploader.State.QueuedCount);
            Assert.False(uploader.Connection.IsClosed);
        }
    }

    [Fact]
    public async Task An_empty_have_set_is_have_none_with_Fast_and_nothing_at_all_without()
    {
        (RawPeer fastPeer, PeerUploader fastUploader) = await ConnectAsync(fast: true);
        using (fastPeer)
        {
            await PeerUploader.AnnouncePiecesAsync(fastUploader.Connection, new Bitfield(_content.Torrent.PieceCount));
            Assert.Equal(0x0F, (await fastPeer.ReceiveMessageAsync()).Id);
        }

        (RawPeer plainPeer, PeerUploader plainUploader) = await ConnectAsync(fast: false);
        using (plainPeer)
        {
            await PeerUploader.AnnouncePiecesAsync(plainUploader.Connection, new Bitfield(_content.Torrent.PieceCount));
            await plainUploader.UnchokeAsync();
            Assert.Equal(1, (await plainPeer.ReceiveMessageAsync()).Id);
        }
    }

    [Fact]
    public async Task A_request_the_rules_refuse_closes_the_connection_with_the_reason()
    {
        (RawPeer peer, PeerUploader uploader) = await ConnectAsync(fast: true);
        using (peer)
        {
            await uploader.UnchokeAsync();
            await peer.SendAsync(Frames.Request(7, 16000, 1000));
            await peer.WaitUntilClosedAsync();

            await uploader.Connection.Completion.WaitAsync(RawPeer.Patience);
            Assert.Equal(PeerCloseReason.ProtocolViolation, uploader.Connection.CloseReason);
            Assert.Contains("past the end of the piece", uploader.Connection.CloseError!.Message);
        }
    }

    private static async Task ExpectAsync(RawPeer peer, int id, byte[] payload)
    {
        (int gotId, byte[] gotPayload) = await peer.ReceiveMessageAsync();
        Assert.Equal(id, gotId);
        Assert.Equal(payload, gotPayload);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(RawPeer.Patience);
        while (!condition())
        {
            await Task.Delay(10, patience.Token);
        }
    }

    private sealed class Forwarder(PeerUploader uploader) : IPeerMessageHandler
    {
        public async ValueTask OnMessageAsync(PeerConnection connection, PeerMessage message, CancellationToken cancellationToken) =>
            await uploader.HandleAsync(message);
    }
}
