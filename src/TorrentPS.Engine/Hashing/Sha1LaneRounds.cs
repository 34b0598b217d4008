#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TorrentPS.Hashing
{
    /// <summary>
    /// The SHA-1 compression function (FIPS 180-4, 6.1.2) applied to one block of every lane at once.
    /// </summary>
    internal static class Sha1LaneRounds<TVector, TLanes>
        where TVector : unmanaged
        where TLanes : struct, ISha1Lanes<TVector>
    {
        /// <summary>The 80 schedule words of one block.</summary>
        public const int ScheduleLength = 80;

        /// <summary>
        /// Compresses <paramref name="blockCount"/> consecutive 64-byte blocks of every lane, starting at byte
        /// <paramref name="offset"/> of each lane's source. <paramref name="schedule"/> is scratch space for
        /// <see cref="ScheduleLength"/> vectors; the whole schedule is expanded first (it stays in L1) so the rounds
        /// are a short loop that keeps the five working words in registers. Fully optimised from the first call:
        /// a call runs for many blocks, so waiting in tier-0 code for on-stack replacement would cost real time.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Compress(
            ref Sha1LaneState<TVector> state, scoped ref LaneSources lanes, nuint offset, nuint blockCount, Span<TVector> schedule)
        {
            if (schedule.Length < ScheduleLength)
            {
                throw new ArgumentException($"The schedule needs {ScheduleLength} vectors.", nameof(schedule));
            }

            ref TVector w = ref MemoryMarshal.GetReference(schedule);
            TVector a = state.A;
            TVector b = state.B;
            TVector c = state.C;
            TVector d = state.D;
            TVector e = state.E;

            for (nuint block = 0; block < blockCount; block++, offset += 64)
            {
                TLanes.LoadBlock(ref lanes, offset, ref w);
                for (int t = 16; t < ScheduleLength; t++)
                {
                    Unsafe.Add(ref w, t) = TLanes.ScheduleWord(
                        Unsafe.Add(ref w, t - 3), Unsafe.Add(ref w, t - 8), Unsafe.Add(ref w, t - 14), Unsafe.Add(ref w, t - 16));
                }

                TVector a0 = a, b0 = b, c0 = c, d0 = d, e0 = e;

                // A ref walked through the schedule makes every word a constant displacement from it: no index
                // arithmetic between the vector instructions.
                ref TVector wt = ref w;

                // Five rounds per iteration: instead of shifting a..e down each round, the roles rotate through the
                // five variables, so after five rounds every variable is back in its own role.
                TVector k = TLanes.Broadcast(0x5A827999);
                for (int t = 0; t < 20; t += 5, wt = ref Unsafe.Add(ref wt, 5))
                {
                    Round(a, ref b, TLanes.Choose(b, c, d), ref e, TLanes.Add(k, wt));
                    Round(e, ref a, TLanes.Choose(a, b, c), ref d, TLanes.Add(k, Unsafe.Add(ref wt, 1)));
                    Round(d, ref e, TLanes.Choose(e, a, b), ref c, TLanes.Add(k, Unsafe.Add(ref wt, 2)));
                    Round(c, ref d, TLanes.Choose(d, e, a), ref b, TLanes.Add(k, Unsafe.Add(ref wt, 3)));
                    Round(b, ref c, TLanes.Choose(c, d, e), ref a, TLanes.Add(k, Unsafe.Add(ref wt, 4)));
                }

                k = TLanes.Broadcast(0x6ED9EBA1);
                for (int t = 20; t < 40; t += 5, wt = ref Unsafe.Add(ref wt, 5))
                {
                    Round(a, ref b, TLanes.Parity(b, c, d), ref e, TLanes.Add(k, wt));
                    Round(e, ref a, TLanes.Parity(a, b, c), ref d, TLanes.Add(k, Unsafe.Add(ref wt, 1)));
                    Round(d, ref e, TLanes.Parity(e, a, b), ref c, TLanes.Add(k, Unsafe.Add(ref wt, 2)));
                    Round(c, ref d, TLanes.Parity(d, e, a), ref b, TLanes.Add(k, Unsafe.Add(ref wt, 3)));
                    Round(b, ref c, TLanes.Parity(c, d, e), ref a, TLanes.Add(k, Unsafe.Add(ref wt, 4)));
                }

                k = TLanes.Broadcast(0x8F1BBCDC);
                for (int t = 40; t < 60; t += 5, wt = ref Unsafe.Add(ref wt, 5))
                {
                    Round(a, ref b, TLanes.Majority(b, c, d), ref e, TLanes.Add(k, wt));
                    Round(e, ref a, TLanes.Majority(a, b, c), ref d, TLanes.Add(k, Unsafe.Add(ref wt, 1)));
                    Round(d, ref e, TLanes.Majority(e, a, b), ref c, TLanes.Add(k, Unsafe.Add(ref wt, 2)));
                    Round(c, ref d, TLanes.Majority(d, e, a), ref b, TLanes.Add(k, Unsafe.Add(ref wt, 3)));
                    Round(b, ref c, TLanes.Majority(c, d, e), ref a, TLanes.Add(k, Unsafe.Add(ref wt, 4)));
                }

                k = TLanes.Broadcast(0xCA62C1D6);
                for (int t = 60; t < 80; t += 5, wt = ref Unsafe.Add(ref wt, 5))
                {
                    Round(a, ref b, TLanes.Parity(b, c, d), ref e, TLanes.Add(k, wt));
                    Round(e, ref a, TLanes.Parity(a, b, c), ref d, TLanes.Add(k, Unsafe.Add(ref wt, 1)));
                    Round(d, ref e, TLanes.Parity(e, a, b), ref c, TLanes.Add(k, Unsafe.Add(ref wt, 2)));
                    Round(c, ref d, TLanes.Parity(d, e, a), ref b, TLanes.Add(k, Unsafe.Add(ref wt, 3)));
                    Round(b, ref c, TLanes.Parity(c, d, e), ref a, TLanes.Add(k, Unsafe.Add(ref wt, 4)));
                }

                a = TLanes.Add(a, a0);
                b = TLanes.Add(b, b0);
                c = TLanes.Add(c, c0);
                d = TLanes.Add(d, d0);
                e = TLanes.Add(e, e0);
            }

            state.A = a;
            state.B = b;
            state.C = c;
            state.D = d;
            state.E = e;
        }

        /// <summary>
        /// One round: the new a (rotl5(a) + f + e + K + W) goes into e's variable and b is rotated by 30 in place.
        /// rotl5(a) is added last because a is the newest value: the other terms are summed while it is computed.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Round(TVector a, ref TVector b, TVector f, ref TVector e, TVector constantPlusWord)
        {
            e = TLanes.Add(TLanes.Add(TLanes.Add(e, constantPlusWord), f), TLanes.RotateLeft5(a));
            b = TLanes.RotateLeft30(b);
        }
    }
}
#endif
