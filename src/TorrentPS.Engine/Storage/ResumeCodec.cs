using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using TorrentPS.Bencode;

namespace TorrentPS.Storage
{
    /// <summary>
    /// The resume file format, bencoded:
    /// <c>d 6:format 16:torrentps-resume 7:version i1e 9:info-hash 20:... 12:piece length i..e 11:piece count i..e
    /// 10:total size i..e 6:pieces &lt;BEP 3 bitfield&gt; 5:files l d 4:path .. 6:length i..e 5:mtime i..e e ... e e</c>
    /// (keys sorted on disk). Decoding checks everything against the torrent and says what was wrong.
    /// </summary>
    internal static class ResumeCodec
    {
        public const string FormatName = "torrentps-resume";

        public static byte[] Encode(ResumeData data)
        {
            var files = new List<BValue>(data.Files.Count);
            foreach (ResumeFileStamp file in data.Files)
            {
                files.Add(new BDictionary(new[]
                {
                    Entry("path", new BString(file.Path)),
                    Entry("length", new BInteger(file.Length)),
                    Entry("mtime", new BInteger(file.LastWriteUtcTicks)),
                }));
            }

            var root = new BDictionary(new[]
            {
                Entry("format", new BString(FormatName)),
                Entry("version", new BInteger(data.FormatVersion)),
                Entry("info-hash", new BString(data.InfoHash.ToArray())),
                Entry("piece length", new BInteger(data.PieceLength)),
                Entry("piece count", new BInteger(data.PieceCount)),
                Entry("total size", new BInteger(data.TotalSize)),
                Entry("pieces", new BString(data.VerifiedPieces.ToBitfield())),
                Entry("files", new BList(files)),
            });
            return BencodeEncoder.Encode(root);
        }

        /// <summary>The largest resume file a torrent can have; anything bigger is refused before it is read.</summary>
        public static long MaxSize(TorrentInfo torrent)
        {
            long size = 4096 + PieceSet.ByteLength(torrent.PieceCount);
            foreach (TorrentFile file in torrent.Files)
            {
                size += 96 + Encoding.UTF8.GetByteCount(file.Path);
            }

            return size;
        }

        /// <summary>Decodes and checks resume data against <paramref name="torrent"/>; null with a reason when anything is wrong.</summary>
        public static ResumeData? TryDecode(byte[] content, TorrentInfo torrent, out string reason)
        {
            BDictionary root;
            try
            {
                root = BencodeDecoder.DecodeDictionary(content);
            }
            catch (BencodeException e)
            {
                reason = "it is not valid bencode (" + e.Message.TrimEnd('.') + ")";
                return null;
            }

            if (!(root.Get<BString>("format") is BString format) || !format.ContentEquals(FormatName))
            {
                reason = "it is not a TorrentPS resume file (no 'format' of '" + FormatName + "')";
                return null;
            }

            if (!TryGetInteger(root, "version", out long version, out reason))
            {
                return null;
            }

            if (version != ResumeData.CurrentFormatVersion)
            {
                reason = string.Format(CultureInfo.InvariantCulture, "its format version {0} is not supported (this version reads {1})", version, ResumeData.CurrentFormatVersion);
                return null;
            }

            if (!(root.Get<BString>("info-hash") is BString hashBytes) || hashBytes.Length != InfoHash.Length)
            {
                reason = "its 'info-hash' is missing or not 20 bytes";
                return null;
            }

            var infoHash = new InfoHash(hashBytes.Bytes.Span);
            if (!infoHash.Equals(torrent.InfoHash))
            {
                reason = $"it belongs to another torrent (info-hash {infoHash}, expected {torrent.InfoHash})";
                return null;
            }

            if (!CheckInteger(root, "piece length", torrent.PieceLength, out reason)
                || !CheckInteger(root, "piece count", torrent.PieceCount, out reason)
                || !CheckInteger(root, "total size", torrent.TotalSize, out reason))
            {
                return null;
            }

            if (!(root.Get<BString>("pieces") is BString bitfield))
            {
                reason = "its 'pieces' bitfield is missing or not a string";
                return null;
            }

            if (!PieceSet.TryFromBitfield(bitfield.Bytes.Span, torrent.PieceCount, out PieceSet? verified, out string? bitfieldProblem))
            {
                reason = "its 'pieces' is wrong: " + bitfieldProblem;
                return null;
            }

            List<ResumeFileStamp>? files = TryDecodeFiles(root, torrent, out reason);
            if (files is null)
            {
                return null;
            }

            reason = string.Empty;
            return new ResumeData(infoHash, torrent.PieceLength, torrent.PieceCount, torrent.TotalSize, verified!, files);
        }

        private static List<ResumeFileStamp>? TryDecodeFiles(BDictionary root, TorrentInfo torrent, out string reason)
        {
            if (!(root.Get<BList>("files") is BList list))
            {
                reason = "its 'files' list is missing";
                return null;
            }

            if (list.Count != torrent.Files.Count)
            {
                reason = string.Format(CultureInfo.InvariantCulture, "it lists {0} files; the torrent has {1}", list.Count, torrent.Files.Count);
                return null;
            }

            var files = new List<ResumeFileStamp>(list.Count);
            for (int i = 0; i < list.Count; i++)
            {
                string field = string.Format(CultureInfo.InvariantCulture, "files[{0}]", i);
                if (!(list[i] is BDictionary entry))
                {
                    reason = $"its '{field}' is not a dictionary";
                    return null;
                }

                if (!(entry.Get<BString>("path") is BString path) || !path.TryGetText(out string text) || !string.Equals(text, torrent.Files[i].Path, StringComparison.Ordinal))
                {
                    reason = $"its '{field}.path' does not name the torrent's file '{torrent.Files[i].Path}'";
                    return null;
                }

                if (!TryGetInteger(entry, "length", out long length, out reason, field)
                    || !TryGetInteger(entry, "mtime", out long ticks, out reason, field))
                {
                    return null;
                }

                if (length < -1 || ticks < 0 || ticks > DateTime.MaxValue.Ticks || (length == -1 && ticks != 0))
                {
                    reason = $"its '{field}' has an impossible length or time";
                    return null;
                }

                files.Add(new ResumeFileStamp(text, length, ticks));
            }

            reason = string.Empty;
            return files;
        }

        private static bool CheckInteger(BDictionary root, string key, long expected, out string reason)
        {
            if (!TryGetInteger(root, key, out long value, out reason))
            {
                return false;
            }

            if (value != expected)
            {
                reason = string.Format(CultureInfo.InvariantCulture, "its '{0}' is {1}; the torrent's is {2}", key, value, expected);
                return false;
            }

            return true;
        }

        private static bool TryGetInteger(BDictionary dictionary, string key, out long value, out string reason, string? parent = null)
        {
            if (dictionary.Get<BInteger>(key) is BInteger integer)
            {
                value = integer.Value;
                reason = string.Empty;
                return true;
            }

            value = 0;
            reason = $"its '{(parent is null ? key : parent + "." + key)}' is missing or not an integer";
            return false;
        }

        private static KeyValuePair<string, BValue> Entry(string key, BValue value) => new KeyValuePair<string, BValue>(key, value);
    }
}
