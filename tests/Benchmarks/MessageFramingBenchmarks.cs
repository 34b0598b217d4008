using BenchmarkDotNet.Attributes;
using TorrentPS.Peers;

namespace TorrentPS.Benchmarks;

/// <summary>
/// The wire codec on the download path, per message: PeerMessageReader framing a buffer full of 16 KiB piece
/// messages (what a fast seeder sends), and PeerMessageWriter encoding the request and piece-header messages
/// we send. Times are per message (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MessageFramingBenchmarks
{
    private const int Messages = 64;
    private const int PieceCount = 4096;
    private const int BlocksPerPiece = 64;

    private readonly PeerMessageLimits _limits = PeerMessageLimits.ForTorrent(PieceCount);
    private readonly byte[] _output = new byte[Messages * PeerMessageWriter.BlockMessageLength];
    private byte[] _stream = Array.Empty<byte>();

    [GlobalSetup]
    public void WritePieceMessages()
    {
        int messageLength = PeerMessageWriter.PieceHeaderLength + BlockRequest.MaxLength;
        _stream = new byte[Messages * messageLength];
        new Random(3).NextBytes(_stream);
        for (int i = 0; i < Messages; i++)
        {
            PeerMessageWriter.WritePieceHeader(_stream.AsSpan(i * messageLength), i / BlocksPerPiece, i % BlocksPerPiece * BlockRequest.MaxLength, BlockRequest.MaxLength);
        }

        // A stream that frames differently than it was written would make the numbers meaningless.
        if (ReadPieceMessages() != Messages * (long)BlockRequest.MaxLength)
        {
            throw new InvalidOperationException("The piece stream did not frame into whole 16 KiB blocks.");
        }
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "PeerMessageReader.TryRead: 16 KiB piece message")]
    public long ReadPieceMessages()
    {
        ReadOnlyMemory<byte> remaining = _stream;
        long blockBytes = 0;
        while (PeerMessageReader.TryRead(remaining, _limits, out PeerMessage message, out int consumed))
        {
            blockBytes += message.Payload.Length;
            remaining = remaining.Slice(consumed);
        }

        return blockBytes;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "PeerMessageWriter.WriteBlockMessage: request")]
    public int WriteRequests()
    {
        Span<byte> output = _output;
        int written = 0;
        for (int i = 0; i < Messages; i++)
        {
            written += PeerMessageWriter.WriteBlockMessage(output.Slice(written), PeerMessageType.Request, new BlockRequest(i / BlocksPerPiece, i % BlocksPerPiece * BlockRequest.MaxLength, BlockRequest.MaxLength));
        }

        return written;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "PeerMessageWriter.WritePieceHeader")]
    public int WritePieceHeaders()
    {
        Span<byte> output = _output;
        int written = 0;
        for (int i = 0; i < Messages; i++)
        {
            written += PeerMessageWriter.WritePieceHeader(output.Slice(written), i / BlocksPerPiece, i % BlocksPerPiece * BlockRequest.MaxLength, BlockRequest.MaxLength);
        }

        return written;
    }
}
