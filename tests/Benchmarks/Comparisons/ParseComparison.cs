using System.Diagnostics;
using System.Globalization;

namespace TorrentPS.Benchmarks.Comparisons;

/// <summary>
/// `parse`: TorrentInfo.Load against python3-libtorrent's torrent_info on the same bytes of the large
/// benchmark torrent (10,000 files, 100,000 pieces), in the same run. Each side is timed inside its own
/// process after a warm-up, call by call, so neither pays for process start, JIT or imports; rounds
/// alternate which side runs first. libtorrent's timing includes nothing of Python's but the call itself.
/// </summary>
public static class ParseComparison
{
    private const string Python = "/usr/bin/python3";

    public static int Run(CommandOptions options)
    {
        int iterations = options.GetInt("iterations", 40);
        int rounds = options.GetInt("rounds", 5);
        options.RejectUnknown();
        if (iterations <= 0 || rounds <= 0)
        {
            throw new ArgumentException("--iterations and --rounds must be positive");
        }

        byte[] bytes = LargeTorrent.Create(TorrentParseBenchmarks.FileCount, TorrentParseBenchmarks.PieceCount, TorrentParseBenchmarks.PieceLength);
        string file = Path.Combine(Path.GetTempPath(), "torrentps-parse-" + Guid.NewGuid().ToString("N")[..8] + ".torrent");
        File.WriteAllBytes(file, bytes);
        try
        {
            Console.WriteLine($"Torrent: {bytes.Length:N0} bytes, {TorrentParseBenchmarks.FileCount:N0} files, {TorrentParseBenchmarks.PieceCount:N0} pieces; {rounds} rounds of {iterations} timed calls each side");
            var ours = new List<double>();
            var allocated = new List<double>();
            var theirs = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                Action measureOurs = () => ours.AddRange(TimeTorrentInfoLoad(bytes, iterations, allocated));
                Action measureTheirs = () => theirs.AddRange(TimeLibtorrent(file, iterations));
                (round % 2 == 0 ? measureOurs : measureTheirs)();
                (round % 2 == 0 ? measureTheirs : measureOurs)();
                Console.WriteLine($"round {round + 1}: TorrentInfo.Load {Median.Of(ours[^iterations..]) * 1000,7:F2} ms   libtorrent torrent_info {Median.Of(theirs[^iterations..]) * 1000,7:F2} ms");
            }

            double oursMedian = Median.Of(ours);
            double theirsMedian = Median.Of(theirs);
            Console.WriteLine();
            Console.WriteLine("| parse of the large torrent | median ms | allocated MB | vs libtorrent (time) |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| TorrentInfo.Load | {oursMedian * 1000:F2} | {Median.Of(allocated) / 1e6:F1} | {oursMedian / theirsMedian:F2} |");
            Console.WriteLine($"| python3-libtorrent torrent_info(bytes) | {theirsMedian * 1000:F2} | n/a | 1.00 |");
            Console.WriteLine();
            Console.WriteLine($"TorrentInfo.Load time / libtorrent time = {oursMedian / theirsMedian:F2} (target < 1)");
            return 0;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<double> TimeTorrentInfoLoad(byte[] bytes, int iterations, List<double> allocated)
    {
        for (int i = 0; i < Math.Max(10, iterations / 4); i++)
        {
            TorrentInfo.Load(bytes);
        }

        var seconds = new List<double>(iterations);
        for (int i = 0; i < iterations; i++)
        {
            // A collection outside the timed call, so no call pays for the garbage of the ones before it.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long before = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            TorrentInfo torrent = TorrentInfo.Load(bytes);
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            GC.KeepAlive(torrent);
        }

        return seconds;
    }

    private static List<double> TimeLibtorrent(string file, int iterations)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Comparisons", "libtorrent-parse.py");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { script, file, Math.Max(10, iterations / 4).ToString(CultureInfo.InvariantCulture), iterations.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using Process python = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        try
        {
            Task<string> errors = python.StandardError.ReadToEndAsync();
            string output = python.StandardOutput.ReadToEnd();
            python.WaitForExit();
            string stderr = errors.GetAwaiter().GetResult();
            string expected = $"files={TorrentParseBenchmarks.FileCount} pieces={TorrentParseBenchmarks.PieceCount}";
            if (python.ExitCode != 0 || !stderr.Contains(expected, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"python3-libtorrent did not read the torrent as {expected} (exit {python.ExitCode}): {stderr.Trim()}");
            }

            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => double.Parse(line, CultureInfo.InvariantCulture)).ToList();
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
            }
        }
    }
}
