using System;
using System.Collections.Generic;
using System.Globalization;

namespace TorrentPS.Storage
{
    /// <summary>
    /// Maps pieces and byte ranges of a torrent onto its files (padding files included, as segments that are
    /// zeros and never touch the disk). Pure: no I/O, immutable, safe to share between threads.
    /// </summary>
    public sealed class PieceMap
    {
        // Only files that hold bytes: a zero-length file covers no range, so it can never be part of a segment.
        private readonly TorrentFile[] _dataFiles;
        private readonly long[] _starts;

        public PieceMap(TorrentInfo torrent)
        {
            Torrent = torrent ?? throw new ArgumentNullException(nameof(torrent));
            var files = new List<TorrentFile>(torrent.Layout.Count);
            foreach (TorrentFile file in torrent.Layout)
            {
                if (file.Length > 0)
                {
                    files.Add(file);
                }
            }

            _dataFiles = files.ToArray();
            _starts = new long[_dataFiles.Length];
            for (int i = 0; i < _dataFiles.Length; i++)
            {
                _starts[i] = _dataFiles[i].Offset;
            }
        }

        public TorrentInfo Torrent { get; }

        public long TotalSize => Torrent.TotalSize;

        public int PieceLength => Torrent.PieceLength;

        public int PieceCount => Torrent.PieceCount;

        public long GetPieceOffset(int piece)
        {
            CheckPiece(piece);
            return (long)piece * Torrent.PieceLength;
        }

        public int GetPieceSize(int piece) => Torrent.GetPieceSize(piece);

        /// <summary>The segments of a whole piece.</summary>
        public FileSegmentRange MapPiece(int piece) => MapRange(GetPieceOffset(piece), Torrent.GetPieceSize(piece));

        /// <summary>The segments of <paramref name="length"/> bytes at <paramref name="offset"/> inside a piece (a block).</summary>
        public FileSegmentRange MapBlock(int piece, int offset, int length)
        {
            int size = Torrent.GetPieceSize(piece);
            if (offset < 0 || length < 0 || offset > size || length > size - offset)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(length),
                    string.Format(CultureInfo.InvariantCulture, "{0} bytes at offset {1} do not fit in piece {2} of {3} bytes.", length, offset, piece, size));
            }

            return MapRange(((long)piece * Torrent.PieceLength) + offset, length);
        }

        /// <summary>The segments of <paramref name="length"/> bytes at <paramref name="offset"/> in the torrent's byte stream.</summary>
        public FileSegmentRange MapRange(long offset, int length)
        {
            if (offset < 0 || length < 0 || offset > TotalSize || length > TotalSize - offset)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(length),
                    string.Format(CultureInfo.InvariantCulture, "{0} bytes at offset {1} do not fit in the torrent's {2} bytes.", length, offset, TotalSize));
            }

            return length == 0
                ? new FileSegmentRange(_dataFiles, 0, offset, 0)
                : new FileSegmentRange(_dataFiles, FindDataFileAt(offset), offset, length);
        }

        /// <summary>
        /// The pieces that hold bytes of <paramref name="file"/>, as (first, count); count is 0 for an empty file,
        /// which no piece covers (unlike <see cref="TorrentFile.FirstPiece"/>, which names a neighbour's piece).
        /// </summary>
        public static (int First, int Count) GetPieceSpan(TorrentFile file, int pieceLength)
        {
            if (file is null)
            {
                throw new ArgumentNullException(nameof(file));
            }

            if (file.Length == 0)
            {
                return (0, 0);
            }

            long first = file.Offset / pieceLength;
            long last = (file.Offset + file.Length - 1) / pieceLength;
            return ((int)first, (int)(last - first + 1));
        }

        /// <summary>Index into the data files of the one holding byte <paramref name="offset"/> (which must be inside the torrent).</summary>
        private int FindDataFileAt(long offset)
        {
            int index = Array.BinarySearch(_starts, offset);
            if (index < 0)
            {
                // Not a start: the file before the insertion point holds it.
                index = ~index - 1;
            }

            return index;
        }

        private void CheckPiece(int piece)
        {
            if ((uint)piece >= (uint)Torrent.PieceCount)
            {
                throw new ArgumentOutOfRangeException(nameof(piece), piece, string.Format(CultureInfo.InvariantCulture, "The torrent has {0} pieces.", Torrent.PieceCount));
            }
        }
    }
}
