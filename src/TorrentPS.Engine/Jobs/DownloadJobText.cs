using System;
using System.Text;

namespace TorrentPS.Jobs
{
    /// <summary>The words a download job shows in Get-Job: its name, its command line and its short status.</summary>
    public static class DownloadJobText
    {
        /// <summary>Names longer than this are shortened with an ellipsis, so Get-Job's table stays readable.</summary>
        public const int MaxNameLength = 60;

        /// <summary>
        /// The torrent's name, one line and at most <see cref="MaxNameLength"/> characters. Wildcard characters
        /// are replaced because scripts find jobs with Get-Job -Name, which treats them as patterns.
        /// </summary>
        public static string JobName(TorrentInfo torrent)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            var name = new StringBuilder(torrent.Name.Length);
            foreach (char c in torrent.Name)
            {
                name.Append(char.IsControl(c) ? ' ' : c switch
                {
                    '*' or '?' => '_',
                    '[' => '(',
                    ']' => ')',
                    _ => c,
                });
            }

            string text = name.ToString().Trim();
            if (text.Length == 0)
            {
                return torrent.InfoHash.ToString();
            }

            return text.Length <= MaxNameLength ? text : text.Substring(0, MaxNameLength - 1).TrimEnd() + "…";
        }

        /// <summary>
        /// What Get-Job shows as the job's command: the call that would start this download again when the torrent
        /// came from a file, and otherwise the torrent object it was given (name and info-hash).
        /// </summary>
        public static string Command(TorrentInfo torrent, string destination)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            string what = torrent.Source is null ? $"-InputObject {Quote(torrent.ToString())}" : $"-LiteralPath {Quote(torrent.Source)}";
            return $"Start-TorrentDownload {what} -Destination {Quote(destination)}";
        }

        /// <summary>The job's StatusMessage: the live summary while it runs, the state and how far it got otherwise.</summary>
        public static string StatusMessage(TorrentJobState state, TorrentStatus? status)
        {
            string percent = status is null ? string.Empty : " · " + status.PercentComplete.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
            return state switch
            {
                TorrentJobState.Running when status is not null => status.ToString(),
                TorrentJobState.Running => "starting",
                _ => state.ToString().ToLowerInvariant() + percent,
            };
        }

        private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
    }
}
