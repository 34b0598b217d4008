#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TorrentPS.Hashing
{
    /// <summary>
    /// 8 messages per 256-bit vector, for CPUs with AVX2 but no (or no fast) AVX-512. AVX2 has no rotate and no
    /// three-input logic, so each rotate is two shifts and an OR, and the round functions use the shortest
    /// two-input forms.
    /// </summary>
    internal readonly struct Avx2Lanes : ISha1Lanes<Vector256<uint>>
    {
        public static bool IsSupported => Avx2.IsSupported && Vector256.IsHardwareAccelerated;

        public static int Count => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> Add(Vector256<uint> left, Vector256<uint> right) => left + right;

        /// <summary>d XOR (b AND (c XOR d)): equal to (b AND c) OR (NOT b AND d) in three operations.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> Choose(Vector256<uint> b, Vector256<uint> c, Vector256<uint> d) => d ^ (b & (c ^ d));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> Parity(Vector256<uint> b, Vector256<uint> c, Vector256<uint> d) => b ^ c ^ d;

        /// <summary>(b AND c) OR (d AND (b OR c)): a bit is set where at least two of b, c, d have it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> Majority(Vector256<uint> b, Vector256<uint> c, Vector256<uint> d) => (b & c) | (d & (b | c));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> RotateLeft5(Vector256<uint> value) => Vector256.ShiftLeft(value, 5) | Vector256.ShiftRightLogical(value, 27);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> RotateLeft30(Vector256<uint> value) => Vector256.ShiftLeft(value, 30) | Vector256.ShiftRightLogical(value, 2);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> ScheduleWord(
            Vector256<uint> back3, Vector256<uint> back8, Vector256<uint> back14, Vector256<uint> back16)
        {
            Vector256<uint> mixed = back3 ^ back8 ^ back14 ^ back16;
            return Vector256.ShiftLeft(mixed, 1) | Vector256.ShiftRightLogical(mixed, 31);
        }

        /// <summary>
        /// Two 32-byte loads per lane (words 0-7 and 8-15), a byte swap per 32-bit word (vpshufb), and for each half
        /// an 8x8 transpose of 32-bit words: dword and qword unpacks inside each 128-bit lane, then vperm2i128.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LoadBlock(scoped ref LaneSources lanes, nuint offset, ref Vector256<uint> schedule)
        {
            LoadHalfBlock(ref lanes, offset, ref schedule);
            LoadHalfBlock(ref lanes, offset + 32, ref Unsafe.Add(ref schedule, 8));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void LoadHalfBlock(scoped ref LaneSources lanes, nuint offset, ref Vector256<uint> schedule)
        {
            Vector256<byte> swap = Vector256.Create(
                0x00010203u, 0x04050607u, 0x08090A0Bu, 0x0C0D0E0Fu,
                0x00010203u, 0x04050607u, 0x08090A0Bu, 0x0C0D0E0Fu).AsByte();
            Vector256<uint> r0 = LoadBigEndian(ref lanes.Lane0, offset, swap);
            Vector256<uint> r1 = LoadBigEndian(ref lanes.Lane1, offset, swap);
            Vector256<uint> r2 = LoadBigEndian(ref lanes.Lane2, offset, swap);
            Vector256<uint> r3 = LoadBigEndian(ref lanes.Lane3, offset, swap);
            Vector256<uint> r4 = LoadBigEndian(ref lanes.Lane4, offset, swap);
            Vector256<uint> r5 = LoadBigEndian(ref lanes.Lane5, offset, swap);
            Vector256<uint> r6 = LoadBigEndian(ref lanes.Lane6, offset, swap);
            Vector256<uint> r7 = LoadBigEndian(ref lanes.Lane7, offset, swap);

            // Rows 0-3 and 4-7 each become four vectors whose 128-bit lane L holds word 4L+c of those rows.
            InterleaveFourRows(r0, r1, r2, r3, out Vector256<uint> low0, out Vector256<uint> low1, out Vector256<uint> low2, out Vector256<uint> low3);
            InterleaveFourRows(r4, r5, r6, r7, out Vector256<uint> high0, out Vector256<uint> high1, out Vector256<uint> high2, out Vector256<uint> high3);

            // vperm2i128 0x20 joins the low 128-bit lanes of both, 0x31 the high ones.
            schedule = Avx2.Permute2x128(low0, high0, 0x20);
            Unsafe.Add(ref schedule, 1) = Avx2.Permute2x128(low1, high1, 0x20);
            Unsafe.Add(ref schedule, 2) = Avx2.Permute2x128(low2, high2, 0x20);
            Unsafe.Add(ref schedule, 3) = Avx2.Permute2x128(low3, high3, 0x20);
            Unsafe.Add(ref schedule, 4) = Avx2.Permute2x128(low0, high0, 0x31);
            Unsafe.Add(ref schedule, 5) = Avx2.Permute2x128(low1, high1, 0x31);
            Unsafe.Add(ref schedule, 6) = Avx2.Permute2x128(low2, high2, 0x31);
            Unsafe.Add(ref schedule, 7) = Avx2.Permute2x128(low3, high3, 0x31);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> LoadBigEndian(ref byte source, nuint offset, Vector256<byte> swap) =>
            Avx2.Shuffle(Vector256.LoadUnsafe(ref source, offset), swap).AsUInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void InterleaveFourRows(
            Vector256<uint> row0, Vector256<uint> row1, Vector256<uint> row2, Vector256<uint> row3,
            out Vector256<uint> word0, out Vector256<uint> word1, out Vector256<uint> word2, out Vector256<uint> word3)
        {
            Vector256<ulong> low01 = Avx2.UnpackLow(row0, row1).AsUInt64();
            Vector256<ulong> high01 = Avx2.UnpackHigh(row0, row1).AsUInt64();
            Vector256<ulong> low23 = Avx2.UnpackLow(row2, row3).AsUInt64();
            Vector256<ulong> high23 = Avx2.UnpackHigh(row2, row3).AsUInt64();
            word0 = Avx2.UnpackLow(low01, low23).AsUInt32();
            word1 = Avx2.UnpackHigh(low01, low23).AsUInt32();
            word2 = Avx2.UnpackLow(high01, high23).AsUInt32();
            word3 = Avx2.UnpackHigh(high01, high23).AsUInt32();
        }
    }
}
#endif
