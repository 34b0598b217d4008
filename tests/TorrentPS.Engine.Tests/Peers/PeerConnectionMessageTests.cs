using System.Buffers.Binary;
using TorrentPS.Engine.Tests.Peers.Doubles;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

/// <summary>The read loop and send path of a handshaken connection, against a scripted loopback peer.</summary>
public class PeerConnectionMessageTests
{
    private static readonly PeerConnectionSettings Patient = new()
    {
        HandshakeTimeout = ScriptedPeer.Patience,
        IdleTimeout = ScriptedPeer.Patience,
        KeepAliveInterval = ScriptedPeer.Patience,
    };

    [Fact]
    public async Task Messages_arrive_decoded_however_tcp_splits_them()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        await pair.Peer.SendTricklingAsync(Frames.Concat(
            Frames.Message(5, new byte[] { 0xFF, 0x80 }),
            Frames.KeepAlive,
            Frames.Message(0x42, new byte[] { 1, 2, 3 }),
            Frames.Have(3),
            Frames.Message(1),
            Frames.Message(20, new byte[] { 0 }, "de"u8.ToArray()),
            Frames.Message(9, Frames.U16(6881))));

        PeerMessage bitfield = await pair.Handler.NextAsync();
        Assert.Equal(PeerMessageType.Bitfield, bitfield.Type);
        Assert.Equal(9, Bitfield.FromWire(bitfield.Payload.Span, 10).Count);
        // The keep-alive and the unknown id 0x42 are consumed by the connection, not delivered.
        Assert.Equal(3, (await pair.Handler.NextAsync()).PieceIndex);
        Assert.Equal(PeerMessageType.Unchoke, (await pair.Handler.NextAsync()).Type);
        PeerMessage extended = await pair.Handler.NextAsync();
        Assert.Equal(PeerMessageType.Extended, extended.Type);
        Assert.Equal("de"u8.ToArray(), extended.ExtendedPayload.ToArray());
        Assert.Equal(6881, (await pair.Handler.NextAsync()).Port);
        Assert.False(pair.Connection.IsClosed);
    }

    [Fact]
    public async Task An_oversized_message_closes_the_connection_with_the_reason()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        await pair.Peer.SendAsync(Frames.Prefix(1 << 24));

        Assert.Equal(PeerCloseReason.ProtocolViolation, await pair.EndAsync());
        var error = Assert.IsType<PeerProtocolException>(pair.Connection.CloseError);
        Assert.Equal(PeerProtocolError.MessageTooLong, error.Error);
        Assert.Empty(await pair.Peer.ReceiveUntilClosedAsync());
    }

    [Fact]
    public async Task Garbage_after_the_handshake_closes_the_connection()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        await pair.Peer.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        Assert.Equal(PeerCloseReason.ProtocolViolation, await pair.EndAsync());
        Assert.IsType<PeerProtocolException>(pair.Connection.CloseError);
    }

    [Fact]
    public async Task A_bitfield_with_spare_bits_closes_the_connection()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        await pair.Peer.SendAsync(Frames.Message(5, new byte[] { 0xFF, 0xC1 }));

        Assert.Equal(PeerCloseReason.ProtocolViolation, await pair.EndAsync());
        Assert.Equal(PeerProtocolError.BadBitfield, Assert.IsType<PeerProtocolException>(pair.Connection.CloseError).Error);
    }

    [Fact]
    public async Task Fast_messages_without_the_fast_extension_close_the_connection()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient, peerSupportsFast: false);
        Assert.False(pair.Connection.SupportsFast);
        await pair.Peer.SendAsync(Frames.Message(0x0E));

        Assert.Equal(PeerCloseReason.ProtocolViolation, await pair.EndAsync());
        Assert.Equal(PeerProtocolError.ExtensionNotNegotiated, Assert.IsType<PeerProtocolException>(pair.Connection.CloseError).Error);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Connection.SendHaveAllAsync());
    }

    [Fact]
    public async Task A_peer_that_goes_silent_hits_the_idle_timeout()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(new PeerConnectionSettings
        {
            IdleTimeout = TimeSpan.FromMilliseconds(300),
            KeepAliveInterval = ScriptedPeer.Patience,
        });

        Assert.Equal(PeerCloseReason.IdleTimeout, await pair.EndAsync());
        Assert.Equal(PeerProtocolError.IdleTimeout, Assert.IsType<PeerProtocolException>(pair.Connection.CloseError).Error);
        Assert.Empty(await pair.Peer.ReceiveUntilClosedAsync());
    }

    [Fact]
    public async Task Keep_alives_go_out_after_the_configured_silence()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(new PeerConnectionSettings
        {
            IdleTimeout = ScriptedPeer.Patience,
            KeepAliveInterval = TimeSpan.FromMilliseconds(100),
        });

        // Two in a row: the interval restarts after each one.
        Assert.Equal(new byte[8], await pair.Peer.ReceiveExactlyAsync(8));
        // The counter moves once the write returns, which may be just after the peer has the bytes.
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (pair.Connection.ProtocolBytesSent < 68 + 8 && patience.Elapsed < ScriptedPeer.Patience)
        {
            await Task.Delay(10);
        }

        Assert.True(pair.Connection.ProtocolBytesSent >= 68 + 8);
        Assert.False(pair.Connection.IsClosed);
    }

    [Fact]
    public async Task Keep_alives_from_the_peer_keep_the_connection_open()
    {
        // Generous, because a test host starved of CPU for this long would make any idle timeout fire.
        TimeSpan idle = TimeSpan.FromSeconds(3);
        using ConnectedPair pair = await ConnectedPair.StartAsync(new PeerConnectionSettings
        {
            IdleTimeout = idle,
            KeepAliveInterval = ScriptedPeer.Patience,
        });

        // A keep-alive every 100 ms for one and a half idle timeouts, from a thread of its own so a busy thread
        // pool on a loaded test machine cannot delay them.
        var pumped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = new Thread(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < idle + idle / 2)
            {
                pair.Peer.SendBlocking(Frames.KeepAlive);
                Thread.Sleep(100);
            }

            pumped.SetResult();
        });
        pump.Start();
        await pumped.Task;

        await pair.Peer.SendAsync(Frames.Have(1));
        Assert.Equal(1, (await pair.Handler.NextAsync()).PieceIndex);
        Assert.False(pair.Connection.IsClosed);
    }

    [Fact]
    public async Task Requested_blocks_are_delivered_and_unrequested_ones_dropped_and_counted()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        var block = new BlockRequest(2, 16384, 5);
        await pair.Connection.SendRequestAsync(block);
        Assert.Equal(Frames.Request(2, 16384, 5), await pair.Peer.ReceiveExactlyAsync(17));
        Assert.Equal(1, pair.Connection.PendingRequestCount);

        await pair.Peer.SendAsync(Frames.Concat(
            Frames.Piece(2, 0, new byte[] { 9, 9, 9, 9, 9 }),      // never asked for
            Frames.Piece(2, 16384, new byte[] { 1, 2, 3, 4, 5 }),  // asked for
            Frames.Piece(2, 16384, new byte[] { 1, 2, 3, 4, 5 }),  // a duplicate: no longer outstanding
            Frames.Have(7)));

        PeerMessage piece = await pair.Handler.NextAsync();
        Assert.Equal(PeerMessageType.Piece, piece.Type);
        Assert.Equal(block, piece.Block);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, piece.Payload.ToArray());
        Assert.Equal(7, (await pair.Handler.NextAsync()).PieceIndex);
        Assert.Equal(2, pair.Connection.UnrequestedBlocks);
        Assert.Equal(0, pair.Connection.PendingRequestCount);
        Assert.Equal(15, pair.Connection.PayloadBytesReceived);
        Assert.Equal(68 + (3 * 13) + 9, pair.Connection.ProtocolBytesReceived);
    }

    [Fact]
    public async Task Batched_requests_go_out_in_order_and_each_answer_is_delivered()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        BlockRequest[] blocks = { new(3, 0, 16384), new(3, 16384, 16384), new(4, 0, 100) };
        await pair.Connection.SendRequestsAsync(blocks);

        Assert.Equal(Frames.Concat(Frames.Request(3, 0, 16384), Frames.Request(3, 16384, 16384), Frames.Request(4, 0, 100)), await pair.Peer.ReceiveExactlyAsync(51));
        Assert.Equal(3, pair.Connection.PendingRequestCount);
        Assert.Equal(68 + 51, pair.Connection.ProtocolBytesSent);

        await pair.Peer.SendAsync(Frames.Concat(Frames.Piece(4, 0, new byte[100]), Frames.Piece(3, 16384, new byte[16384]), Frames.Piece(3, 0, new byte[16384])));
        Assert.Equal(blocks[2], (await pair.Handler.NextAsync()).Block);
        Assert.Equal(blocks[1], (await pair.Handler.NextAsync()).Block);
        Assert.Equal(blocks[0], (await pair.Handler.NextAsync()).Block);
        Assert.Equal(0, pair.Connection.UnrequestedBlocks);
        Assert.Equal(0, pair.Connection.PendingRequestCount);
    }

    [Fact]
    public async Task A_bad_block_in_a_batch_sends_none_of_it()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        BlockRequest[] blocks = { new(0, 0, 16384), new(0, -1, 16384) };

        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = pair.Connection.SendRequestsAsync(blocks); });
        Assert.Equal(0, pair.Connection.PendingRequestCount);
        await pair.Connection.SendHaveAsync(1);
        Assert.Equal(Frames.Have(1), await pair.Peer.ReceiveExactlyAsync(9));
    }

    [Fact]
    public async Task Too_many_unrequested_blocks_close_the_connection()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(new PeerConnectionSettings
        {
            HandshakeTimeout = ScriptedPeer.Patience,
            IdleTimeout = ScriptedPeer.Patience,
            KeepAliveInterval = ScriptedPeer.Patience,
            MaxUnrequestedBlocks = 2,
        });
        for (int i = 0; i < 3; i++)
        {
            await pair.Peer.SendAsync(Frames.Piece(0, (uint)(i * 16384), new byte[16384]));
        }

        Assert.Equal(PeerCloseReason.ProtocolViolation, await pair.EndAsync());
        Assert.Equal(PeerProtocolError.UnrequestedData, Assert.IsType<PeerProtocolException>(pair.Connection.CloseError).Error);
        Assert.False(pair.Handler.TryTake(out _));
    }

    [Fact]
    public async Task A_block_that_crosses_our_cancel_is_dropped_without_blame()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        var block = new BlockRequest(1, 0, 16384);
        await pair.Connection.SendRequestAsync(block);
        await pair.Connection.SendCancelAsync(block);
        Assert.Equal(Frames.Concat(Frames.Request(1, 0, 16384), Frames.Message(8, Frames.U32(1), Frames.U32(0), Frames.U32(16384))), await pair.Peer.ReceiveExactlyAsync(34));

        await pair.Peer.SendAsync(Frames.Concat(Frames.Piece(1, 0, new byte[16384]), Frames.Have(4)));
        Assert.Equal(PeerMessageType.Have, (await pair.Handler.NextAsync()).Type);
        Assert.Equal(0, pair.Connection.UnrequestedBlocks);
    }

    [Fact]
    public async Task Without_fast_a_choke_drops_outstanding_requests()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient, peerSupportsFast: false);
        await pair.Connection.SendRequestAsync(new BlockRequest(0, 0, 16384));
        await pair.Connection.SendRequestAsync(new BlockRequest(0, 16384, 16384));
        await pair.Peer.ReceiveExactlyAsync(34);
        await pair.Peer.SendAsync(Frames.Message(0));

        Assert.Equal(PeerMessageType.Choke, (await pair.Handler.NextAsync()).Type);
        Assert.Equal(0, pair.Connection.PendingRequestCount);
    }

    [Fact]
    public async Task With_fast_a_choke_keeps_requests_until_each_is_rejected()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient, peerSupportsFast: true);
        await pair.Connection.SendRequestAsync(new BlockRequest(0, 0, 16384));
        await pair.Connection.SendRequestAsync(new BlockRequest(0, 16384, 16384));
        await pair.Peer.ReceiveExactlyAsync(34);
        await pair.Peer.SendAsync(Frames.Concat(Frames.Message(0), Frames.Message(0x10, Frames.U32(0), Frames.U32(0), Frames.U32(16384))));

        Assert.Equal(PeerMessageType.Choke, (await pair.Handler.NextAsync()).Type);
        Assert.Equal(PeerMessageType.Reject, (await pair.Handler.NextAsync()).Type);
        Assert.Equal(new[] { new BlockRequest(0, 16384, 16384) }, pair.Connection.GetPendingRequests());
    }

    [Fact]
    public async Task Sends_from_many_threads_never_interleave()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        byte[] block = Enumerable.Range(0, 16384).Select(i => (byte)(i * 31)).ToArray();
        const int Threads = 8;
        const int PerThread = 25;
        Task[] senders = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                if (i % 5 == 0)
                {
                    await pair.Connection.SendPieceAsync(t, i * 16384, block);
                }
                else
                {
                    await pair.Connection.SendHaveAsync(t);
                }
            }
        })).ToArray();
        Task<byte[]> received = pair.Peer.ReceiveExactlyAsync(Threads * PerThread / 5 * (13 + 16384) + (Threads * PerThread * 4 / 5 * 9));
        await Task.WhenAll(senders);
        byte[] bytes = await received;

        var limits = PeerMessageLimits.ForTorrent(10);
        var haves = new int[Threads];
        int pieces = 0;
        int offset = 0;
        while (PeerMessageReader.TryRead(bytes.AsMemory(offset), limits, out PeerMessage message, out int consumed))
        {
            offset += consumed;
            if (message.Type == PeerMessageType.Have)
            {
                haves[message.PieceIndex]++;
            }
            else
            {
                Assert.Equal(PeerMessageType.Piece, message.Type);
                Assert.True(message.Payload.Span.SequenceEqual(block));
                pieces++;
            }
        }

        Assert.Equal(bytes.Length, offset);
        Assert.All(haves, count => Assert.Equal(PerThread * 4 / 5, count));
        Assert.Equal(Threads * PerThread / 5, pieces);
        Assert.Equal(pieces * 16384L, pair.Connection.PayloadBytesSent);
        Assert.Equal(68 + (pieces * 13L) + (Threads * PerThread * 4 / 5 * 9), pair.Connection.ProtocolBytesSent);
    }

    [Fact]
    public async Task Every_send_method_writes_its_message()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        var bitfield = new Bitfield(10);
        bitfield.Set(9);
        await pair.Connection.SendChokeAsync();
        await pair.Connection.SendUnchokeAsync();
        await pair.Connection.SendInterestedAsync();
        await pair.Connection.SendNotInterestedAsync();
        await pair.Connection.SendBitfieldAsync(bitfield);
        await pair.Connection.SendHaveAllAsync();
        await pair.Connection.SendHaveNoneAsync();
        await pair.Connection.SendSuggestAsync(4);
        await pair.Connection.SendAllowedFastAsync(5);
        await pair.Connection.SendRejectAsync(new BlockRequest(1, 2, 3));
        await pair.Connection.SendPortAsync(6881);
        await pair.Connection.SendKeepAliveAsync();

        byte[] expected = Frames.Concat(
            Frames.Message(0), Frames.Message(1), Frames.Message(2), Frames.Message(3),
            Frames.Message(5, new byte[] { 0, 0x40 }),
            Frames.Message(0x0E), Frames.Message(0x0F),
            Frames.Message(0x0D, Frames.U32(4)), Frames.Message(0x11, Frames.U32(5)),
            Frames.Message(0x10, Frames.U32(1), Frames.U32(2), Frames.U32(3)),
            Frames.Message(9, Frames.U16(6881)),
            Frames.KeepAlive);
        Assert.Equal(expected, await pair.Peer.ReceiveExactlyAsync(expected.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = pair.Connection.SendHaveAsync(10); });
        Assert.Throws<ArgumentException>(() => { _ = pair.Connection.SendBitfieldAsync(new Bitfield(11)); });
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Connection.SendExtendedAsync(0, new byte[] { 1 }));
    }

    [Fact]
    public async Task The_peer_hanging_up_ends_the_run_as_remote_closed()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        pair.Peer.HangUp();
        Assert.Equal(PeerCloseReason.RemoteClosed, await pair.EndAsync());
        // Sending to a closed connection is a quiet no-op, not an exception.
        await pair.Connection.SendHaveAsync(1);
    }

    [Fact]
    public async Task Closing_locally_ends_the_run_and_the_socket()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Patient);
        pair.Connection.Close();
        Assert.Equal(PeerCloseReason.Local, await pair.EndAsync());
        Assert.Equal(PeerCloseReason.Local, await pair.Connection.Completion);
        Assert.Empty(await pair.Peer.ReceiveUntilClosedAsync());
    }

    [Fact]
    public async Task A_handler_that_throws_closes_only_its_connection()
    {
        ScriptedPeer peer = ScriptedPeer.Listen();
        using (peer)
        {
            InfoHash hash = Frames.RandomInfoHash();
            var torrent = new PeerTorrentContext(hash, Frames.PeerId("-TP0100-"), 10);
            Task<PeerConnection> connecting = PeerConnection.ConnectAsync(peer.EndPoint, torrent, Patient);
            await peer.AcceptAsync();
            await peer.AnswerHandshakeAsync(Frames.Handshake(hash, Frames.PeerId("-DE13F0-")));
            using PeerConnection connection = await connecting;
            Task<PeerCloseReason> run = connection.RunAsync(new ThrowingHandler());
            await peer.SendAsync(Frames.Have(1));

            Assert.Equal(PeerCloseReason.HandlerFailed, await run.WaitAsync(ScriptedPeer.Patience));
            Assert.IsType<FormatException>(connection.CloseError);
        }
    }

    private sealed class ThrowingHandler : IPeerMessageHandler
    {
        public ValueTask OnMessageAsync(PeerConnection connection, PeerMessage message, CancellationToken cancellationToken) =>
            throw new FormatException("the session did not like it");
    }
}
