using BenchmarkDotNet.Attributes;
using TorrentPS.Peers;
using TorrentPS.Swarm;

namespace TorrentPS.Benchmarks;

/// <summary>
/// Rarest-first picking as the swarm changes, for 1,000 to 16,000 pieces. Availability: three partial peers
/// announce their bitfields (one PeerHasPiece per piece they hold). Picking: each of the three asks for a
/// piece's worth of blocks in turn, have messages keep arriving (one availability update per pick), and
/// every piece is received and verified, until the torrent is complete. Times are per whole run; divide
/// by the piece count for a per-piece cost.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PiecePickerBenchmarks
{
    private const int PieceLength = 256 * 1024;
    private const int Peers = 3;

    private readonly List<BlockRequest> _requests = new();
    private readonly List<object> _cancelFrom = new();
    private Bitfield[] _bitfields = Array.Empty<Bitfield>();
    private object[] _peers = Array.Empty<object>();
    private Func<int, bool>[] _has = Array.Empty<Func<int, bool>>();

    [Params(1_000, 4_000, 16_000)]
    public int PieceCount { get; set; }

    [GlobalSetup]
    public void CreatePeers()
    {
        var random = new Random(11);
        _bitfields = new Bitfield[Peers];
        for (int p = 0; p < Peers; p++)
        {
            _bitfields[p] = new Bitfield(PieceCount);
        }

        // Every piece is held by one to three of the peers, so availability differs and rarest-first matters.
        for (int piece = 0; piece < PieceCount; piece++)
        {
            int holders = 0;
            for (int p = 0; p < Peers; p++)
            {
                if (random.Next(2) == 0)
                {
                    _bitfields[p].Set(piece);
                    holders++;
                }
            }

            if (holders == 0)
            {
                _bitfields[random.Next(Peers)].Set(piece);
            }
        }

        _peers = Enumerable.Range(0, Peers).Select(_ => new object()).ToArray();
        _has = _bitfields.Select(bits => (Func<int, bool>)(piece => bits[piece])).ToArray();
    }

    [Benchmark(Description = "availability: 3 bitfields announced")]
    public PiecePicker AnnounceBitfields() => NewPickerWithBitfields();

    [Benchmark(Description = "pick rarest + have updates until complete")]
    public int PickUntilComplete()
    {
        PiecePicker picker = NewPickerWithBitfields();
        var haveRandom = new Random(13);
        int blocksPerPiece = PieceLength / PiecePicker.DefaultBlockSize;
        int picks = 0;
        int idle = 0;
        for (int turn = 0; !picker.IsComplete; turn = (turn + 1) % Peers)
        {
            _requests.Clear();
            if (picker.Pick(_peers[turn], _has[turn], blocksPerPiece, _requests) == 0)
            {
                if (++idle > Peers)
                {
                    throw new InvalidOperationException("No peer could be given a block before the torrent was complete.");
                }

                continue;
            }

            idle = 0;
            picks++;

            // Another peer's have message: availability changes between picks, as in a live swarm.
            picker.PeerHasPiece(haveRandom.Next(PieceCount));
            foreach (BlockRequest block in _requests)
            {
                _cancelFrom.Clear();
                if (picker.BlockReceived(_peers[turn], block, _cancelFrom) == BlockOutcome.PieceComplete)
                {
                    picker.MarkVerified(block.PieceIndex);
                }
            }
        }

        return picks;
    }

    private PiecePicker NewPickerWithBitfields()
    {
        var picker = new PiecePicker(PieceCount, PieceLength, (long)PieceCount * PieceLength, new Random(7));
        foreach (Bitfield bits in _bitfields)
        {
            for (int piece = 0; piece < PieceCount; piece++)
            {
                if (bits[piece])
                {
                    picker.PeerHasPiece(piece);
                }
            }
        }

        return picker;
    }
}
