using System;
using System.Collections.Generic;
using System.Globalization;
using TorrentPS.Bencode;

namespace TorrentPS.Metainfo
{
    /// <summary>Turns the bytes of a .torrent file into a validated <see cref="TorrentInfo"/> (BEP 3, 12, 19, 27, 47; the v1 part of BEP 52 hybrids).</summary>
    internal static class MetainfoParser
    {
        /// <summary>Largest accepted piece: libtorrent's limit is about the same.</summary>
        public const int MaxPieceLength = 512 * 1024 * 1024;

        public static TorrentInfo Parse(ReadOnlyMemory<byte> data, string? source)
        {
            BDictionary root;
            try
            {
                root = (BDictionary)BencodeDecoder.Decode(data);
            }
            catch (BencodeException ex)
            {
                throw new MetainfoException(null, $"not a torrent file: {ex.Message}", source, ex);
            }
            catch (InvalidCastException)
            {
                throw new MetainfoException(null, "not a torrent file: the top-level value is not a dictionary", source);
            }

            try
            {
                return Parse(root, source);
            }
            catch (MetainfoException ex) when (source is not null && ex.Source is null)
            {
                throw ex.WithSource(source);
            }
        }

        private static TorrentInfo Parse(BDictionary root, string? source)
        {
            var warnings = new List<string>();
            BDictionary info = Require<BDictionary>(root, "info", "info", "a dictionary");
            string? encoding = OptionalText(root, "encoding", null, warnings);

            bool isHybrid = CheckMetaVersion(info);
            long pieceLength = Require<BInteger>(info, "piece length", "info.piece length", "an integer").Value;
            if (pieceLength <= 0 || pieceLength > MaxPieceLength)
            {
                throw new MetainfoException("info.piece length", $"{pieceLength} is not a sane piece length (1 byte to {MaxPieceLength / (1024 * 1024)} MiB)");
            }

            BString pieces = Require<BString>(info, "pieces", "info.pieces", "a byte string");
            if (pieces.Length == 0 || pieces.Length % PieceHashList.HashLength != 0)
            {
                throw new MetainfoException("info.pieces", $"length {pieces.Length} is not a positive multiple of 20");
            }

            string name = PathSegmentRules.Check(ReadText(info, "name", "info.name", encoding, warnings), "info.name", warnings);
            bool hasLength = info.ContainsKey("length");
            bool hasFiles = info.ContainsKey("files");
            if (hasLength == hasFiles)
            {
                throw new MetainfoException("info", hasLength ? "has both 'length' and 'files'; a torrent is single-file or multi-file, not both" : "has neither 'length' nor 'files'");
            }

            List<FileEntry> entries = hasLength ? SingleFile(info, name) : MultiFile(info, name, encoding, warnings);
            (IReadOnlyList<TorrentFile> layout, long totalSize) = Lay(entries, (int)pieceLength);
            CheckPieceCount(totalSize, pieceLength, pieces.Length / PieceHashList.HashLength);

            return new TorrentInfo(
                name,
                InfoHash.Compute(info.RawBytes),
                info.RawBytes,
                totalSize,
                (int)pieceLength,
                new PieceHashList(pieces.Bytes),
                layout,
                hasFiles,
                isHybrid,
                ReadTrackers(root),
                ReadWebSeeds(root),
                info.Get<BInteger>("private")?.Value == 1,
                ReadCreationDate(root, warnings),
                OptionalText(root, "comment", encoding, warnings),
                OptionalText(root, "created by", encoding, warnings),
                encoding,
                source,
                warnings);
        }

        private static bool CheckMetaVersion(BDictionary info)
        {
            BInteger? version = info.Get<BInteger>("meta version");
            if (version is null || version.Value == 1)
            {
                return false;
            }

            if (version.Value != 2)
            {
                throw new MetainfoException("info.meta version", $"version {version.Value} is not supported");
            }

            if (!info.ContainsKey("pieces"))
            {
                throw new MetainfoException("info.meta version", "v2-only torrents (BEP 52) are not supported yet; only v1 and hybrid torrents can be loaded");
            }

            return true;
        }

        private static List<FileEntry> SingleFile(BDictionary info, string name)
        {
            long length = Require<BInteger>(info, "length", "info.length", "an integer").Value;
            if (length < 0)
            {
                throw new MetainfoException("info.length", $"{length} is negative");
            }

            return new List<FileEntry> { new FileEntry(new[] { name }, name, length, info.Get<BString>("attr")?.Text ?? string.Empty) };
        }

        private static List<FileEntry> MultiFile(BDictionary info, string name, string? encoding, List<string> warnings)
        {
            BList files = Require<BList>(info, "files", "info.files", "a list");
            if (files.Count == 0)
            {
                throw new MetainfoException("info.files", "the file list is empty");
            }

            var entries = new List<FileEntry>(files.Count);
            var collisions = new PathCollisions();
            var known = new PathSegmentCache();
            for (int i = 0; i < files.Count; i++)
            {
                // Field names are built only for an error or a warning: a torrent of many files would
                // otherwise format a few strings per file that nobody reads.
                if (files[i] is not BDictionary file)
                {
                    throw new MetainfoException(FileField(i), "is not a dictionary");
                }

                if (!file.TryGetValue("length", out BValue? lengthValue))
                {
                    throw new MetainfoException(FileField(i) + ".length", "is missing");
                }

                long length = (lengthValue as BInteger ?? throw new MetainfoException(FileField(i) + ".length", "is not an integer")).Value;
                if (length < 0)
                {
                    throw new MetainfoException(FileField(i) + ".length", $"{length} is negative");
                }

                string attributes = file.Get<BString>("attr")?.Text ?? string.Empty;
                bool padding = attributes.IndexOf('p') >= 0;

                // BEP 47 padding files never reach the disk, so a missing path is harmless; give them the
                // conventional .pad/<size> name and keep them out of collision checks (many share a name).
                string[] fullPath = padding && !file.ContainsKey("path") && !file.ContainsKey("path.utf-8")
                    ? new[] { name, ".pad", length.ToString(CultureInfo.InvariantCulture) }
                    : ReadPath(file, i, name, encoding, known, warnings);
                string path = string.Join("/", fullPath);
                if (!padding)
                {
                    collisions.Add(path, i);
                }

                entries.Add(new FileEntry(fullPath, path, length, attributes));
            }

            return entries;
        }

        private static string FileField(int index) => string.Format(CultureInfo.InvariantCulture, "info.files[{0}]", index);

        /// <summary>The file's path under the torrent's name: element 0 is <paramref name="name"/>, the rest are its checked segments.</summary>
        private static string[] ReadPath(BDictionary file, int fileIndex, string name, string? encoding, PathSegmentCache known, List<string> warnings)
        {
            string key = file.Get<BList>("path.utf-8") is not null ? "path.utf-8" : "path";
            if (!file.TryGetValue(key, out BValue? value))
            {
                throw new MetainfoException($"{FileField(fileIndex)}.{key}", "is missing");
            }

            BList path = value as BList ?? throw new MetainfoException($"{FileField(fileIndex)}.{key}", "is not a list of strings");
            if (path.Count == 0)
            {
                throw new MetainfoException($"{FileField(fileIndex)}.{key}", "the path is empty");
            }

            if (path.Count > PathSegmentRules.MaxDepth)
            {
                throw new MetainfoException($"{FileField(fileIndex)}.{key}", $"the path is deeper than {PathSegmentRules.MaxDepth} folders");
            }

            string? segmentEncoding = key.EndsWith(".utf-8", StringComparison.Ordinal) ? null : encoding;
            var segments = new string[path.Count + 1];
            segments[0] = name;
            for (int j = 0; j < path.Count; j++)
            {
                FieldName field = FieldName.PathSegment(fileIndex, key, j);
                if (path[j] is not BString segment)
                {
                    throw new MetainfoException(field.ToString(), "is not a string");
                }

                if (known.TryGet(j, segment.Bytes.Span, out string same))
                {
                    segments[j + 1] = same;
                    continue;
                }

                // Most names are valid UTF-8 and pass the rules: only a problem needs the field's name.
                bool valid = segment.TryGetText(out string utf8);
                int warningCount = warnings.Count;
                string text = PathSegmentRules.Check(valid ? utf8 : Decode(segment, field.ToString(), segmentEncoding, warnings), field, warnings);
                segments[j + 1] = text;
                if (valid && warnings.Count == warningCount)
                {
                    known.Remember(j, segment.Bytes, text);
                }
                else
                {
                    known.Forget(j);
                }
            }

            return segments;
        }

        private static (IReadOnlyList<TorrentFile> Layout, long TotalSize) Lay(List<FileEntry> entries, int pieceLength)
        {
            var layout = new TorrentFile[entries.Count];
            long offset = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                FileEntry entry = entries[i];
                int firstPiece = (int)Math.Min(int.MaxValue, offset / pieceLength);
                long end = entry.Length == 0 ? offset : offset + entry.Length - 1;
                int lastPiece = (int)Math.Min(int.MaxValue, end / pieceLength);
                layout[i] = new TorrentFile(i, entry.Segments, entry.Path, entry.Length, offset, firstPiece, lastPiece, entry.Attributes);
                try
                {
                    offset = checked(offset + entry.Length);
                }
                catch (OverflowException)
                {
                    throw new MetainfoException($"info.files[{i}].length", "the total size overflows 64 bits");
                }
            }

            if (offset == 0)
            {
                throw new MetainfoException("info", "the torrent holds no data (total size is 0)");
            }

            return (layout, offset);
        }

        private static void CheckPieceCount(long totalSize, long pieceLength, int hashCount)
        {
            long expected = (totalSize / pieceLength) + (totalSize % pieceLength == 0 ? 0 : 1);
            if (expected != hashCount)
            {
                throw new MetainfoException("info.pieces", $"holds {hashCount} piece hashes but {totalSize} bytes in pieces of {pieceLength} need {expected}");
            }
        }

        private static List<IReadOnlyList<string>> ReadTrackers(BDictionary root)
        {
            var tiers = new List<IReadOnlyList<string>>();
            if (root.TryGetValue("announce-list", out BValue? value))
            {
                if (value is not BList list)
                {
                    throw new MetainfoException("announce-list", "is not a list of tiers");
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0; i < list.Count; i++)
                {
                    if (list[i] is not BList tier)
                    {
                        throw new MetainfoException($"announce-list[{i}]", "is not a list of tracker URLs");
                    }

                    var urls = new List<string>();
                    for (int j = 0; j < tier.Count; j++)
                    {
                        if (tier[j] is not BString url)
                        {
                            throw new MetainfoException($"announce-list[{i}][{j}]", "is not a string");
                        }

                        string trimmed = url.Text.Trim();
                        if (trimmed.Length > 0 && seen.Add(trimmed))
                        {
                            urls.Add(trimmed);
                        }
                    }

                    if (urls.Count > 0)
                    {
                        tiers.Add(urls);
                    }
                }
            }

            // BEP 12: when announce-list is present and usable, announce is ignored.
            if (tiers.Count == 0 && root.TryGetValue("announce", out BValue? announce))
            {
                string url = (announce as BString ?? throw new MetainfoException("announce", "is not a string")).Text.Trim();
                if (url.Length > 0)
                {
                    tiers.Add(new[] { url });
                }
            }

            return tiers;
        }

        private static List<string> ReadWebSeeds(BDictionary root)
        {
            var seeds = new List<string>();
            if (!root.TryGetValue("url-list", out BValue? value))
            {
                return seeds;
            }

            IEnumerable<BValue> items = value switch
            {
                BString single => new[] { single },
                BList list => list,
                _ => throw new MetainfoException("url-list", "is neither a string nor a list of strings"),
            };
            foreach (BValue item in items)
            {
                string url = (item as BString ?? throw new MetainfoException("url-list", "holds something that is not a string")).Text.Trim();
                if (url.Length > 0 && !seeds.Contains(url))
                {
                    seeds.Add(url);
                }
            }

            return seeds;
        }

        private static DateTimeOffset? ReadCreationDate(BDictionary root, List<string> warnings)
        {
            BInteger? seconds = root.Get<BInteger>("creation date");
            if (seconds is null)
            {
                return null;
            }

            // 253402300799 is 9999-12-31T23:59:59Z, the last moment DateTimeOffset can hold.
            if (seconds.Value < 0 || seconds.Value > 253402300799L)
            {
                warnings.Add($"creation date: {seconds.Value} is not a valid Unix time and was ignored.");
                return null;
            }

            return DateTimeOffset.FromUnixTimeSeconds(seconds.Value);
        }

        private static string? OptionalText(BDictionary dictionary, string key, string? encoding, List<string> warnings)
        {
            if (dictionary.Get<BString>(key + ".utf-8") is BString utf8)
            {
                return Decode(utf8, key + ".utf-8", null, warnings);
            }

            return dictionary.Get<BString>(key) is BString text ? Decode(text, key, encoding, warnings) : null;
        }

        private static string ReadText(BDictionary dictionary, string key, string field, string? encoding, List<string> warnings)
        {
            if (dictionary.Get<BString>(key + ".utf-8") is BString utf8)
            {
                return Decode(utf8, field + ".utf-8", null, warnings);
            }

            return Decode(Require<BString>(dictionary, key, field, "a string"), field, encoding, warnings);
        }

        /// <summary>UTF-8 first (BEP 3 says strings are UTF-8); otherwise the torrent's declared encoding; otherwise a lossy decode and a warning.</summary>
        private static string Decode(BString value, string field, string? encoding, List<string> warnings)
        {
            if (value.TryGetText(out string text))
            {
                return text;
            }

            if (encoding is not null)
            {
                try
                {
                    return value.Decode(System.Text.Encoding.GetEncoding(encoding));
                }
                catch (ArgumentException)
                {
                }
            }

            warnings.Add($"{field}: not valid UTF-8; unreadable bytes were replaced with U+FFFD.");
            return value.Text;
        }

        private static T Require<T>(BDictionary dictionary, string key, string field, string expected)
            where T : BValue
        {
            if (!dictionary.TryGetValue(key, out BValue? value))
            {
                throw new MetainfoException(field, "is missing");
            }

            return value as T ?? throw new MetainfoException(field, $"is not {expected}");
        }

        private readonly struct FileEntry
        {
            public FileEntry(string[] segments, string path, long length, string attributes)
            {
                Segments = segments;
                Path = path;
                Length = length;
                Attributes = attributes;
            }

            public string[] Segments { get; }

            /// <summary>The segments joined with '/', computed once for the collision check and the file's Path.</summary>
            public string Path { get; }

            public long Length { get; }

            public string Attributes { get; }
        }
    }
}
