using System;
using System.Collections.Generic;
using System.Text;

namespace TorrentPS.Tracking.Http
{
    /// <summary>
    /// The BEP 48 rule: a tracker supports scrape when the last path segment of its announce URL starts with
    /// "announce"; the scrape URL replaces that word with "scrape" (so /x/announce.php?k=1 becomes /x/scrape.php?k=1).
    /// </summary>
    internal static class ScrapeUrl
    {
        private static readonly char[] QueryOrFragment = { '?', '#' };

        public static string? FromAnnounceUrl(string announceUrl)
        {
            int queryStart = announceUrl.IndexOfAny(QueryOrFragment);
            string path = queryStart < 0 ? announceUrl : announceUrl.Substring(0, queryStart);
            string rest = queryStart < 0 ? string.Empty : announceUrl.Substring(queryStart);
            int slash = path.LastIndexOf('/');
            if (slash < 0 || !path.Substring(slash + 1).StartsWith("announce", StringComparison.Ordinal))
            {
                return null;
            }

            // A slash that belongs to "scheme://" is not a path separator.
            if (slash > 0 && path[slash - 1] == '/')
            {
                return null;
            }

            return path.Substring(0, slash + 1) + "scrape" + path.Substring(slash + 1 + "announce".Length) + rest;
        }

        public static string Build(string scrapeUrl, IReadOnlyList<InfoHash> infoHashes)
        {
            var query = new StringBuilder(infoHashes.Count * 72);
            for (int i = 0; i < infoHashes.Count; i++)
            {
                if (i > 0)
                {
                    query.Append('&');
                }

                query.Append("info_hash=");
                TrackerUrlEncoding.AppendPercentEncoded(query, infoHashes[i].ToArray());
            }

            return HttpAnnounceUrl.AppendQuery(scrapeUrl, query.ToString());
        }
    }
}
