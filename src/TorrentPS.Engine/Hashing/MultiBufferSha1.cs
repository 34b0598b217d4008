using System;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
#endif

namespace TorrentPS.Hashing
{
    /// <summary>
    /// SHA-1 of several independent messages of the same length at once, one message per 32-bit SIMD lane (the
    /// multi-buffer technique of Intel's isa-l_crypto mb_sha1): 16 lanes with AVX-512, 8 with AVX2. Pieces of a
    /// torrent are such messages; callers batch equal-length pieces and hash a shorter last piece with
    /// <see cref="Storage.Sha1"/>. On the netstandard2.0 build, or without AVX2, <see cref="IsSupported"/> is false and
    /// callers keep using <see cref="Storage.Sha1"/>.
    /// </summary>
    internal static class MultiBufferSha1
    {
        public const int DigestSize = 20;

        /// <summary>Messages hashed per call at most: 16, 8, or 0 where no multi-buffer path runs.</summary>
        public static int LaneCount { get; } = IsLaneCountSupported(16) ? 16 : IsLaneCountSupported(8) ? 8 : 0;

        public static bool IsSupported => LaneCount > 0;

        /// <summary>
        /// Writes the SHA-1 of <c>messages[i]</c> to <c>digests[20 * i .. 20 * i + 20]</c>. All messages must have the
        /// same length; there may be fewer than <see cref="LaneCount"/> (unused lanes still cost their share, so a
        /// caller with one message should use <see cref="Storage.Sha1"/>). ReadOnlyMemory rather than spans because a
        /// span cannot hold spans; the messages may be slices of one array.
        /// </summary>
        public static void HashEqualLength(ReadOnlySpan<ReadOnlyMemory<byte>> messages, Span<byte> digests) =>
            HashEqualLength(messages, digests, LaneCount);

        /// <summary>
        /// The same with a chosen lane count (16 or 8), so tests run the 8-lane path on AVX-512 hardware and
        /// benchmarks compare the two. Throws PlatformNotSupportedException where that path cannot run.
        /// </summary>
        internal static void HashEqualLength(ReadOnlySpan<ReadOnlyMemory<byte>> messages, Span<byte> digests, int laneCount)
        {
            if (!IsLaneCountSupported(laneCount))
            {
                throw new PlatformNotSupportedException(
                    $"Multi-buffer SHA-1 with {laneCount} lanes is not supported on this runtime or CPU (lane count here: {LaneCount}).");
            }

            if (messages.Length > laneCount)
            {
                throw new ArgumentException($"At most {laneCount} messages are hashed at once; got {messages.Length}.", nameof(messages));
            }

            if (digests.Length < messages.Length * DigestSize)
            {
                throw new ArgumentException(
                    $"{messages.Length} digests need {messages.Length * DigestSize} bytes; the span has {digests.Length}.", nameof(digests));
            }

            if (messages.Length == 0)
            {
                return;
            }

            int length = messages[0].Length;
            for (int i = 1; i < messages.Length; i++)
            {
                if (messages[i].Length != length)
                {
                    throw new ArgumentException(
                        $"All messages must have the same length: message 0 has {length} bytes, message {i} has {messages[i].Length}.",
                        nameof(messages));
                }
            }

#if NET8_0_OR_GREATER
            if (laneCount == 16)
            {
                LaneHasher<Vector512<uint>, Avx512Lanes>.Hash(messages, digests);
            }
            else
            {
                LaneHasher<Vector256<uint>, Avx2Lanes>.Hash(messages, digests);
            }
#endif
        }

        /// <summary>Whether the 16-lane (AVX-512) or 8-lane (AVX2) path can run here.</summary>
        internal static bool IsLaneCountSupported(int laneCount)
        {
#if NET8_0_OR_GREATER
            return laneCount switch
            {
                16 => Avx512Lanes.IsSupported,
                8 => Avx2Lanes.IsSupported,
                _ => false,
            };
#else
            // netstandard2.0 has no hardware intrinsics: callers use the one-shot SHA-1.
            return false;
#endif
        }
    }
}
