#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TorrentPS.Hashing
{
    /// <summary>
    /// 16 messages per 512-bit vector. AVX-512 gives a rotate instruction (vprold) and vpternlogd, which computes
    /// each round function, and the three-way XOR of the message schedule, in one instruction.
    /// </summary>
    internal readonly struct Avx512Lanes : ISha1Lanes<Vector512<uint>>
    {
        // vpternlogd truth tables: bit i of the table is the result for the operand bits (a, b, c) = bits of i,
        // a being the most significant; so a = 0xF0, b = 0xCC, c = 0xAA and any function of them is that function
        // applied to the three constants.
        private const byte ChooseTable = 0xCA;   // (0xF0 & 0xCC) | (~0xF0 & 0xAA)
        private const byte ParityTable = 0x96;   // 0xF0 ^ 0xCC ^ 0xAA
        private const byte MajorityTable = 0xE8; // (0xF0 & 0xCC) | (0xF0 & 0xAA) | (0xCC & 0xAA)

        /// <summary>
        /// True where the runtime uses 512-bit vectors: AVX-512 F and BW (for vpshufb) and the runtime's own
        /// judgement (Vector512.IsHardwareAccelerated is false on CPUs that slow down under 512-bit code).
        /// </summary>
        public static bool IsSupported => Avx512F.IsSupported && Avx512BW.IsSupported && Vector512.IsHardwareAccelerated;

        public static int Count => 16;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<uint> Broadcast(uint value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<uint> Add(Vector512<uint> left, Vector512<uint> right) => left + right;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<uint> Choose(Vector512<uint> b, Vector512<uint> c, Vector512<uint> d) =>
            Avx512F.TernaryLogic(b, c, d, ChooseTable);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<uint> Parity(Vector512<uint> b, Vector512<uint> c, Vector512<uint> d) =>
            Avx512F.TernaryLogic(b, c, d, ParityTable);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<uint> Majority(Vector512<uint> b, Vector512<uint> c, Vector512<uint> d) =>
            Avx512F.TernaryLogic(b, c, d, MajorityTable);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<uint> RotateLeft5(Vector512<uint> value) => Avx512F.RotateLeft(value, 5);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<uint> RotateLeft30(Vector512<uint> value) => Avx512F.RotateLeft(value, 30);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<uint> ScheduleWord(
            Vector512<uint> back3, Vector512<uint> back8, Vector512<uint> back14, Vector512<uint> back16) =>
            Avx512F.RotateLeft(Avx512F.TernaryLogic(back3, back8, back14, ParityTable) ^ back16, 1);

        /// <summary>
        /// One unaligned 64-byte load per lane, a byte swap per 32-bit word (vpshufb), then a 16x16 transpose of
        /// 32-bit words in four steps: dword and qword unpacks inside each 128-bit lane, then two rounds of
        /// 128-bit lane shuffles (vshufi32x4). 80 shuffles per block of 16 lanes, against about 700 for the rounds.
        /// AVX-512 gathers, the alternative, are not exposed by .NET (and would need unsafe pointers).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LoadBlock(scoped ref LaneSources lanes, nuint offset, ref Vector512<uint> schedule)
        {
            Vector512<byte> swap = ByteSwapMask();
            Vector512<uint> r0 = LoadBigEndian(ref lanes.Lane0, offset, swap);
            Vector512<uint> r1 = LoadBigEndian(ref lanes.Lane1, offset, swap);
            Vector512<uint> r2 = LoadBigEndian(ref lanes.Lane2, offset, swap);
            Vector512<uint> r3 = LoadBigEndian(ref lanes.Lane3, offset, swap);
            Vector512<uint> r4 = LoadBigEndian(ref lanes.Lane4, offset, swap);
            Vector512<uint> r5 = LoadBigEndian(ref lanes.Lane5, offset, swap);
            Vector512<uint> r6 = LoadBigEndian(ref lanes.Lane6, offset, swap);
            Vector512<uint> r7 = LoadBigEndian(ref lanes.Lane7, offset, swap);
            Vector512<uint> r8 = LoadBigEndian(ref lanes.Lane8, offset, swap);
            Vector512<uint> r9 = LoadBigEndian(ref lanes.Lane9, offset, swap);
            Vector512<uint> r10 = LoadBigEndian(ref lanes.Lane10, offset, swap);
            Vector512<uint> r11 = LoadBigEndian(ref lanes.Lane11, offset, swap);
            Vector512<uint> r12 = LoadBigEndian(ref lanes.Lane12, offset, swap);
            Vector512<uint> r13 = LoadBigEndian(ref lanes.Lane13, offset, swap);
            Vector512<uint> r14 = LoadBigEndian(ref lanes.Lane14, offset, swap);
            Vector512<uint> r15 = LoadBigEndian(ref lanes.Lane15, offset, swap);

            // Rows 4g..4g+3 become four vectors whose 128-bit lane L holds word 4L+c of those rows (c = 0..3).
            InterleaveFourRows(r0, r1, r2, r3, out Vector512<uint> g0c0, out Vector512<uint> g0c1, out Vector512<uint> g0c2, out Vector512<uint> g0c3);
            InterleaveFourRows(r4, r5, r6, r7, out Vector512<uint> g1c0, out Vector512<uint> g1c1, out Vector512<uint> g1c2, out Vector512<uint> g1c3);
            InterleaveFourRows(r8, r9, r10, r11, out Vector512<uint> g2c0, out Vector512<uint> g2c1, out Vector512<uint> g2c2, out Vector512<uint> g2c3);
            InterleaveFourRows(r12, r13, r14, r15, out Vector512<uint> g3c0, out Vector512<uint> g3c1, out Vector512<uint> g3c2, out Vector512<uint> g3c3);

            // Then a 4x4 transpose of 128-bit lanes across the groups puts words 4L+c of all 16 rows together.
            TransposeLanes(g0c0, g1c0, g2c0, g3c0, ref schedule, 0);
            TransposeLanes(g0c1, g1c1, g2c1, g3c1, ref schedule, 1);
            TransposeLanes(g0c2, g1c2, g2c2, g3c2, ref schedule, 2);
            TransposeLanes(g0c3, g1c3, g2c3, g3c3, ref schedule, 3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<byte> ByteSwapMask() =>
            Vector512.Create(
                0x00010203u, 0x04050607u, 0x08090A0Bu, 0x0C0D0E0Fu,
                0x00010203u, 0x04050607u, 0x08090A0Bu, 0x0C0D0E0Fu,
                0x00010203u, 0x04050607u, 0x08090A0Bu, 0x0C0D0E0Fu,
                0x00010203u, 0x04050607u, 0x08090A0Bu, 0x0C0D0E0Fu).AsByte();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> LoadBigEndian(ref byte source, nuint offset, Vector512<byte> swap) =>
            Avx512BW.Shuffle(Vector512.LoadUnsafe(ref source, offset), swap).AsUInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void InterleaveFourRows(
            Vector512<uint> row0, Vector512<uint> row1, Vector512<uint> row2, Vector512<uint> row3,
            out Vector512<uint> word0, out Vector512<uint> word1, out Vector512<uint> word2, out Vector512<uint> word3)
        {
            Vector512<ulong> low01 = Avx512F.UnpackLow(row0, row1).AsUInt64();
            Vector512<ulong> high01 = Avx512F.UnpackHigh(row0, row1).AsUInt64();
            Vector512<ulong> low23 = Avx512F.UnpackLow(row2, row3).AsUInt64();
            Vector512<ulong> high23 = Avx512F.UnpackHigh(row2, row3).AsUInt64();
            word0 = Avx512F.UnpackLow(low01, low23).AsUInt32();
            word1 = Avx512F.UnpackHigh(low01, low23).AsUInt32();
            word2 = Avx512F.UnpackLow(high01, high23).AsUInt32();
            word3 = Avx512F.UnpackHigh(high01, high23).AsUInt32();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TransposeLanes(
            Vector512<uint> group0, Vector512<uint> group1, Vector512<uint> group2, Vector512<uint> group3,
            ref Vector512<uint> schedule, int word)
        {
            // vshufi32x4 control: two 2-bit lane picks from the first operand, then two from the second.
            Vector512<uint> lanes01Of01 = Avx512F.Shuffle4x128(group0, group1, 0x44);
            Vector512<uint> lanes23Of01 = Avx512F.Shuffle4x128(group0, group1, 0xEE);
            Vector512<uint> lanes01Of23 = Avx512F.Shuffle4x128(group2, group3, 0x44);
            Vector512<uint> lanes23Of23 = Avx512F.Shuffle4x128(group2, group3, 0xEE);
            Unsafe.Add(ref schedule, word) = Avx512F.Shuffle4x128(lanes01Of01, lanes01Of23, 0x88);
            Unsafe.Add(ref schedule, word + 4) = Avx512F.Shuffle4x128(lanes01Of01, lanes01Of23, 0xDD);
            Unsafe.Add(ref schedule, word + 8) = Avx512F.Shuffle4x128(lanes23Of01, lanes23Of23, 0x88);
            Unsafe.Add(ref schedule, word + 12) = Avx512F.Shuffle4x128(lanes23Of01, lanes23Of23, 0xDD);
        }
    }
}
#endif
