using System;
using TorrentPS.Storage;

namespace TorrentPS
{
    /// <summary>A torrent just created: its .torrent bytes, the same bytes read back, and the content it describes.</summary>
    public sealed class BuiltTorrent
    {
        private readonly byte[] _bytes;

        internal BuiltTorrent(byte[] bytes, TorrentInfo torrent, TorrentContent content)
        {
            _bytes = bytes;
            Torrent = torrent;
            Content = content;
        }

        /// <summary>The torrent as <see cref="TorrentInfo.Load"/> reads the bytes (so anything it warns about is in its Warnings).</summary>
        public TorrentInfo Torrent { get; }

        public TorrentContent Content { get; }

        public InfoHash InfoHash => Torrent.InfoHash;

        /// <summary>The .torrent file's bytes; a copy, so the result stays immutable.</summary>
        public byte[] GetBytes() => (byte[])_bytes.Clone();

        /// <summary>Writes the .torrent file atomically (a temporary file renamed over the target), replacing an existing one.</summary>
        public void Save(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("A path for the .torrent file is required.", nameof(path));
            }

            AtomicFile.Write(path, _bytes);
        }

        /// <summary>The same torrent, read back from <paramref name="path"/>'s bytes so its Source says where it was saved.</summary>
        public TorrentInfo LoadAs(string path) => TorrentInfo.Load(_bytes, path);

        public override string ToString() => Torrent.ToString();
    }
}
