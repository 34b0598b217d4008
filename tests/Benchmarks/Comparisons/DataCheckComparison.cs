using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using TorrentPS.Hashing;
using TorrentPS.Metainfo.Creation;
using TorrentPS.Storage;

namespace TorrentPS.Benchmarks.Comparisons;

/// <summary>
/// `check`: Test-TorrentData's engine path (DataChecker) against what two cores can hash with SHA-1 (the
/// runtime's one-shot SHA1.HashData, and the engine's multi-buffer SHA-1 that DataChecker uses), on one
/// torrent's worth of random data already in the page cache, alternating in the same run. Each limit is two
/// threads hashing piece-sized slices of in-memory buffers (no reads at all), so it is the strictest
/// reference; two threads reading their half from the page cache and hashing it show what the copy out of
/// the page cache costs on top, and two threads hashing a memory mapping of the file what hashing the page
/// cache in place (no copy) would give.
/// </summary>
public static class DataCheckComparison
{
    private const int Cores = 2;
    private const int LimitBufferBytes = 32 * 1024 * 1024;
    private const double MiB = 1024 * 1024;

    public static async Task<int> RunAsync(CommandOptions options)
    {
        double sizeGiB = options.GetDouble("size-gib", 4);
        int pieceLength = options.GetInt("piece-kib", 1024) * 1024;
        int rounds = options.GetInt("rounds", 5);
        string parent = options.GetString("dir") ?? Path.GetTempPath();
        options.RejectUnknown();
        long size = (long)(sizeGiB * 1024 * MiB);
        if (size <= 0 || pieceLength <= 0 || rounds <= 0)
        {
            throw new ArgumentException("--size-gib, --piece-kib and --rounds must be positive");
        }

        string folder = Path.Combine(parent, "torrentps-check-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "data.bin");
            Console.WriteLine($"Writing {size / MiB:N0} MiB of random data to {file} ...");
            WriteRandomFile(file, size);
            Stopwatch build = Stopwatch.StartNew();
            BuiltTorrent built = await TorrentBuilder.CreateAsync(file, new TorrentCreationOptions { PieceLength = pieceLength });
            TorrentInfo torrent = built.Torrent;
            Console.WriteLine($"Torrent built by TorrentBuilder: {torrent.PieceCount:N0} pieces of {pieceLength / 1024} KiB in {build.Elapsed.TotalSeconds:F1} s");
            double warm = MeasureOnce(() => ReadOnce(file));
            Console.WriteLine($"Warm-up read (one thread, page cache): {size / MiB / warm:N0} MiB/s");
            Console.WriteLine($"CPU: {Environment.ProcessorCount} logical processors; SHA-1 limit measured on {Cores} threads");
            Console.WriteLine();

            var limit = new Contender("SHA-1 limit: 2 threads hashing in-memory buffers (SHA1.HashData)", size);
            var multiLimit = new Contender($"multi-buffer SHA-1 limit: 2 threads, {MultiBufferSha1.LaneCount} pieces per call, in memory", size);
            var pageCache = new Contender("2 threads reading the page cache and hashing", size);
            var mapped = new Contender("2 threads hashing a memory-mapped view of the file", size);
            var checker = new Contender("DataChecker.CheckAsync (Test-TorrentData)", size);
            byte[][] buffers = Enumerable.Range(0, Cores).Select(_ => RandomBytes(LimitBufferBytes)).ToArray();
            for (int round = 0; round < rounds; round++)
            {
                // Rotate the order so no contender always runs first (or always right after a page-cache refill).
                var steps = new List<Action>
                {
                    () => limit.Measure(() => HashInMemory(buffers, torrent)),
                    () => multiLimit.Measure(() => HashInMemoryMultiBuffer(buffers, torrent)),
                    () => pageCache.Measure(() => HashFromPageCache(file, torrent)),
                    () => mapped.Measure(() => HashMapped(file, torrent)),
                    () => checker.Measure(() => CheckWithEngine(torrent, folder)),
                };
                for (int k = 0; k < steps.Count; k++)
                {
                    steps[(k + round) % steps.Count]();
                }

                Console.WriteLine($"round {round + 1}: SHA-1 limit {limit.Last}  multi-buffer limit {multiLimit.Last}  page cache {pageCache.Last}  mapped {mapped.Last}  DataChecker {checker.Last}");
            }

            double limitMedian = limit.MedianMiBPerSecond;
            double limitCpu = limit.MedianCpuSeconds;
            Console.WriteLine();
            Console.WriteLine($"| {size / MiB:N0} MiB, {pieceLength / 1024} KiB pieces, {rounds} rounds | median MiB/s | vs SHA-1 limit | median CPU s | CPU vs limit |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (Contender contender in new[] { limit, multiLimit, pageCache, mapped, checker })
            {
                Console.WriteLine($"| {contender.Name} | {contender.MedianMiBPerSecond:N0} | {contender.MedianMiBPerSecond / limitMedian:F2} | {contender.MedianCpuSeconds:F2} | {contender.MedianCpuSeconds / limitCpu:F2} |");
            }

            Console.WriteLine();
            Console.WriteLine($"DataChecker / SHA-1 limit (SHA1.HashData) = {checker.MedianMiBPerSecond / limitMedian:F2} (target >= 0.90); CPU seconds {checker.MedianCpuSeconds / limitCpu:F2}x the limit's");
            if (MultiBufferSha1.IsSupported)
            {
                Console.WriteLine($"DataChecker / multi-buffer SHA-1 limit = {checker.MedianMiBPerSecond / multiLimit.MedianMiBPerSecond:F2}");
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One column of the table: wall-clock throughput and the process's CPU time, per round.</summary>
    private sealed class Contender(string name, long bytes)
    {
        private readonly List<double> _throughput = new();
        private readonly List<double> _cpuSeconds = new();

        public string Name => name;

        public string Last => $"{_throughput[^1],6:N0} MiB/s {_cpuSeconds[^1],5:F2} CPU s";

        public double MedianMiBPerSecond => Median.Of(_throughput);

        public double MedianCpuSeconds => Median.Of(_cpuSeconds);

        public void Measure(Action action)
        {
            using Process self = Process.GetCurrentProcess();
            TimeSpan cpuBefore = self.TotalProcessorTime;
            double seconds = MeasureOnce(action);
            self.Refresh();
            _cpuSeconds.Add((self.TotalProcessorTime - cpuBefore).TotalSeconds);
            _throughput.Add(bytes / MiB / seconds);
        }
    }

    private static void CheckWithEngine(TorrentInfo torrent, string folder)
    {
        DataCheckResult result = DataChecker.CheckAsync(torrent, folder).GetAwaiter().GetResult();
        if (!result.IsComplete)
        {
            // A check that fails pieces did different work than a full verification: never report its speed.
            throw new InvalidOperationException($"The data check did not verify everything: {result}");
        }
    }

    /// <summary>Each thread hashes its half of the pieces from its own buffer, slice after slice.</summary>
    private static void HashInMemory(byte[][] buffers, TorrentInfo torrent)
    {
        Parallel.For(0, Cores, new ParallelOptions { MaxDegreeOfParallelism = Cores }, core =>
        {
            byte[] buffer = buffers[core];
            Span<byte> hash = stackalloc byte[20];
            (int first, int end) = Half(core, torrent.PieceCount);
            int offset = 0;
            for (int piece = first; piece < end; piece++)
            {
                int length = torrent.GetPieceSize(piece);
                if (offset + length > buffer.Length)
                {
                    offset = 0;
                }

                SHA1.HashData(buffer.AsSpan(offset, length), hash);
                offset += length;
            }
        });
    }

    /// <summary>
    /// The same with the engine's multi-buffer SHA-1: each call hashes as many equal pieces as there are lanes,
    /// slices of the thread's buffer (where it does not run, one piece per call through SHA1.HashData).
    /// </summary>
    private static void HashInMemoryMultiBuffer(byte[][] buffers, TorrentInfo torrent)
    {
        int lanes = Math.Max(1, MultiBufferSha1.LaneCount);
        Parallel.For(0, Cores, new ParallelOptions { MaxDegreeOfParallelism = Cores }, core =>
        {
            byte[] buffer = buffers[core];
            var messages = new ReadOnlyMemory<byte>[lanes];
            byte[] digests = new byte[lanes * 20];
            (int first, int end) = Half(core, torrent.PieceCount);
            int offset = 0;
            for (int piece = first; piece < end;)
            {
                int length = torrent.GetPieceSize(piece);
                int count = 0;
                while (count < lanes && piece < end && torrent.GetPieceSize(piece) == length)
                {
                    if (offset + length > buffer.Length)
                    {
                        offset = 0;
                    }

                    messages[count++] = new ReadOnlyMemory<byte>(buffer, offset, length);
                    offset += length;
                    piece++;
                }

                if (count > 1)
                {
                    MultiBufferSha1.HashEqualLength(messages.AsSpan(0, count), digests);
                }
                else
                {
                    SHA1.HashData(messages[0].Span, digests);
                }
            }
        });
    }

    /// <summary>Each thread reads its half of the file piece by piece into one buffer and hashes it.</summary>
    private static void HashFromPageCache(string file, TorrentInfo torrent)
    {
        Parallel.For(0, Cores, new ParallelOptions { MaxDegreeOfParallelism = Cores }, core =>
        {
            byte[] buffer = new byte[torrent.PieceLength];
            Span<byte> hash = stackalloc byte[20];
            using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            (int first, int end) = Half(core, torrent.PieceCount);
            for (int piece = first; piece < end; piece++)
            {
                int length = torrent.GetPieceSize(piece);
                long position = (long)piece * torrent.PieceLength;
                int read = 0;
                while (read < length)
                {
                    int n = RandomAccess.Read(handle, buffer.AsSpan(read, length - read), position + read);
                    read += n > 0 ? n : throw new EndOfStreamException(file);
                }

                SHA1.HashData(buffer.AsSpan(0, length), hash);
            }
        });
    }

    /// <summary>Each thread hashes its half straight from a mapping of the file: no copy out of the page cache.</summary>
    private static unsafe void HashMapped(string file, TorrentInfo torrent)
    {
        using var mapping = MemoryMappedFile.CreateFromFile(file, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        Parallel.For(0, Cores, new ParallelOptions { MaxDegreeOfParallelism = Cores }, core =>
        {
            (int first, int end) = Half(core, torrent.PieceCount);
            long start = (long)first * torrent.PieceLength;
            long length = Math.Min(torrent.TotalSize, (long)end * torrent.PieceLength) - start;
            using MemoryMappedViewAccessor view = mapping.CreateViewAccessor(start, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            try
            {
                pointer += view.PointerOffset;
                Span<byte> hash = stackalloc byte[20];
                for (int piece = first; piece < end; piece++)
                {
                    long offset = ((long)piece * torrent.PieceLength) - start;
                    SHA1.HashData(new ReadOnlySpan<byte>(pointer + offset, torrent.GetPieceSize(piece)), hash);
                }
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        });
    }

    private static (int First, int End) Half(int core, int pieceCount)
    {
        int first = (int)((long)pieceCount * core / Cores);
        return (first, (int)((long)pieceCount * (core + 1) / Cores));
    }

    private static double MeasureOnce(Action action)
    {
        Stopwatch stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static void ReadOnce(string file)
    {
        byte[] buffer = new byte[4 * 1024 * 1024];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        while (stream.Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }

    private static void WriteRandomFile(string file, long size)
    {
        var random = new Random(); // unseeded: the fast generator; the content only has to be incompressible
        byte[] chunk = new byte[8 * 1024 * 1024];
        using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        for (long written = 0; written < size; written += chunk.Length)
        {
            random.NextBytes(chunk);
            stream.Write(chunk, 0, (int)Math.Min(chunk.Length, size - written));
        }
    }

    private static byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
