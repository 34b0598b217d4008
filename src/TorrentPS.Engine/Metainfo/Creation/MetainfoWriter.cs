using System;
using System.Collections.Generic;
using System.Linq;
using TorrentPS.Bencode;

namespace TorrentPS.Metainfo.Creation
{
    /// <summary>
    /// Lays out a BEP 3 metainfo dictionary. The info dictionary holds only what identifies the content
    /// (files, name, piece length, pieces, private, source) and no BEP 47 attributes, so the same content,
    /// piece length and flags give the same info-hash as mktorrent.
    /// </summary>
    internal static class MetainfoWriter
    {
        public static byte[] Write(TorrentContent content, int pieceLength, byte[] pieceHashes, TorrentCreationOptions options, DateTimeOffset creationDate)
        {
            var info = new List<KeyValuePair<string, BValue>>();
            if (content.IsSingleFile)
            {
                info.Add(Entry("length", new BInteger(content.TotalSize)));
            }
            else
            {
                info.Add(Entry("files", new BList(content.Files.Select(file => (BValue)new BDictionary(new[]
                {
                    Entry("length", new BInteger(file.Length)),
                    Entry("path", new BList(file.PathSegments.Skip(1).Select(segment => (BValue)new BString(segment)))),
                })))));
            }

            info.Add(Entry("name", new BString(content.Name)));
            info.Add(Entry("piece length", new BInteger(pieceLength)));
            info.Add(Entry("pieces", new BString(pieceHashes)));
            if (options.IsPrivate)
            {
                info.Add(Entry("private", new BInteger(1)));
            }

            if (!string.IsNullOrEmpty(options.Source))
            {
                info.Add(Entry("source", new BString(options.Source!)));
            }

            var torrent = new List<KeyValuePair<string, BValue>>();
            string[] urls = options.Trackers.SelectMany(tier => tier).ToArray();
            if (urls.Length > 0)
            {
                torrent.Add(Entry("announce", new BString(urls[0])));
            }

            // announce-list only when there is a choice to make (BEP 12), as mktorrent and libtorrent write it.
            if (urls.Length > 1)
            {
                torrent.Add(Entry("announce-list", new BList(options.Trackers.Select(tier => (BValue)new BList(tier.Select(url => (BValue)new BString(url)))))));
            }

            if (!string.IsNullOrEmpty(options.Comment))
            {
                torrent.Add(Entry("comment", new BString(options.Comment!)));
            }

            if (!string.IsNullOrEmpty(options.CreatedBy))
            {
                torrent.Add(Entry("created by", new BString(options.CreatedBy!)));
            }

            if (!options.OmitCreationDate)
            {
                torrent.Add(Entry("creation date", new BInteger(creationDate.ToUnixTimeSeconds())));
            }

            torrent.Add(Entry("info", new BDictionary(info)));
            if (options.WebSeeds.Count == 1)
            {
                torrent.Add(Entry("url-list", new BString(options.WebSeeds[0])));
            }
            else if (options.WebSeeds.Count > 1)
            {
                torrent.Add(Entry("url-list", new BList(options.WebSeeds.Select(url => (BValue)new BString(url)))));
            }

            // The encoder writes keys sorted, as bencode requires.
            return BencodeEncoder.Encode(new BDictionary(torrent));
        }

        private static KeyValuePair<string, BValue> Entry(string key, BValue value) => new KeyValuePair<string, BValue>(key, value);
    }
}
