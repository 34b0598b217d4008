namespace TorrentPS.Swarm
{
    /// <summary>What a received block meant to the picker.</summary>
    public enum BlockOutcome
    {
        /// <summary>We never asked this peer for it: drop the data and count it against the peer.</summary>
        NotRequested,

        /// <summary>Asked for, but another peer delivered it first (endgame): drop the data, no fault.</summary>
        Duplicate,

        /// <summary>Stored; the piece still lacks blocks.</summary>
        Accepted,

        /// <summary>Stored, and it was the piece's last missing block: hash the piece now.</summary>
        PieceComplete,
    }
}
