using System.Collections.Generic;

namespace TorrentPS.Swarm
{
    /// <summary>A piece being downloaded: which blocks are received and who was asked for the rest.</summary>
    internal sealed class ActivePiece
    {
        public ActivePiece(int index, int blockCount)
        {
            Index = index;
            Received = new bool[blockCount];
            Requesters = new List<object>?[blockCount];
            Unrequested = blockCount;
        }

        public int Index { get; }

        public bool[] Received { get; }

        /// <summary>Peers with an outstanding request per block (more than one only in endgame).</summary>
        public List<object>?[] Requesters { get; }

        public int ReceivedCount { get; set; }

        /// <summary>Blocks neither received nor requested from anyone.</summary>
        public int Unrequested { get; set; }

        /// <summary>Peers that delivered blocks of this piece: the suspects when its hash fails.</summary>
        public HashSet<object> Contributors { get; } = new HashSet<object>();

        public int BlockCount => Received.Length;

        public bool IsComplete => ReceivedCount == Received.Length;

        public bool IsRequestedBy(int block, object peer) => Requesters[block]?.Contains(peer) == true;
    }
}
