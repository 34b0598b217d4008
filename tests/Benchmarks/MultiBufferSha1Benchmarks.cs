using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using TorrentPS.Hashing;

namespace TorrentPS.Benchmarks;

/// <summary>
/// 16 equal-length messages (piece-sized: 256 KiB and 1 MiB) hashed on one core: SHA1.HashData on each message in
/// turn (OpenSSL; SHA-NI where the CPU has it) against the engine's multi-buffer SHA-1, 16 lanes (AVX-512, one call)
/// and 8 lanes (AVX2, two calls). Throughput per core = 16 x MessageLength / Mean.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MultiBufferSha1Benchmarks
{
    private const int MessageCount = 16;
    private const int DigestSize = 20;

    private readonly byte[] _digests = new byte[MessageCount * DigestSize];
    private ReadOnlyMemory<byte>[] _messages = Array.Empty<ReadOnlyMemory<byte>>();

    [Params(256 * 1024, 1024 * 1024)]
    public int MessageLength { get; set; }

    [GlobalSetup]
    public void CreateMessages()
    {
        var random = new Random(MessageLength);
        _messages = new ReadOnlyMemory<byte>[MessageCount];
        for (int i = 0; i < MessageCount; i++)
        {
            byte[] message = new byte[MessageLength];
            random.NextBytes(message);
            _messages[i] = message;
        }

        // Measure the right thing: a path that hashed wrongly would be a fast lie.
        foreach (Action hash in new Action[] { Lanes16, Lanes8 })
        {
            Array.Clear(_digests);
            hash();
            for (int i = 0; i < MessageCount; i++)
            {
                if (!SHA1.HashData(_messages[i].Span).AsSpan().SequenceEqual(_digests.AsSpan(i * DigestSize, DigestSize)))
                {
                    throw new InvalidOperationException($"{hash.Method.Name} hashed message {i} differently from SHA1.HashData.");
                }
            }
        }

        Console.WriteLine($"// {MessageCount} messages of {MessageLength:N0} bytes: {MessageCount * (long)MessageLength / 1e6:F1} MB per operation");
    }

    [Benchmark(Baseline = true, Description = "SHA1.HashData, one message after another")]
    public void OneShot()
    {
        for (int i = 0; i < MessageCount; i++)
        {
            SHA1.HashData(_messages[i].Span, _digests.AsSpan(i * DigestSize, DigestSize));
        }
    }

    [Benchmark(Description = "MultiBufferSha1, 16 lanes (AVX-512)")]
    public void Lanes16() => MultiBufferSha1.HashEqualLength(_messages, _digests, 16);

    [Benchmark(Description = "MultiBufferSha1, 8 lanes (AVX2), two calls")]
    public void Lanes8()
    {
        MultiBufferSha1.HashEqualLength(_messages.AsSpan(0, 8), _digests, 8);
        MultiBufferSha1.HashEqualLength(_messages.AsSpan(8, 8), _digests.AsSpan(8 * DigestSize), 8);
    }
}
