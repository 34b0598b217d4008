#if NET8_0_OR_GREATER
namespace TorrentPS.Hashing
{
    /// <summary>The five SHA-1 chaining words H0..H4, each a vector with one message per lane.</summary>
    internal struct Sha1LaneState<TVector>
        where TVector : unmanaged
    {
        public TVector A;
        public TVector B;
        public TVector C;
        public TVector D;
        public TVector E;
    }
}
#endif
