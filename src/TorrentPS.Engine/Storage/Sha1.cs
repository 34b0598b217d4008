using System;
using System.Reflection;
using System.Security.Cryptography;
using TorrentPS.Hashing;

namespace TorrentPS.Storage
{
    /// <summary>
    /// SHA-1 of a span without per-call allocations where the runtime allows it. netstandard2.0 has no span
    /// hashing API, but the engine usually runs on .NET (PowerShell 7), whose static <c>SHA1.HashData(span, span)</c>
    /// is found once by reflection and bound to a delegate. On .NET Framework (Windows PowerShell 5.1) a SHA1
    /// instance per thread hashes through a per-thread scratch buffer; that path allocates the 20-byte result.
    /// </summary>
    internal static class Sha1
    {
        public const int HashSize = 20;

        private const int ScratchSize = 64 * 1024;

        private static readonly HashDataFunction? OneShot = FindOneShot();

        [ThreadStatic]
        private static SHA1? t_instance;

        [ThreadStatic]
        private static byte[]? t_scratch;

        private delegate int HashDataFunction(ReadOnlySpan<byte> source, Span<byte> destination);

        /// <summary>True when the runtime's allocation-free one-shot hash is in use.</summary>
        public static bool UsesOneShot => OneShot is not null;

        /// <summary>
        /// Fewer equal-length messages than this are hashed one by one: a multi-buffer call costs the same however
        /// few lanes are in use, and 16 lanes hash about 3x as fast as SHA-NI (8 AVX2 lanes about 1.5x), so below 6
        /// one at a time is faster (MultiBufferSha1Benchmarks).
        /// </summary>
        public const int MinimumMultiBufferBatch = 6;

        /// <summary>
        /// Hashes messages of one length (at most <see cref="MultiBufferSha1.LaneCount"/> of them when that is
        /// above 0) into 20 bytes each of <paramref name="digests"/>: together through the multi-buffer SHA-1 when
        /// there are enough of them and the processor has it, else one at a time.
        /// </summary>
        public static void HashEqualLength(ReadOnlySpan<ReadOnlyMemory<byte>> messages, Span<byte> digests)
        {
            if (messages.Length >= MinimumMultiBufferBatch && MultiBufferSha1.IsSupported)
            {
                MultiBufferSha1.HashEqualLength(messages, digests);
                return;
            }

            for (int i = 0; i < messages.Length; i++)
            {
                Hash(messages[i].Span, digests.Slice(i * HashSize, HashSize));
            }
        }

        public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
        {
            if (OneShot is not null)
            {
                OneShot(data, destination);
            }
            else
            {
                HashWithThreadInstance(data, destination);
            }
        }

        /// <summary>The .NET Framework path; public to the assembly so tests run it on every runtime.</summary>
        internal static void HashWithThreadInstance(ReadOnlySpan<byte> data, Span<byte> destination)
        {
            SHA1 sha = t_instance ??= SHA1.Create();
            byte[] scratch = t_scratch ??= new byte[ScratchSize];
            sha.Initialize();
            while (data.Length > 0)
            {
                int chunk = Math.Min(data.Length, ScratchSize);
                data.Slice(0, chunk).CopyTo(scratch);
                sha.TransformBlock(scratch, 0, chunk, null, 0);
                data = data.Slice(chunk);
            }

            // TransformFinalBlock returns a copy of the input it is given, so it gets none: every byte went
            // through TransformBlock, which copies nothing when there is no output buffer.
            sha.TransformFinalBlock(scratch, 0, 0);
            sha.Hash.AsSpan().CopyTo(destination);
        }

        private static HashDataFunction? FindOneShot()
        {
            try
            {
                MethodInfo? method = typeof(SHA1).GetMethod(
                    "HashData",
                    BindingFlags.Public | BindingFlags.Static,
                    null,
                    new[] { typeof(ReadOnlySpan<byte>), typeof(Span<byte>) },
                    null);
                return method is not null && method.ReturnType == typeof(int)
                    ? (HashDataFunction)Delegate.CreateDelegate(typeof(HashDataFunction), method)
                    : null;
            }
            catch (ArgumentException)
            {
                // Span types from the System.Memory package that do not unify with the runtime's: use the fallback.
                return null;
            }
        }
    }
}
