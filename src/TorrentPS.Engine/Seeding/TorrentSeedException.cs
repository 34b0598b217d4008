using System;

namespace TorrentPS
{
    /// <summary>A torrent cannot be seeded: none of its data is where it was looked for. The message says where and what was found.</summary>
    public sealed class TorrentSeedException : Exception
    {
        public TorrentSeedException(string dataFolder, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            DataFolder = dataFolder;
        }

        /// <summary>The download folder the data was looked for in.</summary>
        public string DataFolder { get; }
    }
}
