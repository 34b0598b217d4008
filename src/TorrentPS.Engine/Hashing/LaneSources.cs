#if NET8_0_OR_GREATER
using System;
using System.Runtime.InteropServices;

namespace TorrentPS.Hashing
{
    /// <summary>
    /// Where each lane's message starts. Refs rather than pinned pointers: the engine is compiled without unsafe
    /// code, and refs let the GC keep tracking (and moving) the messages while they are hashed. Named fields
    /// instead of an indexer because a block load reads all of them with constant names, which costs nothing.
    /// </summary>
    internal ref struct LaneSources
    {
        public const int MaxLanes = 16;

        public ref byte Lane0;
        public ref byte Lane1;
        public ref byte Lane2;
        public ref byte Lane3;
        public ref byte Lane4;
        public ref byte Lane5;
        public ref byte Lane6;
        public ref byte Lane7;
        public ref byte Lane8;
        public ref byte Lane9;
        public ref byte Lane10;
        public ref byte Lane11;
        public ref byte Lane12;
        public ref byte Lane13;
        public ref byte Lane14;
        public ref byte Lane15;

        /// <summary>
        /// Points a lane at the start of a message; called a few times per hash, never per block. A span rather than
        /// a ref parameter, because a ref parameter may not be stored in a ref field (it could only escape by return).
        /// </summary>
        public void Set(int lane, ReadOnlySpan<byte> message)
        {
            ref byte source = ref MemoryMarshal.GetReference(message);
            switch (lane)
            {
                case 0: Lane0 = ref source; break;
                case 1: Lane1 = ref source; break;
                case 2: Lane2 = ref source; break;
                case 3: Lane3 = ref source; break;
                case 4: Lane4 = ref source; break;
                case 5: Lane5 = ref source; break;
                case 6: Lane6 = ref source; break;
                case 7: Lane7 = ref source; break;
                case 8: Lane8 = ref source; break;
                case 9: Lane9 = ref source; break;
                case 10: Lane10 = ref source; break;
                case 11: Lane11 = ref source; break;
                case 12: Lane12 = ref source; break;
                case 13: Lane13 = ref source; break;
                case 14: Lane14 = ref source; break;
                case 15: Lane15 = ref source; break;
                default: throw new ArgumentOutOfRangeException(nameof(lane), lane, "A lane number is 0 to 15.");
            }
        }
    }
}
#endif
