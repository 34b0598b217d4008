using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Storage;

public sealed class TorrentStorageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Files around piece boundaries, an empty file, padding files before and after a file, a nested folder.</summary>
    private static StorageTestTorrent PaddedTorrent() => StorageTestTorrent.MultiFile(
        1024,
        11,
        new("a.bin", 1500),
        TestFileSpec.Pad(548),
        new("sub/b.bin", 3000),
        new("sub/empty.txt", 0),
        new("c.bin", 7),
        TestFileSpec.Pad(17),
        new("deep/er/d.bin", 2100));

    [Fact]
    public async Task Verified_pieces_land_in_the_right_files_at_the_right_offsets_and_padding_never_reaches_disk()
    {
        StorageTestTorrent torrent = PaddedTorrent();
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path);

        foreach (int piece in Enumerable.Range(0, torrent.Info.PieceCount).Reverse())
        {
            Assert.True(await storage.TryWriteVerifiedPieceAsync(piece, torrent.Piece(piece)));
        }

        await storage.FlushAsync();
        storage.Dispose();

        string[] expected = ["root/a.bin", "root/c.bin", "root/deep/er/d.bin", "root/sub/b.bin", "root/sub/empty.txt"];
        Assert.Equal(expected, _folder.ListFiles());
        Assert.False(Directory.Exists(_folder.Combine("root", ".pad")));
        foreach (TorrentFile file in torrent.Info.Files)
        {
            Assert.Equal(torrent.FileContent(file), File.ReadAllBytes(StorageTestTorrent.PathOf(_folder.Path, file)));
        }
    }

    [Fact]
    public async Task Pieces_written_concurrently_in_any_order_produce_the_same_files()
    {
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(512, 12, new("x", 5000), new("y", 1), new("z", 4321));
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path);

        bool[] results = await Task.WhenAll(Enumerable.Range(0, torrent.Info.PieceCount)
            .OrderBy(i => (i * 7919) % 13)
            .Select(i => storage.TryWriteVerifiedPieceAsync(i, torrent.Piece(i))));

        Assert.All(results, Assert.True);
        storage.Dispose();
        foreach (TorrentFile file in torrent.Info.Files)
        {
            Assert.Equal(torrent.FileContent(file), File.ReadAllBytes(StorageTestTorrent.PathOf(_folder.Path, file)));
        }
    }

    [Fact]
    public async Task Pieces_and_blocks_read_back_as_written_with_padding_as_zeros()
    {
        StorageTestTorrent torrent = PaddedTorrent();
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path);
        for (int piece = 0; piece < torrent.Info.PieceCount; piece++)
        {
            await storage.TryWriteVerifiedPieceAsync(piece, torrent.Piece(piece));
        }

        for (int piece = 0; piece < torrent.Info.PieceCount; piece++)
        {
            var buffer = new byte[torrent.Info.GetPieceSize(piece)];
            Array.Fill(buffer, (byte)0xAA); // padding must be overwritten with zeros, not left as it was
            await storage.ReadAsync(piece, 0, buffer);
            Assert.Equal(torrent.Piece(piece), buffer);
        }

        // Odd blocks across file and padding boundaries, into a slice of a larger buffer.
        foreach ((int piece, int offset, int length) in new[] { (1, 400, 624), (1, 0, 1), (4, 1000, 24), (5, 0, 1024), (7, 1, 3) })
        {
            var big = new byte[length + 10];
            await storage.ReadAsync(piece, offset, big.AsMemory(5, length));
            Assert.Equal(torrent.Piece(piece).AsSpan(offset, length).ToArray(), big.AsSpan(5, length).ToArray());
        }
    }

    [Fact]
    public async Task A_corrupt_piece_is_rejected_and_never_written()
    {
        StorageTestTorrent torrent = PaddedTorrent();
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path);
        byte[] corrupt = torrent.Piece(2);
        corrupt[100] ^= 0xFF;

        Assert.False(await storage.TryWriteVerifiedPieceAsync(2, corrupt));
        Assert.False(await storage.TryWriteVerifiedPieceAsync(2, torrent.Piece(2).AsMemory(0, 1000)));
        Assert.Empty(_folder.ListFiles()); // not even the empty file: nothing was accepted yet

        Assert.True(await storage.TryWriteVerifiedPieceAsync(0, torrent.Piece(0)));
        Assert.False(await storage.TryWriteVerifiedPieceAsync(3, torrent.Piece(2)));
        storage.Dispose();

        // Piece 0 is a.bin's first 1024 bytes: the file was not extended by the rejected pieces.
        Assert.Equal(torrent.Piece(0), File.ReadAllBytes(_folder.Combine("root", "a.bin")));
        Assert.False(File.Exists(_folder.Combine("root", "sub", "b.bin")));
    }

    [Fact]
    public async Task A_single_file_torrent_is_written_as_one_file_named_after_the_torrent()
    {
        StorageTestTorrent torrent = StorageTestTorrent.SingleFile(10_000, 4096, 13);
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path);
        for (int piece = 0; piece < torrent.Info.PieceCount; piece++)
        {
            Assert.True(await storage.TryWriteVerifiedPieceAsync(piece, torrent.Piece(piece)));
        }

        storage.Dispose();
        string[] expected = ["single.bin"];
        Assert.Equal(expected, _folder.ListFiles());
        Assert.Equal(torrent.Content, File.ReadAllBytes(_folder.Combine("single.bin")));
    }

    [Fact]
    public async Task Open_handles_stay_within_the_bound()
    {
        var files = Enumerable.Range(0, 12).Select(i => new TestFileSpec($"f{i:00}", 300)).ToArray();
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(256, 14, files);
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path, new StorageOptions { MaxOpenFiles = 3 });

        for (int piece = 0; piece < torrent.Info.PieceCount; piece++)
        {
            Assert.True(await storage.TryWriteVerifiedPieceAsync(piece, torrent.Piece(piece)));
            Assert.InRange(storage.OpenFileCount, 1, 3);
        }

        for (int piece = torrent.Info.PieceCount - 1; piece >= 0; piece--)
        {
            var buffer = new byte[torrent.Info.GetPieceSize(piece)];
            await storage.ReadAsync(piece, 0, buffer);
            Assert.Equal(torrent.Piece(piece), buffer);
            Assert.InRange(storage.OpenFileCount, 1, 3);
        }
    }

    [Fact]
    public async Task Flush_reaches_every_written_file_even_after_the_cache_closed_its_handle()
    {
        var files = Enumerable.Range(0, 4).Select(i => new TestFileSpec($"f{i}", 100)).ToArray();
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(100, 21, files);
        var flushes = new List<string>();
        var options = new StorageOptions
        {
            MaxOpenFiles = 1,
            OpenStream = (path, mode, access) => new FailingStream(new FileStream(path, mode, access, FileShare.ReadWrite), long.MaxValue, () => flushes.Add(Path.GetFileName(path))),
        };
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path, options);
        foreach (int piece in new[] { 0, 2, 3 })
        {
            Assert.True(await storage.TryWriteVerifiedPieceAsync(piece, torrent.Piece(piece)));
        }

        Assert.Equal(1, storage.OpenFileCount);
        await storage.FlushAsync();
        string[] written = ["f0", "f2", "f3"];
        Assert.Equal(written, flushes.Order());

        flushes.Clear();
        await storage.FlushAsync();
        Assert.Empty(flushes); // nothing written since
    }

    [Fact]
    public async Task Data_already_on_disk_can_be_read_then_completed()
    {
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(1000, 15, new("a", 2000), new("b", 2000));
        torrent.WriteAllFiles(_folder.Path);
        File.WriteAllBytes(_folder.Combine("root", "b"), new byte[2000]); // b is all zeros: its pieces need rewriting

        await using var storage = new TorrentStorage(torrent.Info, _folder.Path);
        var buffer = new byte[1000];
        await storage.ReadAsync(0, 0, buffer); // opens a read-only handle on a
        Assert.Equal(torrent.Piece(0), buffer);
        await storage.ReadAsync(2, 0, buffer); // and on b
        Assert.Equal(new byte[1000], buffer);

        Assert.True(await storage.TryWriteVerifiedPieceAsync(2, torrent.Piece(2))); // reopens b for writing
        Assert.True(await storage.TryWriteVerifiedPieceAsync(3, torrent.Piece(3)));
        await storage.ReadAsync(3, 0, buffer);
        Assert.Equal(torrent.Piece(3), buffer);
        storage.Dispose();

        Assert.Equal(torrent.FileContent(torrent.Info.Files[1]), File.ReadAllBytes(_folder.Combine("root", "b")));
    }

    [Fact]
    public async Task Reading_a_missing_or_short_file_names_the_file()
    {
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(1000, 16, new("a", 1500), new("b", 1500));
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path);

        var missing = await Assert.ThrowsAsync<StorageException>(() => storage.ReadAsync(0, 0, new byte[1000]));
        Assert.Equal(StorageErrorKind.NotFound, missing.Kind);
        Assert.Equal(_folder.Combine("root", "a"), missing.Path);
        Assert.Contains(_folder.Combine("root", "a"), missing.Message);
        Assert.Contains("read piece 0", missing.Message);

        Directory.CreateDirectory(_folder.Combine("root"));
        File.WriteAllBytes(_folder.Combine("root", "a"), new byte[1200]);
        var shortFile = await Assert.ThrowsAsync<StorageException>(() => storage.ReadAsync(1, 0, new byte[1000]));
        Assert.Equal(StorageErrorKind.MissingData, shortFile.Kind);
        Assert.Equal(_folder.Combine("root", "a"), shortFile.Path);
        Assert.Contains("ends at byte 1200", shortFile.Message);
        Assert.False(File.Exists(_folder.Combine("root", "b"))); // reading never creates files
    }

    [Fact]
    public async Task A_full_disk_is_a_storage_error_naming_the_file_and_earlier_pieces_stay_intact()
    {
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(1000, 17, new("a", 1000), new("b", 3000));
        string bPath = _folder.Combine("root", "b");
        var options = new StorageOptions
        {
            // b's disk fills up after 1500 bytes; a's is fine.
            OpenStream = (path, mode, access) =>
            {
                var file = new FileStream(path, mode, access, FileShare.ReadWrite);
                return path == bPath ? new FailingStream(file, 1500) : file;
            },
        };
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path, options);

        Assert.True(await storage.TryWriteVerifiedPieceAsync(0, torrent.Piece(0)));
        Assert.True(await storage.TryWriteVerifiedPieceAsync(1, torrent.Piece(1)));
        var full = await Assert.ThrowsAsync<StorageException>(() => storage.TryWriteVerifiedPieceAsync(2, torrent.Piece(2)));

        Assert.Equal(StorageErrorKind.DiskFull, full.Kind);
        Assert.Equal(bPath, full.Path);
        Assert.StartsWith($"Cannot write piece 2 (1000 bytes at file offset 1000) to '{bPath}': the disk is full", full.Message);

        // The storage still serves what was verified before the failure.
        var buffer = new byte[1000];
        await storage.ReadAsync(0, 0, buffer);
        Assert.Equal(torrent.Piece(0), buffer);
        await storage.ReadAsync(1, 0, buffer);
        Assert.Equal(torrent.Piece(1), buffer);
    }

    [Fact]
    public async Task A_path_that_cannot_be_created_is_a_storage_error_naming_the_file()
    {
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(1000, 18, new TestFileSpec("sub/a", 1000));
        File.WriteAllText(_folder.Combine("root"), "a file where the torrent's folder should be");
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path);

        var error = await Assert.ThrowsAsync<StorageException>(() => storage.TryWriteVerifiedPieceAsync(0, torrent.Piece(0)));

        Assert.Equal(_folder.Combine("root", "sub", "a"), error.Path);
        Assert.Contains(_folder.Combine("root", "sub", "a"), error.Message);
        Assert.Contains("write piece 0", error.Operation);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public async Task A_file_name_longer_than_the_file_system_allows_is_a_path_error()
    {
        // Every name is within the metainfo limit (255 bytes), but together they pass Linux's 4096-byte PATH_MAX.
        string name = string.Join("/", Enumerable.Range(0, 20).Select(i => new string((char)('a' + i), 250)));
        StorageTestTorrent torrent = StorageTestTorrent.MultiFile(1000, 19, new TestFileSpec(name, 10));
        await using var storage = new TorrentStorage(torrent.Info, _folder.Path);

        var error = await Assert.ThrowsAsync<StorageException>(() => storage.TryWriteVerifiedPieceAsync(0, torrent.Piece(0)));

        Assert.Equal(StorageErrorKind.PathTooLong, error.Kind);
        Assert.EndsWith(name.Replace('/', Path.DirectorySeparatorChar), error.Path);
    }

    [Fact]
    public void Paths_that_would_leave_the_download_folder_are_refused()
    {
        var escaping = new TorrentFile(0, ["root", "..", "..", "etc", "passwd"], 10, 0, 0, 0, string.Empty);
        var rooted = new TorrentFile(1, ["root", "/tmp/x"], 10, 0, 0, 0, string.Empty);

        var up = Assert.Throws<StorageException>(() => StoragePaths.Resolve(_folder.Path, escaping));
        var abs = Assert.Throws<StorageException>(() => StoragePaths.Resolve(_folder.Path, rooted));

        Assert.Equal(StorageErrorKind.UnsafePath, up.Kind);
        Assert.Contains("outside the download folder", up.Message);
        Assert.Equal(StorageErrorKind.UnsafePath, abs.Kind);
        Assert.Equal(_folder.Combine("root", "a"), StoragePaths.Resolve(_folder.Path + "/", new TorrentFile(0, ["root", "a"], 1, 0, 0, 0, string.Empty)));
    }

    [Fact]
    public async Task A_disposed_storage_refuses_work()
    {
        StorageTestTorrent torrent = StorageTestTorrent.SingleFile(100, 64, 20);
        var storage = new TorrentStorage(torrent.Info, _folder.Path);
        Assert.True(await storage.TryWriteVerifiedPieceAsync(0, torrent.Piece(0)));
        storage.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.TryWriteVerifiedPieceAsync(1, torrent.Piece(1)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.ReadAsync(0, 0, new byte[10]));
        Assert.Equal(0, storage.OpenFileCount);
    }
}
