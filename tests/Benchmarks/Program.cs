using BenchmarkDotNet.Running;
using TorrentPS.Benchmarks.Comparisons;

// Side-by-side comparisons for issue #6 run as commands of their own; everything else is BenchmarkDotNet.
return args.Length > 0 && args[0] switch { "check" => true, "parse" => true, _ => false }
    ? await ComparisonCommands.RunAsync(args[0], args[1..])
    : RunBenchmarks(args);

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
