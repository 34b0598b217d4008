using System;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Metainfo.Creation;

namespace TorrentPS
{
    /// <summary>
    /// Makes .torrent files (BEP 3 v1) from a file or a folder: finds the files (<see cref="Scan"/>), hashes
    /// them (one sequential reader, parallel hashers), and writes the metainfo that <see cref="TorrentInfo.Load"/>
    /// and other clients read. Bad input is a <see cref="TorrentCreationException"/> naming the file or option.
    /// </summary>
    public static class TorrentBuilder
    {
        /// <summary>Pieces aimed for by the automatic choice: small enough a .torrent, fine enough a swarm.</summary>
        public const int TargetMaxPieces = 2000;

        /// <summary>The largest piece length the automatic choice picks (a given one may go up to <see cref="TorrentCreationOptions.MaxPieceLength"/>).</summary>
        public const int MaxAutomaticPieceLength = 16 * 1024 * 1024;

        /// <summary>More pieces than this make a .torrent of tens of MiB that clients struggle with.</summary>
        public const int MaxPieces = 4_000_000;

        /// <summary>
        /// The piece length for <paramref name="totalSize"/> bytes, as libtorrent and qBittorrent choose it: the smallest
        /// power of two from 16 KiB to 16 MiB that gives at most 2000 pieces, so content gets 1000 to 2000 pieces
        /// unless it is tiny (16 KiB pieces) or huge (16 MiB pieces).
        /// </summary>
        public static int ChoosePieceLength(long totalSize)
        {
            if (totalSize < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(totalSize), totalSize, "A size cannot be negative.");
            }

            long length = TorrentCreationOptions.MinPieceLength;
            while (length < MaxAutomaticPieceLength && (totalSize + length - 1) / length > TargetMaxPieces)
            {
                length *= 2;
            }

            return (int)length;
        }

        /// <summary>Finds the files a torrent of <paramref name="path"/> would hold, without reading them.</summary>
        public static TorrentContent Scan(string path, TorrentCreationOptions? options = null)
        {
            options ??= TorrentCreationOptions.Default;
            options.Validate();
            return ContentScanner.Scan(path, options);
        }

        /// <summary>Scans <paramref name="path"/> and creates its torrent.</summary>
        public static Task<BuiltTorrent> CreateAsync(
            string path,
            TorrentCreationOptions? options = null,
            IProgress<TorrentHashProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            options ??= TorrentCreationOptions.Default;
            return Task.Run(() => Build(Scan(path, options), options, progress, cancellationToken), cancellationToken);
        }

        /// <summary>Creates the torrent of content already scanned (by <see cref="Scan"/>, with the same options).</summary>
        public static Task<BuiltTorrent> CreateAsync(
            TorrentContent content,
            TorrentCreationOptions? options = null,
            IProgress<TorrentHashProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            if (content is null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            options ??= TorrentCreationOptions.Default;
            options.Validate();
            // Reading and hashing are blocking I/O and CPU work: all of it off the caller's thread.
            return Task.Run(() => Build(content, options, progress, cancellationToken), cancellationToken);
        }

        private static BuiltTorrent Build(TorrentContent content, TorrentCreationOptions options, IProgress<TorrentHashProgress>? progress, CancellationToken cancellationToken)
        {
            int pieceLength = options.PieceLength > 0 ? options.PieceLength : ChoosePieceLength(content.TotalSize);
            long pieces = (content.TotalSize + pieceLength - 1) / pieceLength;
            if (pieces > MaxPieces)
            {
                throw TorrentCreationException.InvalidOption("piece length", $"{pieceLength} bytes makes {pieces} pieces of {ByteSize.Format(content.TotalSize)}, more than {MaxPieces}; choose a larger piece size");
            }

            DateTimeOffset creationDate = options.CreationDate ?? DateTimeOffset.UtcNow;
            byte[] hashes = new PieceHasher(content, pieceLength, options.Parallelism, progress).Run(cancellationToken);
            byte[] bytes = MetainfoWriter.Write(content, pieceLength, hashes, options, creationDate);
            TorrentInfo torrent;
            try
            {
                torrent = TorrentInfo.Load(bytes);
            }
            catch (MetainfoException e)
            {
                // The scan checks names and sizes, so this is a case it missed: say so rather than write a torrent nobody can load.
                throw new TorrentCreationException(TorrentCreationErrorKind.InvalidName, content.RootPath, "the torrent would not load: " + e.Message, e);
            }

            return new BuiltTorrent(bytes, torrent, content);
        }
    }
}
