using System;

namespace TorrentPS.Bencode
{
    /// <summary>Bencoded data is malformed. <see cref="Offset"/> is the byte where the problem was found.</summary>
    public sealed class BencodeException : FormatException
    {
        public BencodeException(string problem, long offset)
            : base($"Invalid bencode at byte {offset}: {problem}")
        {
            Problem = problem;
            Offset = offset;
        }

        /// <summary>What was wrong, without the position.</summary>
        public string Problem { get; }

        /// <summary>Zero-based byte offset into the input where the problem was found.</summary>
        public long Offset { get; }
    }
}
