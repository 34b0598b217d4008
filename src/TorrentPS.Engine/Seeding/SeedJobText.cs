using System;

namespace TorrentPS
{
    /// <summary>The words a seed job shows in Get-Job: its command line (its name and status are the download job's, see DownloadJobText).</summary>
    public static class SeedJobText
    {
        /// <summary>
        /// The call that would start this seeding again when the torrent came from a file, and otherwise the torrent
        /// object it was given (name and info-hash).
        /// </summary>
        public static string Command(TorrentInfo torrent, string dataFolder)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            string what = torrent.Source is null ? $"-InputObject {Quote(torrent.ToString())}" : $"-LiteralPath {Quote(torrent.Source)}";
            return $"Start-TorrentSeed {what} -DataPath {Quote(dataFolder)}";
        }

        private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
    }
}
