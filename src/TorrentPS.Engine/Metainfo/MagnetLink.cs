using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TorrentPS
{
    /// <summary>A BEP 9 magnet link: enough to find a torrent's peers and fetch its metadata from them.</summary>
    public sealed class MagnetLink
    {
        private const string Scheme = "magnet:?";
        private const string BtihPrefix = "urn:btih:";
        private static readonly char[] ParameterSeparator = { '&' };

        private MagnetLink(string uri, InfoHash infoHash, string? displayName, IReadOnlyList<string> trackers, IReadOnlyList<string> webSeeds, IReadOnlyList<string> peers, long? exactLength)
        {
            Uri = uri;
            InfoHash = infoHash;
            DisplayName = displayName;
            Trackers = trackers;
            WebSeeds = webSeeds;
            Peers = peers;
            ExactLength = exactLength;
        }

        /// <summary>The link as text.</summary>
        public string Uri { get; }

        public InfoHash InfoHash { get; }

        /// <summary>dn: a name to show until the metadata arrives.</summary>
        public string? DisplayName { get; }

        /// <summary>tr: tracker URLs, in the order given.</summary>
        public IReadOnlyList<string> Trackers { get; }

        /// <summary>ws: web seed URLs.</summary>
        public IReadOnlyList<string> WebSeeds { get; }

        /// <summary>x.pe: peer addresses as host:port.</summary>
        public IReadOnlyList<string> Peers { get; }

        /// <summary>xl: the content's size in bytes, when the link says.</summary>
        public long? ExactLength { get; }

        /// <summary>Parses a magnet URI; a <see cref="MetainfoException"/> names the parameter that is wrong.</summary>
        public static MagnetLink Parse(string uri)
        {
            if (uri is null)
            {
                throw new ArgumentNullException(nameof(uri));
            }

            try
            {
                return ParseCore(uri.Trim());
            }
            catch (MetainfoException ex) when (ex.Source is null)
            {
                throw ex.WithSource(uri.Length > 80 ? uri.Substring(0, 77) + "..." : uri);
            }
        }

        public static bool TryParse(string? uri, out MagnetLink? link)
        {
            link = null;
            if (uri is null)
            {
                return false;
            }

            try
            {
                link = Parse(uri);
                return true;
            }
            catch (MetainfoException)
            {
                return false;
            }
        }

        /// <summary>Builds a link from its parts (what a loaded torrent hands out).</summary>
        public static MagnetLink Create(InfoHash infoHash, string? displayName = null, IEnumerable<string>? trackers = null, IEnumerable<string>? webSeeds = null, long? exactLength = null)
        {
            var text = new StringBuilder(Scheme).Append("xt=").Append(BtihPrefix).Append(infoHash.ToString());
            if (!string.IsNullOrEmpty(displayName))
            {
                text.Append("&dn=").Append(System.Uri.EscapeDataString(displayName));
            }

            if (exactLength.HasValue)
            {
                text.Append("&xl=").Append(exactLength.Value.ToString(CultureInfo.InvariantCulture));
            }

            var trackerList = new List<string>(trackers ?? Array.Empty<string>());
            var seedList = new List<string>(webSeeds ?? Array.Empty<string>());
            trackerList.ForEach(t => text.Append("&tr=").Append(System.Uri.EscapeDataString(t)));
            seedList.ForEach(w => text.Append("&ws=").Append(System.Uri.EscapeDataString(w)));
            return new MagnetLink(text.ToString(), infoHash, string.IsNullOrEmpty(displayName) ? null : displayName, trackerList, seedList, Array.Empty<string>(), exactLength);
        }

        public override string ToString() => Uri;

        private static MagnetLink ParseCore(string uri)
        {
            if (!uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                throw new MetainfoException(null, "not a magnet link: it must start with 'magnet:?'");
            }

            InfoHash? infoHash = null;
            bool sawV2Only = false;
            string? displayName = null;
            long? exactLength = null;
            var trackers = new List<string>();
            var webSeeds = new List<string>();
            var peers = new List<string>();
            foreach (string pair in uri.Substring(Scheme.Length).Split(ParameterSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=');
                string key = equals < 0 ? pair : pair.Substring(0, equals);
                string raw = equals < 0 ? string.Empty : pair.Substring(equals + 1);

                // Numbered forms (xt.1, tr.2) are the same parameter.
                int dot = key.IndexOf('.');
                if (dot > 0 && !key.StartsWith("x.", StringComparison.Ordinal))
                {
                    key = key.Substring(0, dot);
                }

                switch (key)
                {
                    case "xt":
                        string topic = Unescape(raw, key);
                        if (topic.StartsWith(BtihPrefix, StringComparison.OrdinalIgnoreCase))
                        {
                            string hash = topic.Substring(BtihPrefix.Length);
                            if (!InfoHash.TryParse(hash, out InfoHash parsed))
                            {
                                throw new MetainfoException("xt", $"'{hash}' is not a BitTorrent info-hash: expected 40 hex digits or 32 base32 characters");
                            }

                            if (infoHash.HasValue && infoHash.Value != parsed)
                            {
                                throw new MetainfoException("xt", "the link names two different v1 info-hashes");
                            }

                            infoHash = parsed;
                        }
                        else if (topic.StartsWith("urn:btmh:", StringComparison.OrdinalIgnoreCase))
                        {
                            sawV2Only = true;
                        }

                        break;
                    case "dn":
                        // Many clients write spaces in dn as '+'.
                        displayName = Unescape(raw.Replace('+', ' '), key);
                        break;
                    case "tr":
                        AddDistinct(trackers, Unescape(raw, key));
                        break;
                    case "ws":
                        AddDistinct(webSeeds, Unescape(raw, key));
                        break;
                    case "x.pe":
                        AddDistinct(peers, CheckPeer(Unescape(raw, key)));
                        break;
                    case "xl":
                        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
                        {
                            throw new MetainfoException("xl", $"'{raw}' is not a non-negative whole number of bytes");
                        }

                        exactLength = length;
                        break;
                }
            }

            if (!infoHash.HasValue)
            {
                throw new MetainfoException("xt", sawV2Only
                    ? "only a v2 (urn:btmh) info-hash is given; v2-only torrents are not supported yet"
                    : "the link has no 'xt=urn:btih:' info-hash");
            }

            return new MagnetLink(uri, infoHash.Value, displayName, trackers, webSeeds, peers, exactLength);
        }

        private static string Unescape(string raw, string key)
        {
            try
            {
                return System.Uri.UnescapeDataString(raw).Trim();
            }
            catch (UriFormatException ex)
            {
                throw new MetainfoException(key, $"bad percent-encoding: {ex.Message}");
            }
        }

        private static string CheckPeer(string peer)
        {
            int colon = peer.LastIndexOf(':');
            if (colon <= 0 || !ushort.TryParse(peer.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) || port == 0)
            {
                throw new MetainfoException("x.pe", $"'{peer}' is not a host:port peer address");
            }

            // An IPv6 address must be bracketed, or its last group could not be told from the port.
            string host = peer.Substring(0, colon);
            if (host.IndexOf(':') >= 0 && !(host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal)))
            {
                throw new MetainfoException("x.pe", $"'{peer}' is not a host:port peer address: an IPv6 address goes in brackets, as in [::1]:6881");
            }

            return peer;
        }

        private static void AddDistinct(List<string> list, string value)
        {
            if (value.Length > 0 && !list.Contains(value))
            {
                list.Add(value);
            }
        }
    }
}
