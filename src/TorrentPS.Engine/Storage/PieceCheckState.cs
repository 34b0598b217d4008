namespace TorrentPS
{
    /// <summary>What a data check found for one piece.</summary>
    public enum PieceCheckState
    {
        /// <summary>Every byte is on disk and the piece's SHA-1 matches.</summary>
        Good,

        /// <summary>Every byte is on disk but the hash does not match.</summary>
        Bad,

        /// <summary>Some of its bytes are not on disk: a file is missing or too short. Not read.</summary>
        Missing,
    }
}
