using TorrentPS.Bencode;
using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Storage;

public sealed class ResumeStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly StorageTestTorrent _torrent = StorageTestTorrent.MultiFile(
        1000, 31, new("a", 2500), TestFileSpec.Pad(500), new("b", 3000), new("empty", 0), new("c", 1200));

    public void Dispose() => _folder.Dispose();

    private ResumeStore Store => ResumeStore.ForDestination(_folder.Path);

    private string ResumePath => Store.GetPath(_torrent.Info.InfoHash);

    /// <summary>Downloads pieces 0-3 and 5 through the storage, flushes, and saves resume data: what a session does on stop.</summary>
    private async Task<ResumeData> DownloadSomeAndSaveAsync()
    {
        await using (var storage = new TorrentStorage(_torrent.Info, _folder.Path))
        {
            foreach (int piece in new[] { 0, 1, 2, 3, 5 })
            {
                Assert.True(await storage.TryWriteVerifiedPieceAsync(piece, _torrent.Piece(piece)));
            }

            await storage.FlushAsync();
        }

        ResumeData data = ResumeData.Capture(_torrent.Info, _folder.Path, PieceSet.FromIndexes(_torrent.Info.PieceCount, [0, 1, 2, 3, 5]));
        Store.Save(data);
        return data;
    }

    [Fact]
    public async Task Saved_resume_data_loads_back_with_the_same_pieces_and_stamps()
    {
        ResumeData saved = await DownloadSomeAndSaveAsync();

        ResumeLoadResult result = Store.Load(_torrent.Info, _folder.Path);

        Assert.Equal(ResumeLoadStatus.Loaded, result.Status);
        Assert.Null(result.Warning);
        ResumeData loaded = result.Data!;
        Assert.Equal(saved.VerifiedPieces.GetPieces(), loaded.VerifiedPieces.GetPieces());
        Assert.Equal(saved.Files, loaded.Files);
        Assert.Equal(_torrent.Info.InfoHash, loaded.InfoHash);
        Assert.Equal((1000, 8, 7200L, 1), (loaded.PieceLength, loaded.PieceCount, loaded.TotalSize, loaded.FormatVersion));
        Assert.Equal(-1, loaded.Files.Single(f => f.Path == "root/c").Length); // c had no verified piece: never created

        // The verified pieces agree with an actual check of the data.
        DataCheckResult check = await DataChecker.CheckAsync(_torrent.Info, _folder.Path);
        Assert.Equal(check.VerifiedPieces.GetPieces(), loaded.VerifiedPieces.GetPieces());
    }

    [Fact]
    public async Task The_resume_file_lives_under_the_download_folder_and_is_canonical_bencode()
    {
        await DownloadSomeAndSaveAsync();

        Assert.Equal(Path.Combine(_folder.Path, ".torrentps", _torrent.Info.InfoHash + ".resume"), ResumePath);
        byte[] bytes = File.ReadAllBytes(ResumePath);
        BDictionary root = BencodeDecoder.DecodeDictionary(bytes);
        Assert.Equal(bytes, BencodeEncoder.Encode(root));
        Assert.Equal("torrentps-resume", root.Get<BString>("format")!.Text);
        Assert.Equal(new byte[] { 0b1111_0100 }, root.Get<BString>("pieces")!.Bytes.ToArray());
        Assert.Equal(4, root.Get<BList>("files")!.Count);
        Assert.Empty(Directory.GetFiles(Store.Folder, "*.tmp"));
    }

    [Fact]
    public void No_resume_file_is_not_found_not_an_error()
    {
        ResumeLoadResult result = Store.Load(_torrent.Info, _folder.Path);

        Assert.Equal(ResumeLoadStatus.NotFound, result.Status);
        Assert.Null(result.Data);
        Assert.Equal(ResumePath, result.Path);
    }

    public static TheoryData<string, string> Corruptions() => new()
    {
        { "garbage", "it is not valid bencode (Invalid bencode at byte 0" },
        { "truncated", "it is not valid bencode" },
        { "list", "it is not valid bencode" },
        { "no format", "it is not a TorrentPS resume file" },
        { "version 2", "its format version 2 is not supported (this version reads 1)" },
        { "version text", "its 'version' is missing or not an integer" },
        { "other torrent", "it belongs to another torrent (info-hash 0101010101010101010101010101010101010101, expected " },
        { "short info-hash", "its 'info-hash' is missing or not 20 bytes" },
        { "piece count", "its 'piece count' is 9; the torrent's is 8" },
        { "piece length", "its 'piece length' is 2000; the torrent's is 1000" },
        { "total size", "its 'total size' is 7199; the torrent's is 7200" },
        { "bitfield too long", "its 'pieces' is wrong: the bitfield is 2 bytes; 8 pieces need 1" },
        { "no bitfield", "its 'pieces' bitfield is missing or not a string" },
        { "file count", "it lists 3 files; the torrent has 4" },
        { "file path", "its 'files[1].path' does not name the torrent's file 'root/b'" },
        { "file length missing", "its 'files[0].length' is missing or not an integer" },
        { "negative time", "its 'files[0]' has an impossible length or time" },
        { "size changed", "'root/a' changed size since it was written (2000 bytes then, 2500 now)" },
        { "time changed", "'root/a' was modified since it was written (last written 2001-02-03T04:05:06.0000000Z then, " },
        { "deleted", "'root/b' was deleted since it was written" },
        { "appeared", "'root/c' appeared since it was written" },
        { "claims too much", "it marks piece 7 verified, but 'root/c' is too short to hold it" },
        { "huge", "bytes; resume data for this torrent is at most " },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task Each_corruption_or_staleness_is_ignored_with_its_reason(string corruption, string reason)
    {
        await DownloadSomeAndSaveAsync();
        Corrupt(corruption);

        ResumeLoadResult result = Store.Load(_torrent.Info, _folder.Path);

        Assert.Equal(ResumeLoadStatus.Ignored, result.Status);
        Assert.Null(result.Data);
        Assert.Contains(reason, result.Reason);
        Assert.Equal($"Resume file '{ResumePath}' ignored: {result.Reason}. The data will be checked again.", result.Warning);
    }

    [Fact]
    public async Task A_save_that_fails_midway_leaves_the_previous_file_intact_and_no_temporary_file()
    {
        await DownloadSomeAndSaveAsync();
        byte[] before = File.ReadAllBytes(ResumePath);
        var failing = new ResumeStore(Store.Folder, path => new FailingStream(new FileStream(path, FileMode.CreateNew, FileAccess.Write), 10));
        ResumeData newer = ResumeData.Capture(_torrent.Info, _folder.Path, PieceSet.FromIndexes(_torrent.Info.PieceCount, [0, 1, 2, 3, 4, 5]));

        var error = Assert.Throws<StorageException>(() => failing.Save(newer));

        Assert.Equal(StorageErrorKind.DiskFull, error.Kind);
        Assert.Equal(ResumePath, error.Path);
        Assert.StartsWith($"Cannot save '{ResumePath}': the disk is full", error.Message);
        Assert.Equal(before, File.ReadAllBytes(ResumePath));
        Assert.Equal(new[] { ResumePath }, Directory.GetFiles(Store.Folder));
        Assert.Equal(ResumeLoadStatus.Loaded, Store.Load(_torrent.Info, _folder.Path).Status);
    }

    [Fact]
    public async Task A_save_replaces_the_previous_file()
    {
        await DownloadSomeAndSaveAsync();
        await Store.SaveAsync(ResumeData.Capture(_torrent.Info, _folder.Path, PieceSet.FromIndexes(_torrent.Info.PieceCount, [1])));

        ResumeLoadResult result = await Store.LoadAsync(_torrent.Info, _folder.Path);

        Assert.Equal([1], result.Data!.VerifiedPieces.GetPieces().ToArray());
        Assert.Single(Directory.GetFiles(Store.Folder));
    }

    [Fact]
    public void A_resume_folder_that_cannot_be_created_is_a_storage_error_naming_the_resume_file()
    {
        File.WriteAllText(Path.Combine(_folder.Path, ".torrentps"), "not a folder");
        ResumeData data = ResumeData.Capture(_torrent.Info, _folder.Path, PieceSet.Empty(_torrent.Info.PieceCount));

        var error = Assert.Throws<StorageException>(() => Store.Save(data));

        Assert.Equal(ResumePath, error.Path);
        Assert.Contains(ResumePath, error.Message);
    }

    [Fact]
    public async Task Delete_removes_the_resume_file()
    {
        await DownloadSomeAndSaveAsync();

        Assert.True(Store.Delete(_torrent.Info.InfoHash));
        Assert.False(Store.Delete(_torrent.Info.InfoHash));
        Assert.Equal(ResumeLoadStatus.NotFound, Store.Load(_torrent.Info, _folder.Path).Status);
    }

    [Fact]
    public void A_store_in_a_settings_folder_keeps_files_there()
    {
        string settings = _folder.Combine("settings", "resume");
        var store = new ResumeStore(settings);
        store.Save(ResumeData.Capture(_torrent.Info, _folder.Path, PieceSet.Empty(_torrent.Info.PieceCount)));

        Assert.True(File.Exists(Path.Combine(settings, _torrent.Info.InfoHash + ".resume")));
        Assert.Equal(ResumeLoadStatus.Loaded, store.Load(_torrent.Info, _folder.Path).Status);
    }

    private void Corrupt(string corruption)
    {
        string a = _folder.Combine("root", "a");
        switch (corruption)
        {
            case "garbage":
                File.WriteAllBytes(ResumePath, "\x00\x01 not bencode"u8.ToArray());
                return;
            case "truncated":
                byte[] bytes = File.ReadAllBytes(ResumePath);
                File.WriteAllBytes(ResumePath, bytes[..(bytes.Length / 2)]);
                return;
            case "list":
                File.WriteAllBytes(ResumePath, "li1ei2ee"u8.ToArray());
                return;
            case "huge":
                File.WriteAllBytes(ResumePath, new byte[1_000_000]);
                return;
            case "size changed":
                Rewrite(d => d["files"] = ReplaceFile(d, 0, "length", new BInteger(2000)));
                return;
            case "time changed":
                Rewrite(d => d["files"] = ReplaceFile(d, 0, "mtime", new BInteger(new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).Ticks)));
                return;
            case "deleted":
                File.Delete(_folder.Combine("root", "b"));
                return;
            case "appeared":
                File.WriteAllBytes(_folder.Combine("root", "c"), new byte[1200]);
                return;
            case "claims too much":
                Rewrite(d => d["pieces"] = new BString(new byte[] { 0b1111_0101 }));
                return;
        }

        Rewrite(d =>
        {
            switch (corruption)
            {
                case "no format": d.Remove("format"); break;
                case "version 2": d["version"] = new BInteger(2); break;
                case "version text": d["version"] = new BString("1"); break;
                case "other torrent": d["info-hash"] = new BString(Enumerable.Repeat((byte)1, 20).ToArray()); break;
                case "short info-hash": d["info-hash"] = new BString(new byte[19]); break;
                case "piece count": d["piece count"] = new BInteger(9); break;
                case "piece length": d["piece length"] = new BInteger(2000); break;
                case "total size": d["total size"] = new BInteger(7199); break;
                case "bitfield too long": d["pieces"] = new BString(new byte[2]); break;
                case "no bitfield": d["pieces"] = new BInteger(0); break;
                case "file count": d["files"] = new BList(((BList)d["files"]).Take(3)); break;
                case "file path": d["files"] = ReplaceFile(d, 1, "path", new BString("root/z")); break;
                case "file length missing": d["files"] = ReplaceFile(d, 0, "length", null); break;
                case "negative time": d["files"] = ReplaceFile(d, 0, "mtime", new BInteger(-5)); break;
                default: throw new ArgumentException(corruption);
            }
        });
        Assert.True(File.Exists(a));
    }

    private void Rewrite(Action<Dictionary<string, BValue>> change)
    {
        BDictionary root = BencodeDecoder.DecodeDictionary(File.ReadAllBytes(ResumePath));
        var entries = root.ToDictionary(e => e.Key.Text, e => e.Value);
        change(entries);
        File.WriteAllBytes(ResumePath, BencodeEncoder.Encode(new BDictionary(entries)));
    }

    private static BList ReplaceFile(Dictionary<string, BValue> root, int index, string key, BValue? value)
    {
        var files = ((BList)root["files"]).ToList();
        var entries = ((BDictionary)files[index]).ToDictionary(e => e.Key.Text, e => e.Value);
        if (value is null)
        {
            entries.Remove(key);
        }
        else
        {
            entries[key] = value;
        }

        files[index] = new BDictionary(entries);
        return new BList(files);
    }
}
