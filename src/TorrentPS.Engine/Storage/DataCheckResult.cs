using System;
using System.Collections.Generic;
using System.Globalization;
using TorrentPS.Storage;

namespace TorrentPS
{
    /// <summary>The outcome of checking a torrent's data on disk: which pieces are verified, per file and in total.</summary>
    public sealed class DataCheckResult
    {
        private readonly PieceCheckState[] _states;

        internal DataCheckResult(TorrentInfo torrent, string destination, PieceCheckState[] states, IReadOnlyList<TorrentFileCheck> files)
        {
            _states = states;
            Name = torrent.Name;
            InfoHash = torrent.InfoHash;
            Destination = destination;
            TotalSize = torrent.TotalSize;
            Files = files;
            var good = new List<int>();
            long bytesGood = 0;
            for (int piece = 0; piece < states.Length; piece++)
            {
                switch (states[piece])
                {
                    case PieceCheckState.Good:
                        good.Add(piece);
                        bytesGood += torrent.GetPieceSize(piece);
                        break;
                    case PieceCheckState.Bad:
                        PiecesBad++;
                        break;
                    default:
                        PiecesMissing++;
                        break;
                }
            }

            PiecesGood = good.Count;
            BytesVerified = bytesGood;
            VerifiedPieces = PieceSet.FromIndexes(states.Length, good);
        }

        public string Name { get; }

        public InfoHash InfoHash { get; }

        /// <summary>The download folder that was checked.</summary>
        public string Destination { get; }

        public int PieceCount => _states.Length;

        public int PiecesGood { get; }

        public int PiecesBad { get; }

        public int PiecesMissing { get; }

        /// <summary>Bytes in good pieces (padding included, as the torrent counts it).</summary>
        public long BytesVerified { get; }

        public long TotalSize { get; }

        /// <summary>The good pieces: what a session can trust and announce.</summary>
        public PieceSet VerifiedPieces { get; }

        /// <summary>One result per file, padding files left out, in torrent order.</summary>
        public IReadOnlyList<TorrentFileCheck> Files { get; }

        /// <summary>Every piece is good and every file is present with its exact length.</summary>
        public bool IsComplete
        {
            get
            {
                if (PiecesGood != PieceCount)
                {
                    return false;
                }

                foreach (TorrentFileCheck file in Files)
                {
                    if (!file.IsComplete)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public PieceCheckState GetPieceState(int piece)
        {
            if ((uint)piece >= (uint)_states.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(piece), piece, string.Format(CultureInfo.InvariantCulture, "The torrent has {0} pieces.", _states.Length));
            }

            return _states[piece];
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}: {1}/{2} pieces good, {3} bad, {4} missing{5}", Name, PiecesGood, PieceCount, PiecesBad, PiecesMissing, IsComplete ? " (complete)" : string.Empty);
    }
}
