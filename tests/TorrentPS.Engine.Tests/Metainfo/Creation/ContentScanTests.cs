using TorrentPS.Engine.Tests.Storage;

namespace TorrentPS.Engine.Tests.Metainfo.Creation;

public sealed class ContentScanTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_makes_a_single_file_torrent_named_after_it()
    {
        string file = CreationContent.Write(_folder.Path, "movie.mkv", 1234);

        TorrentContent content = TorrentBuilder.Scan(file);

        Assert.True(content.IsSingleFile);
        Assert.Equal("movie.mkv", content.Name);
        Assert.Equal(file, content.RootPath);
        TorrentContentFile only = Assert.Single(content.Files);
        Assert.Equal(("movie.mkv", 1234L, file), (only.Path, only.Length, only.FullPath));
        Assert.Equal(1234, content.TotalSize);
    }

    [Fact]
    public void A_folder_lists_its_files_in_ordinal_UTF8_order_with_empty_files_kept()
    {
        string album = CreationContent.Album(_folder.Path);
        CreationContent.Write(album, "a-b", 3);
        CreationContent.Write(album, "ä.bin", 3);

        TorrentContent content = TorrentBuilder.Scan(album + Path.DirectorySeparatorChar);

        Assert.False(content.IsSingleFile);
        Assert.Equal("album", content.Name);
        // '-' < '.' < '/' < 'Z' < 'a' < 'b' in bytes; "ä" is 0xC3 0xA4, after every ASCII name.
        string[] expected = ["album/Z-upper.bin", "album/a-b", "album/a.txt", "album/a/inner.bin", "album/b.bin", "album/empty", "album/ä.bin"];
        Assert.Equal(expected, content.Files.Select(f => f.Path));
        Assert.Equal(["album", "a", "inner.bin"], content.Files[3].PathSegments);
        Assert.Equal(40_000 + 17 + 20_000 + 16_384 + 6, content.TotalSize);
        Assert.Empty(content.SkippedPaths);
    }

    [Fact]
    public void Hidden_files_hidden_folders_and_OS_junk_are_left_out_unless_asked_for()
    {
        string album = CreationContent.Album(_folder.Path);
        string[] junk =
        [
            CreationContent.Write(album, ".hidden", 5),
            CreationContent.Write(album, ".git/config", 5),
            CreationContent.Write(album, ".DS_Store", 5),
            CreationContent.Write(album, "a/._inner.bin", 5),
            CreationContent.Write(album, "Thumbs.db", 5),
            CreationContent.Write(album, "a/desktop.ini", 5),
        ];

        TorrentContent skipping = TorrentBuilder.Scan(album);
        TorrentContent keeping = TorrentBuilder.Scan(album, new TorrentCreationOptions { IncludeHiddenFiles = true });

        Assert.Equal(5, skipping.Files.Count);
        Assert.DoesNotContain(skipping.Files, f => f.PathSegments.Any(s => s.StartsWith('.') || s is "Thumbs.db" or "desktop.ini"));
        // A hidden folder is one entry; its contents are not listed.
        string[] skipped = [.. junk.Where(p => !p.Contains(".git", StringComparison.Ordinal)), Path.Combine(album, ".git")];
        Assert.Equal(skipped.Order(StringComparer.Ordinal), skipping.SkippedPaths.Order(StringComparer.Ordinal));
        Assert.Equal(11, keeping.Files.Count);
        Assert.Contains(keeping.Files, f => f.Path == "album/.git/config");
    }

    [Fact]
    public void The_root_itself_is_kept_even_when_its_name_is_hidden()
    {
        string file = CreationContent.Write(_folder.Path, ".bashrc", 10);

        Assert.Equal(".bashrc", TorrentBuilder.Scan(file).Name);
    }

    [Fact]
    public void Excluded_paths_such_as_the_torrent_being_written_are_left_out()
    {
        string album = CreationContent.Album(_folder.Path);
        string output = CreationContent.Write(album, "album.torrent", 100);

        TorrentContent content = TorrentBuilder.Scan(album, new TorrentCreationOptions { ExcludedPaths = [output] });

        Assert.DoesNotContain(content.Files, f => f.FullPath == output);
        Assert.Equal([output], content.SkippedPaths);
    }

    [Fact]
    public void Symbolic_links_to_files_and_folders_are_followed()
    {
        string album = CreationContent.Album(_folder.Path);
        string outside = CreationContent.Write(_folder.Path, "elsewhere/extra.bin", 321);
        File.CreateSymbolicLink(Path.Combine(album, "linked.bin"), outside);
        Directory.CreateSymbolicLink(Path.Combine(album, "linked-folder"), Path.GetDirectoryName(outside)!);

        TorrentContent content = TorrentBuilder.Scan(album);

        Assert.Contains(content.Files, f => f.Path == "album/linked.bin" && f.Length == 321);
        Assert.Contains(content.Files, f => f.Path == "album/linked-folder/extra.bin" && f.Length == 321);
    }

    [Fact]
    public void A_symbolic_link_back_to_an_ancestor_is_refused_with_its_path()
    {
        string album = CreationContent.Album(_folder.Path);
        string loop = Path.Combine(album, "a", "loop");
        Directory.CreateSymbolicLink(loop, album);

        var error = Assert.Throws<TorrentCreationException>(() => TorrentBuilder.Scan(album));

        Assert.Equal(TorrentCreationErrorKind.SymbolicLinkLoop, error.Kind);
        Assert.Equal(loop, error.Path);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_symbolic_link_is_an_error_naming_it()
    {
        string album = CreationContent.Album(_folder.Path);
        string broken = Path.Combine(album, "gone.bin");
        File.CreateSymbolicLink(broken, Path.Combine(_folder.Path, "does-not-exist"));

        var error = Assert.Throws<TorrentCreationException>(() => TorrentBuilder.Scan(album));

        Assert.Equal((TorrentCreationErrorKind.ReadFailed, broken), (error.Kind, error.Path));
    }

    [Fact]
    public void A_missing_path_is_NotFound_with_the_full_path()
    {
        string missing = _folder.Combine("nothing-here");

        var error = Assert.Throws<TorrentCreationException>(() => TorrentBuilder.Scan(missing));

        Assert.Equal((TorrentCreationErrorKind.NotFound, missing), (error.Kind, error.Path));
        Assert.Equal(missing + ": no such file or folder", error.Message);
    }

    [Fact]
    public void Folders_without_data_are_refused()
    {
        Directory.CreateDirectory(_folder.Combine("empty-folder", "sub"));
        CreationContent.Write(_folder.Path, "zero/a", 0);
        CreationContent.Write(_folder.Path, "only-hidden/.x", 10);

        Assert.Equal(TorrentCreationErrorKind.NoContent, Assert.Throws<TorrentCreationException>(() => TorrentBuilder.Scan(_folder.Combine("empty-folder"))).Kind);
        var zero = Assert.Throws<TorrentCreationException>(() => TorrentBuilder.Scan(_folder.Combine("zero")));
        Assert.Contains("empty", zero.Reason, StringComparison.Ordinal);
        var hidden = Assert.Throws<TorrentCreationException>(() => TorrentBuilder.Scan(_folder.Combine("only-hidden")));
        Assert.Contains("1 hidden or junk", hidden.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_system_root_has_no_name_to_give()
    {
        var error = Assert.Throws<TorrentCreationException>(() => TorrentBuilder.Scan(Path.GetPathRoot(_folder.Path)!));

        Assert.Equal(TorrentCreationErrorKind.InvalidName, error.Kind);
    }

    [Fact]
    public void Names_a_torrent_cannot_carry_are_refused_with_their_path()
    {
        string album = CreationContent.Album(_folder.Path);
        string bad = CreationContent.Write(album, "line\nbreak", 10);

        var error = Assert.Throws<TorrentCreationException>(() => TorrentBuilder.Scan(album));

        Assert.Equal((TorrentCreationErrorKind.InvalidName, bad), (error.Kind, error.Path));
        Assert.Contains("control character", error.Message, StringComparison.Ordinal);
    }
}
