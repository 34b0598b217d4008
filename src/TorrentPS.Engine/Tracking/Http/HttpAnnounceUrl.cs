using System;
using System.Globalization;
using System.Text;

namespace TorrentPS.Tracking.Http
{
    /// <summary>Builds the GET URL of an HTTP announce (BEP 3, 7, 23) from the tracker's announce URL and a request.</summary>
    internal static class HttpAnnounceUrl
    {
        public static string Build(string announceUrl, AnnounceRequest request)
        {
            var query = new StringBuilder(256);
            query.Append("info_hash=");
            TrackerUrlEncoding.AppendPercentEncoded(query, request.InfoHash.ToArray());
            query.Append("&peer_id=");
            TrackerUrlEncoding.AppendPercentEncoded(query, request.PeerId.Span);
            query.Append("&port=").Append(request.Port.ToString(CultureInfo.InvariantCulture));
            query.Append("&uploaded=").Append(request.Uploaded.ToString(CultureInfo.InvariantCulture));
            query.Append("&downloaded=").Append(request.Downloaded.ToString(CultureInfo.InvariantCulture));
            query.Append("&left=").Append(request.Left.ToString(CultureInfo.InvariantCulture));
            query.Append("&compact=1");
            string? eventName = EventName(request.Event);
            if (eventName is not null)
            {
                query.Append("&event=").Append(eventName);
            }

            if (request.NumWant >= 0)
            {
                query.Append("&numwant=").Append(request.NumWant.ToString(CultureInfo.InvariantCulture));
            }

            query.Append("&key=").Append(request.Key.ToString("X8", CultureInfo.InvariantCulture));
            if (request.TrackerId is not null)
            {
                query.Append("&trackerid=");
                TrackerUrlEncoding.AppendPercentEncoded(query, Encoding.UTF8.GetBytes(request.TrackerId));
            }

            return AppendQuery(announceUrl, query.ToString());
        }

        /// <summary>Adds parameters to a URL that may already carry a query string (private trackers put passkeys there).</summary>
        public static string AppendQuery(string url, string parameters)
        {
            string fragment = string.Empty;
            int hash = url.IndexOf('#');
            if (hash >= 0)
            {
                fragment = url.Substring(hash);
                url = url.Substring(0, hash);
            }

            char separator = url.IndexOf('?') < 0 ? '?' : (url.EndsWith("?", StringComparison.Ordinal) || url.EndsWith("&", StringComparison.Ordinal) ? '\0' : '&');
            return separator == '\0' ? url + parameters + fragment : url + separator + parameters + fragment;
        }

        public static string? EventName(TrackerEvent trackerEvent) => trackerEvent switch
        {
            TrackerEvent.Started => "started",
            TrackerEvent.Completed => "completed",
            TrackerEvent.Stopped => "stopped",
            _ => null,
        };
    }
}
