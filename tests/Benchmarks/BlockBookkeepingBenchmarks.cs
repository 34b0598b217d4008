using BenchmarkDotNet.Attributes;
using TorrentPS.Peers;
using TorrentPS.Swarm;

namespace TorrentPS.Benchmarks;

/// <summary>
/// What the download session does for every block, per block: PiecePicker hands out a piece's requests and
/// records each arriving block (BlockReceived, until PieceComplete and MarkVerified), and the peer's
/// PendingRequests remembers each request and matches the data that answers it. One invocation downloads a
/// whole 64 MiB torrent this way from one seed (the picker's set-up included); times are per 16 KiB block.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class BlockBookkeepingBenchmarks
{
    private const long TorrentSize = 64 * 1024 * 1024;
    private const int Blocks = (int)(TorrentSize / PiecePicker.DefaultBlockSize);

    private readonly object _peer = new();
    private readonly List<BlockRequest> _requests = new();
    private readonly List<object> _cancelFrom = new();
    private readonly Func<int, bool> _peerHasEverything = _ => true;

    [Params(256 * 1024, 1024 * 1024)]
    public int PieceLength { get; set; }

    [Benchmark(OperationsPerInvoke = Blocks, Description = "PiecePicker + PendingRequests, per block")]
    public int DownloadTorrent()
    {
        int pieceCount = (int)(TorrentSize / PieceLength);
        var picker = new PiecePicker(pieceCount, PieceLength, TorrentSize, new Random(5));
        picker.SeedJoined();
        var pending = new PendingRequests();
        int blocksPerPiece = PieceLength / PiecePicker.DefaultBlockSize;
        int received = 0;
        while (!picker.IsComplete)
        {
            _requests.Clear();
            if (picker.Pick(_peer, _peerHasEverything, blocksPerPiece, _requests) == 0)
            {
                throw new InvalidOperationException("The picker stopped handing out blocks before the torrent was complete.");
            }

            foreach (BlockRequest request in _requests)
            {
                pending.Add(request);
            }

            foreach (BlockRequest block in _requests)
            {
                pending.MatchArrival(block);
                _cancelFrom.Clear();
                received++;
                if (picker.BlockReceived(_peer, block, _cancelFrom) == BlockOutcome.PieceComplete)
                {
                    picker.MarkVerified(block.PieceIndex);
                }
            }
        }

        return received == Blocks ? received : throw new InvalidOperationException($"{received} blocks, not {Blocks}.");
    }
}
