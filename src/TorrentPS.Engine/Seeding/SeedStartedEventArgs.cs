using System;
using System.Collections.Generic;
using System.Net;

namespace TorrentPS
{
    /// <summary>A seed session is listening and serving: where, and how much of the torrent it offers.</summary>
    public sealed class SeedStartedEventArgs : EventArgs
    {
        public SeedStartedEventArgs(int port, IReadOnlyList<IPEndPoint> endPoints, int piecesSeeded, int pieceCount)
        {
            Port = port;
            EndPoints = endPoints;
            PiecesSeeded = piecesSeeded;
            PieceCount = pieceCount;
        }

        /// <summary>The port peers can connect to (the system's pick when the options asked for 0).</summary>
        public int Port { get; }

        public IReadOnlyList<IPEndPoint> EndPoints { get; }

        /// <summary>Verified pieces on offer; fewer than <see cref="PieceCount"/> when the data is incomplete.</summary>
        public int PiecesSeeded { get; }

        public int PieceCount { get; }

        public bool IsComplete => PiecesSeeded == PieceCount;
    }
}
