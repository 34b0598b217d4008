#if NET8_0_OR_GREATER
using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TorrentPS.Hashing
{
    /// <summary>
    /// SHA-1 of up to <c>TLanes.Count</c> messages of one length: the whole blocks straight from the messages,
    /// then the padded tail blocks from a stack buffer, then the digests out of the lanes. Arguments are checked by
    /// <see cref="MultiBufferSha1"/>.
    /// </summary>
    internal static class LaneHasher<TVector, TLanes>
        where TVector : unmanaged
        where TLanes : struct, ISha1Lanes<TVector>
    {
        private const int BlockSize = 64;

        // The tail is the last partial block plus padding: 0x80, zeros, the bit length in the last 8 bytes.
        // It takes two blocks when fewer than 9 bytes are left after the partial data.
        private const int TailSize = 2 * BlockSize;

        public static void Hash(ReadOnlySpan<ReadOnlyMemory<byte>> messages, Span<byte> digests)
        {
            int laneCount = TLanes.Count;
            int length = messages[0].Length;

            // Lanes without a message hash the first message again; their digests are dropped.
            scoped LaneSources lanes = default;
            for (int lane = 0; lane < laneCount; lane++)
            {
                lanes.Set(lane, MessageOf(messages, lane));
            }

            Sha1LaneState<TVector> state = default;
            state.A = TLanes.Broadcast(0x67452301);
            state.B = TLanes.Broadcast(0xEFCDAB89);
            state.C = TLanes.Broadcast(0x98BADCFE);
            state.D = TLanes.Broadcast(0x10325476);
            state.E = TLanes.Broadcast(0xC3D2E1F0);

            Span<TVector> schedule = AlignedSchedule(
                stackalloc byte[(Sha1LaneRounds<TVector, TLanes>.ScheduleLength + 1) * Unsafe.SizeOf<TVector>()]);
            Sha1LaneRounds<TVector, TLanes>.Compress(ref state, ref lanes, 0, (nuint)(length / BlockSize), schedule);

            int tailDataLength = length % BlockSize;
            int tailBlocks = tailDataLength < BlockSize - 8 ? 1 : 2;
            Span<byte> tails = stackalloc byte[LaneSources.MaxLanes * TailSize];
            for (int lane = 0; lane < laneCount; lane++)
            {
                Span<byte> tail = tails.Slice(lane * TailSize, tailBlocks * BlockSize);
                MessageOf(messages, lane).Slice(length - tailDataLength).CopyTo(tail);
                tail[tailDataLength] = 0x80;
                BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tail.Length - 8), (ulong)length * 8);
                lanes.Set(lane, tail);
            }

            Sha1LaneRounds<TVector, TLanes>.Compress(ref state, ref lanes, 0, (nuint)tailBlocks, schedule);
            WriteDigests(ref state, messages.Length, digests);
        }

        private static ReadOnlySpan<byte> MessageOf(ReadOnlySpan<ReadOnlyMemory<byte>> messages, int lane) =>
            messages[lane < messages.Length ? lane : 0].Span;

        /// <summary>
        /// The schedule is read and written once per round; a vector-aligned start keeps those accesses from
        /// straddling cache lines. The buffer has one vector to spare for the shift.
        /// </summary>
        private static Span<TVector> AlignedSchedule(Span<byte> buffer)
        {
            int size = Unsafe.SizeOf<TVector>();
            nint address = Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref MemoryMarshal.GetReference(buffer));
            int shift = (int)((size - (address & (size - 1))) & (size - 1));
            return MemoryMarshal.Cast<byte, TVector>(buffer.Slice(shift, Sha1LaneRounds<TVector, TLanes>.ScheduleLength * size));
        }

        private static void WriteDigests(ref Sha1LaneState<TVector> state, int messageCount, Span<byte> digests)
        {
            // Word j of every lane's digest, lane after lane: H0 of all lanes, then H1, ...
            Span<uint> words = stackalloc uint[5 * LaneSources.MaxLanes];
            int laneCount = TLanes.Count;
            MemoryMarshal.Write(MemoryMarshal.AsBytes(words), in state.A);
            MemoryMarshal.Write(MemoryMarshal.AsBytes(words.Slice(laneCount)), in state.B);
            MemoryMarshal.Write(MemoryMarshal.AsBytes(words.Slice(2 * laneCount)), in state.C);
            MemoryMarshal.Write(MemoryMarshal.AsBytes(words.Slice(3 * laneCount)), in state.D);
            MemoryMarshal.Write(MemoryMarshal.AsBytes(words.Slice(4 * laneCount)), in state.E);
            for (int lane = 0; lane < messageCount; lane++)
            {
                Span<byte> digest = digests.Slice(lane * MultiBufferSha1.DigestSize, MultiBufferSha1.DigestSize);
                for (int word = 0; word < 5; word++)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(digest.Slice(word * 4), words[(word * laneCount) + lane]);
                }
            }
        }
    }
}
#endif
