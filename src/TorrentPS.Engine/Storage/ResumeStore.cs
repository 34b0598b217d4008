using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Storage
{
    /// <summary>
    /// Where resume files live and how they are saved and loaded. By default they sit next to the data, in
    /// <c>&lt;download folder&gt;/.torrentps/&lt;info-hash&gt;.resume</c> (<see cref="ForDestination"/>): the module
    /// has no settings folder of its own, resume data travels with the data it describes when the folder is
    /// moved, and torrents sharing a folder do not collide. A host that prefers a settings folder passes it to
    /// the constructor. Saving is atomic; loading validates everything and never throws for bad content.
    /// </summary>
    public sealed class ResumeStore
    {
        public const string DefaultFolderName = ".torrentps";
        public const string Extension = ".resume";

        private readonly Func<string, Stream>? _openTemporary;

        public ResumeStore(string folder)
            : this(folder, null)
        {
        }

        /// <summary>Tests pass <paramref name="openTemporary"/> to make the write of the temporary file fail midway.</summary>
        internal ResumeStore(string folder, Func<string, Stream>? openTemporary)
        {
            if (string.IsNullOrWhiteSpace(folder))
            {
                throw new ArgumentException("A folder for resume files is required.", nameof(folder));
            }

            Folder = Path.GetFullPath(folder);
            _openTemporary = openTemporary;
        }

        /// <summary>The folder resume files are kept in.</summary>
        public string Folder { get; }

        /// <summary>The store that keeps resume files in <c>.torrentps</c> under the download folder.</summary>
        public static ResumeStore ForDestination(string destination) =>
            new ResumeStore(Path.Combine(StoragePaths.NormalizeDestination(destination), DefaultFolderName));

        public string GetPath(InfoHash infoHash) => Path.Combine(Folder, infoHash.ToString() + Extension);

        /// <summary>Writes <paramref name="data"/> atomically. Throws <see cref="StorageException"/> naming the resume file if that fails; the previous file is then intact.</summary>
        public void Save(ResumeData data)
        {
            if (data is null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            AtomicFile.Write(GetPath(data.InfoHash), ResumeCodec.Encode(data), _openTemporary);
        }

        public Task SaveAsync(ResumeData data, CancellationToken cancellationToken = default) => Task.Run(() => Save(data), cancellationToken);

        /// <summary>
        /// Loads the resume file of <paramref name="torrent"/> and checks it against the torrent and the files under
        /// <paramref name="destination"/> as they are now. Corrupt or stale files come back as
        /// <see cref="ResumeLoadStatus.Ignored"/> with the reason; nothing about the content throws.
        /// </summary>
        public ResumeLoadResult Load(TorrentInfo torrent, string destination)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            string path = GetPath(torrent.InfoHash);
            byte[]? content;
            try
            {
                content = ReadBounded(path, ResumeCodec.MaxSize(torrent), out string? tooBig);
                if (content is null)
                {
                    return tooBig is null ? ResumeLoadResult.NotFound(path) : ResumeLoadResult.Ignored(path, tooBig);
                }
            }
            catch (Exception e) when (StorageErrors.IsFileSystemError(e))
            {
                return ResumeLoadResult.Ignored(path, "it could not be read (" + e.Message.TrimEnd('.') + ")");
            }

            ResumeData? data = ResumeCodec.TryDecode(content, torrent, out string reason);
            if (data is null)
            {
                return ResumeLoadResult.Ignored(path, reason);
            }

            string? stale;
            try
            {
                stale = FindStaleness(torrent, StoragePaths.NormalizeDestination(destination), data);
            }
            catch (Exception e) when (StorageErrors.IsFileSystemError(e))
            {
                return ResumeLoadResult.Ignored(path, "the data files could not be examined (" + e.Message.TrimEnd('.') + ")");
            }

            return stale is null ? ResumeLoadResult.Loaded(path, data) : ResumeLoadResult.Ignored(path, stale);
        }

        public Task<ResumeLoadResult> LoadAsync(TorrentInfo torrent, string destination, CancellationToken cancellationToken = default) =>
            Task.Run(() => Load(torrent, destination), cancellationToken);

        /// <summary>Removes the resume file of <paramref name="infoHash"/>, if any. Returns whether there was one.</summary>
        public bool Delete(InfoHash infoHash)
        {
            string path = GetPath(infoHash);
            try
            {
                if (!File.Exists(path))
                {
                    return false;
                }

                File.Delete(path);
                return true;
            }
            catch (Exception e) when (StorageErrors.IsFileSystemError(e))
            {
                throw StorageErrors.Wrap(e, path, "delete");
            }
        }

        /// <summary>Null and no reason when absent; null with a reason when larger than any valid resume file could be.</summary>
        private static byte[]? ReadBounded(string path, long maxSize, out string? tooBig)
        {
            tooBig = null;
            if (!File.Exists(path))
            {
                return null;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > maxSize)
            {
                tooBig = string.Format(CultureInfo.InvariantCulture, "it is {0} bytes; resume data for this torrent is at most {1}", stream.Length, maxSize);
                return null;
            }

            var content = new byte[stream.Length];
            int read = 0;
            while (read < content.Length)
            {
                int n = stream.Read(content, read, content.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            if (read < content.Length)
            {
                Array.Resize(ref content, read);
            }

            return content;
        }

        /// <summary>Why the resume data no longer describes the files on disk, or null if it still does.</summary>
        private static string? FindStaleness(TorrentInfo torrent, string destination, ResumeData data)
        {
            var stampsByLayoutIndex = new ResumeFileStamp[torrent.Layout.Count];
            for (int i = 0; i < torrent.Files.Count; i++)
            {
                TorrentFile file = torrent.Files[i];
                ResumeFileStamp saved = data.Files[i];
                ResumeFileStamp now = ResumeFileStamp.Read(file.Path, StoragePaths.Resolve(destination, file));
                if (saved.Exists != now.Exists)
                {
                    return saved.Exists ? $"'{file.Path}' was deleted since it was written" : $"'{file.Path}' appeared since it was written";
                }

                if (saved.Length != now.Length)
                {
                    return string.Format(CultureInfo.InvariantCulture, "'{0}' changed size since it was written ({1} bytes then, {2} now)", file.Path, saved.Length, now.Length);
                }

                if (saved.LastWriteUtcTicks != now.LastWriteUtcTicks)
                {
                    return string.Format(
                        CultureInfo.InvariantCulture,
                        "'{0}' was modified since it was written (last written {1:o} then, {2:o} now)",
                        file.Path,
                        new DateTime(saved.LastWriteUtcTicks, DateTimeKind.Utc),
                        new DateTime(now.LastWriteUtcTicks, DateTimeKind.Utc));
                }

                stampsByLayoutIndex[file.Index] = saved;
            }

            // A verified piece must lie wholly inside files that were big enough: otherwise the bitfield lies.
            var map = new PieceMap(torrent);
            foreach (int piece in data.VerifiedPieces.GetPieces())
            {
                foreach (FileSegment segment in map.MapPiece(piece))
                {
                    if (!segment.IsPadding && stampsByLayoutIndex[segment.File.Index].Length < segment.FileOffset + segment.Length)
                    {
                        return string.Format(CultureInfo.InvariantCulture, "it marks piece {0} verified, but '{1}' is too short to hold it", piece, segment.File.Path);
                    }
                }
            }

            return null;
        }
    }
}
