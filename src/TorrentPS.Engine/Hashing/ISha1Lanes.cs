#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;

namespace TorrentPS.Hashing
{
    /// <summary>
    /// The SIMD operations SHA-1 needs, on a vector that holds one 32-bit word of each of <see cref="Count"/>
    /// independent messages. One implementation per vector width; <see cref="Sha1LaneRounds{TVector, TLanes}"/> is
    /// generic over it, and because implementations are structs the JIT compiles a specialised copy per width with
    /// every call inlined.
    /// </summary>
    internal interface ISha1Lanes<TVector>
        where TVector : unmanaged
    {
        /// <summary>How many messages one vector carries.</summary>
        static abstract int Count { get; }

        static abstract TVector Broadcast(uint value);

        static abstract TVector Add(TVector left, TVector right);

        /// <summary>Rounds 0-19: (b AND c) OR (NOT b AND d).</summary>
        static abstract TVector Choose(TVector b, TVector c, TVector d);

        /// <summary>Rounds 20-39 and 60-79: b XOR c XOR d.</summary>
        static abstract TVector Parity(TVector b, TVector c, TVector d);

        /// <summary>Rounds 40-59: the bitwise majority of b, c and d.</summary>
        static abstract TVector Majority(TVector b, TVector c, TVector d);

        static abstract TVector RotateLeft5(TVector value);

        static abstract TVector RotateLeft30(TVector value);

        /// <summary>W[t] = (W[t-3] XOR W[t-8] XOR W[t-14] XOR W[t-16]) rotated left by 1.</summary>
        static abstract TVector ScheduleWord(TVector back3, TVector back8, TVector back14, TVector back16);

        /// <summary>
        /// Reads the 64-byte block at <paramref name="offset"/> of every lane's message, converts its big-endian
        /// words and transposes them so that <c>schedule[j]</c> holds word j of every lane (W[0..15]).
        /// </summary>
        static abstract void LoadBlock(scoped ref LaneSources lanes, nuint offset, ref TVector schedule);
    }
}
#endif
